import Glibc
import RTCBase

/// A loopback TCP listener standing in for a TURN server.
final class LoopbackListener {
    let fd: Int32
    let address: TransportAddress

    /// - Parameter receiveBufferSize: SO_RCVBUF for the connections it accepts; nil keeps the default.
    init(receiveBufferSize: Int32? = nil) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        if var size = receiveBufferSize {
            // Set before listen, so accepted sockets inherit it and advertise a small window.
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &socketAddress) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listen(fd, 1)
        address = TransportAddress(ip: .loopbackV4, port: UInt16(bigEndian: socketAddress.sin_port))
    }

    deinit { close(fd) }

    func accept() -> Int32 { Glibc.accept(fd, nil, nil) }
}
