import CSystemShims
import Glibc
import RTCBase

/// A UDP socket connected to one server. Connecting lets ICMP "port unreachable" come back as an
/// error on receive, so a server that is not running is reported at once instead of after a timeout.
public final class ConnectedUDPSocket: ServerConnection {
    public let fileDescriptor: Int32
    public let localAddress: TransportAddress
    public let remoteAddress: TransportAddress
    public var isStream: Bool { false }
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    public init(connectingTo remote: TransportAddress) throws(NetworkError) {
        let fd = try ConnectedSocket.open(Int32(SOCK_DGRAM.rawValue), to: remote)
        localAddress = try ConnectedSocket.localAddressOrClose(fd)
        fileDescriptor = fd
        remoteAddress = remote
    }

    deinit { close(fileDescriptor) }

    public func send(_ bytes: [UInt8]) throws(NetworkError) {
        let sent = bytes.withUnsafeBufferPointer { Glibc.send(fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent < 0 else { return }
        // A full buffer drops the datagram, as UDP does; retransmission covers it.
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS { return }
        throw .system("cannot send to \(remoteAddress) over udp", errno: errno)
    }

    /// Sends `bytes` as one datagram: all of it, or 0 while the socket buffer is full.
    public func write(_ bytes: ArraySlice<UInt8>) throws(NetworkError) -> Int {
        let sent = bytes.withUnsafeBufferPointer { Glibc.send(fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent >= 0 { return sent }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS || errno == EINTR { return 0 }
        throw .system("cannot send to \(remoteAddress) over udp", errno: errno)
    }

    public func receive() throws(NetworkError) -> [UInt8]? {
        while true {
            let length = buffer.withUnsafeMutableBufferPointer { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if length >= 0 { return Array(buffer.prefix(length)) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case ECONNREFUSED: throw NetworkError("\(remoteAddress) refused udp (ICMP port unreachable: nothing listens there)")
            default: throw .system("cannot receive from \(remoteAddress) over udp", errno: errno)
            }
        }
    }
}
