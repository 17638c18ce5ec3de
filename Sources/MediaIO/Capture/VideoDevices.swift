#if canImport(Glibc)
import Glibc
#endif
import CDeviceShims
import CV4L2

/// Finds the cameras on this machine.
public enum VideoDevices {
    /// Every /dev/video* node in numeric order, with formats, sizes and frame rates for capture nodes.
    /// Nodes that cannot be opened are listed with `problem` set; nodes that are not V4L2 devices are
    /// skipped. Returns [] when there are none.
    public static func list(directory: String = "/dev") -> [VideoDeviceInfo] {
        nodePaths(in: directory).compactMap { path in
            do throws(VideoDeviceError) {
                return describe(try VideoDeviceHandle(path: path))
            } catch .notACaptureDevice {
                return nil
            } catch {
                return VideoDeviceInfo(path: path, driver: "", card: "", busInfo: "", canCapture: false,
                                       canStream: false, formats: [], problem: error.description)
            }
        }
    }

    static func nodePaths(in directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var numbers: [Int] = []
        while let entry = readdir(stream) {
            let name = VideoDeviceHandle.string(entry.pointee.d_name)
            if name.hasPrefix("video"), let number = Int(name.dropFirst(5)) { numbers.append(number) }
        }
        return numbers.sorted().map { "\(directory)/video\($0)" }
    }

    static func describe(_ device: VideoDeviceHandle) -> VideoDeviceInfo {
        VideoDeviceInfo(path: device.path, driver: device.driver, card: device.card, busInfo: device.busInfo,
                        canCapture: device.canCapture, canStream: device.canStream,
                        formats: device.canCapture ? formats(of: device) : [], problem: nil)
    }

    /// Upper bounds on the enumerations so that a buggy driver that never says EINVAL cannot loop us forever.
    private static let enumerationLimit = 256

    static func formats(of device: VideoDeviceHandle) -> [VideoFormatInfo] {
        var result: [VideoFormatInfo] = []
        for index in 0..<enumerationLimit {
            var description = v4l2_fmtdesc()
            description.index = UInt32(index)
            description.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            guard device.control(kaamos_VIDIOC_ENUM_FMT, &description) == 0 else { break }
            let pixelFormat = description.pixelformat
            result.append(VideoFormatInfo(
                fourCC: fourCC(pixelFormat), description: VideoDeviceHandle.string(description.description),
                isEmulated: description.flags & UInt32(V4L2_FMT_FLAG_EMULATED) != 0,
                sizes: sizes(of: device, pixelFormat: pixelFormat)))
        }
        return result
    }

    static func sizes(of device: VideoDeviceHandle, pixelFormat: UInt32) -> [VideoFrameSize] {
        var result: [VideoFrameSize] = []
        for index in 0..<enumerationLimit {
            var size = v4l2_frmsizeenum()
            size.index = UInt32(index)
            size.pixel_format = pixelFormat
            guard device.control(kaamos_VIDIOC_ENUM_FRAMESIZES, &size) == 0 else { break }
            if size.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                let width = Int(size.discrete.width), height = Int(size.discrete.height)
                result.append(VideoFrameSize(width: width, height: height,
                                             framesPerSecond: rates(of: device, pixelFormat: pixelFormat, width: width, height: height)))
            } else {
                // Stepwise or continuous: report the two ends rather than every step.
                let range = size.stepwise
                for (width, height) in [(range.min_width, range.min_height), (range.max_width, range.max_height)] {
                    result.append(VideoFrameSize(width: Int(width), height: Int(height),
                                                 framesPerSecond: rates(of: device, pixelFormat: pixelFormat,
                                                                        width: Int(width), height: Int(height))))
                }
                break
            }
        }
        return result
    }

    static func rates(of device: VideoDeviceHandle, pixelFormat: UInt32, width: Int, height: Int) -> [Double] {
        var result: [Double] = []
        for index in 0..<enumerationLimit {
            var interval = v4l2_frmivalenum()
            interval.index = UInt32(index)
            interval.pixel_format = pixelFormat
            interval.width = UInt32(width)
            interval.height = UInt32(height)
            guard device.control(kaamos_VIDIOC_ENUM_FRAMEINTERVALS, &interval) == 0 else { break }
            if interval.type == V4L2_FRMIVAL_TYPE_DISCRETE.rawValue {
                if let rate = framesPerSecond(interval.discrete) { result.append(rate) }
            } else {
                // A range of intervals: the shortest interval is the highest rate, and vice versa.
                result += [interval.stepwise.min, interval.stepwise.max].compactMap(framesPerSecond)
                break
            }
        }
        return Array(Set(result)).sorted(by: >)
    }

    static func framesPerSecond(_ interval: v4l2_fract) -> Double? {
        guard interval.numerator > 0, interval.denominator > 0 else { return nil }
        return Double(interval.denominator) / Double(interval.numerator)
    }

    /// "YUYV" from the little-endian packed code; non-printable bytes become "?".
    public static func fourCC(_ code: UInt32) -> String {
        String((0..<4).map { shift -> Character in
            let byte = UInt8(truncatingIfNeeded: code >> (8 * UInt32(shift)))
            return (0x20..<0x7F).contains(byte) ? Character(UnicodeScalar(byte)) : "?"
        })
    }
}
