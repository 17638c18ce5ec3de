/// Why a camera cannot be used; `description` is one sentence the UI can show before going on without
/// video ("camera /dev/video0: busy (used by another program)").
public enum VideoDeviceError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchDevice(path: String)
    case permissionDenied(path: String)
    case busy(path: String)
    case notACaptureDevice(path: String)
    case unsupportedFormat(path: String, reason: String)
    case failed(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case let .noSuchDevice(path): "camera \(path): no such device"
        case let .permissionDenied(path): "camera \(path): permission denied (is the user in the 'video' group?)"
        case let .busy(path): "camera \(path): busy (used by another program)"
        case let .notACaptureDevice(path): "camera \(path): is not a video capture device"
        case let .unsupportedFormat(path, reason): "camera \(path): unsupported format: \(reason)"
        case let .failed(path, operation, reason): "camera \(path): \(operation) failed: \(reason)"
        }
    }

    /// Maps an errno from opening or configuring the device to the sentence the user needs.
    static func from(errno code: Int32, path: String, operation: String) -> VideoDeviceError {
        switch code {
        case ENOENT, ENODEV, ENXIO: .noSuchDevice(path: path)
        case EACCES, EPERM: .permissionDenied(path: path)
        case EBUSY: .busy(path: path)
        case ENOTTY, EISDIR: .notACaptureDevice(path: path)
        default: .failed(path: path, operation: operation, reason: String(cString: strerror(code)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
