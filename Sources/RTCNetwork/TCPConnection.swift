import CSystemShims
import Glibc
import RTCBase

/// A non-blocking TCP connection to one server, connected within a timeout.
public final class TCPConnection: ServerConnection {
    public let fileDescriptor: Int32
    public let localAddress: TransportAddress
    public let remoteAddress: TransportAddress
    public var isStream: Bool { true }
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    public init(connectingTo remote: TransportAddress, timeout: Duration) throws(NetworkError) {
        let fd = try ConnectedSocket.open(Int32(SOCK_STREAM.rawValue), to: remote)
        guard ConnectedSocket.wait(fd, for: POLLOUT, timeout: timeout) else {
            close(fd)
            throw NetworkError("cannot connect to \(remote) over tcp: no answer in \(timeout.milliseconds / 1000) s")
        }
        let result = kaamos_connect_result(fd)
        guard result == 0 else {
            close(fd)
            throw .system("cannot connect to \(remote) over tcp", errno: -result)
        }
        localAddress = try ConnectedSocket.localAddressOrClose(fd)
        fileDescriptor = fd
        remoteAddress = remote
    }

    deinit { close(fileDescriptor) }

    public func write(_ bytes: ArraySlice<UInt8>) throws(NetworkError) -> Int {
        try ConnectedSocket.write(fileDescriptor, bytes, to: remoteAddress)
    }

    public func receive() throws(NetworkError) -> [UInt8]? {
        while true {
            let length = buffer.withUnsafeMutableBufferPointer { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if length > 0 { return Array(buffer.prefix(length)) }
            if length == 0 { throw NetworkError("\(remoteAddress) closed the tcp connection") }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw .system("cannot receive from \(remoteAddress) over tcp", errno: errno)
            }
        }
    }
}
