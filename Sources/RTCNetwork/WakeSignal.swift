import CSystemShims
import Glibc

/// An eventfd the driver's poll loop watches, so another thread can make it recompute its deadline.
final class WakeSignal {
    let fileDescriptor: Int32

    init() throws(NetworkError) {
        let fd = kaamos_eventfd_create()
        guard fd >= 0 else { throw .system("cannot create an eventfd", errno: -fd) }
        fileDescriptor = fd
    }

    deinit { close(fileDescriptor) }

    func signal() {
        var one: UInt64 = 1
        _ = write(fileDescriptor, &one, 8)
    }

    func drain() {
        var value: UInt64 = 0
        _ = read(fileDescriptor, &value, 8)
    }
}
