#if canImport(Glibc)
import Glibc
#endif
import CDeviceShims
import CV4L2

/// An open V4L2 capture node wrapped by libv4l2 (so it can convert YUYV/MJPEG to I420 for us).
/// Owns the descriptor and closes it in deinit.
final class VideoDeviceHandle {
    let path: String
    let capabilities: v4l2_capability
    private(set) var descriptor: Int32

    /// Capability bits of this node (device_caps when the driver reports them, else the whole device's).
    var nodeCapabilities: UInt32 {
        capabilities.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? capabilities.device_caps : capabilities.capabilities
    }
    var canCapture: Bool { nodeCapabilities & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0 }
    var canStream: Bool { nodeCapabilities & UInt32(V4L2_CAP_STREAMING) != 0 }

    /// Opens and identifies the node. Anything that is not a V4L2 device is rejected before libv4l2
    /// sees it, because libv4l2 complains on stderr about such descriptors.
    init(path: String) throws(VideoDeviceError) {
        self.path = path
        // Non-blocking so that DQBUF never stalls the capture thread; it waits in poll() instead.
        let fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .from(errno: errno, path: path, operation: "open") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFCHR else {
            Glibc.close(fd)
            throw .notACaptureDevice(path: path)
        }
        var capabilities = v4l2_capability()
        guard kaamos_ioctl(fd, kaamos_VIDIOC_QUERYCAP, &capabilities) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw code == EINVAL || code == ENOTTY ? .notACaptureDevice(path: path)
                : .from(errno: code, path: path, operation: "query capabilities")
        }
        self.capabilities = capabilities
        // From here libv4l2 owns the descriptor: v4l2_close closes it.
        // Emulated formats (what libv4lconvert can make) are listed too, flagged as such.
        guard v4l2_fd_open(fd, V4L2_ENABLE_ENUM_FMT_EMULATION) >= 0 else {
            let code = errno
            Glibc.close(fd)
            throw .from(errno: code, path: path, operation: "libv4l2 set-up")
        }
        descriptor = fd
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { v4l2_close(descriptor) }
        descriptor = -1
    }

    /// v4l2_ioctl through libv4l2, retrying on EINTR; returns errno on failure, 0 on success.
    @discardableResult
    func control<T>(_ request: UInt, _ argument: inout T) -> Int32 {
        while true {
            let result = withUnsafeMutablePointer(to: &argument) { kaamos_v4l2_ioctl(descriptor, request, $0) }
            if result == 0 { return 0 }
            if errno != EINTR { return errno }
        }
    }

    var driver: String { Self.string(capabilities.driver) }
    var card: String { Self.string(capabilities.card) }
    var busInfo: String { Self.string(capabilities.bus_info) }

    /// A NUL-terminated C char array imported as a tuple.
    static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
