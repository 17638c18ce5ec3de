import CSystemShims
import Glibc
import RTCBase

/// A socket error that reads as one sentence.
public struct NetworkError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }

    static func system(_ action: String, errno code: Int32) -> NetworkError {
        NetworkError("\(action): \(String(cString: strerror(code)))")
    }
}

/// A non-blocking UDP socket bound to one local address. Owns its file descriptor.
public final class UDPSocket {
    public let fileDescriptor: Int32
    public let localAddress: TransportAddress

    public init(binding address: TransportAddress) throws(NetworkError) {
        let family: Int32 = address.isIPv4 ? AF_INET : AF_INET6
        var scope: UInt32 = 0
        if case let .v6(_, s) = address.ip { scope = s }
        let bytes = address.ip.bytes
        let fd = bytes.withUnsafeBufferPointer { kaamos_udp_bind(family, $0.baseAddress, address.port, scope) }
        guard fd >= 0 else { throw .system("cannot bind UDP socket on \(address)", errno: -fd) }
        let port = kaamos_udp_local_port(fd)
        guard port >= 0 else {
            close(fd)
            throw .system("cannot read the bound port on \(address)", errno: -port)
        }
        fileDescriptor = fd
        localAddress = TransportAddress(ip: address.ip, port: UInt16(port))
    }

    deinit { close(fileDescriptor) }

    /// Sends one datagram; a full send buffer or an unreachable peer drops the datagram (UDP semantics).
    @discardableResult
    public func send(_ payload: [UInt8], to destination: TransportAddress) -> Bool {
        let family: Int32 = destination.isIPv4 ? AF_INET : AF_INET6
        var scope: UInt32 = 0
        if case let .v6(_, s) = destination.ip { scope = s }
        let address = destination.ip.bytes
        let sent = address.withUnsafeBufferPointer { addressPointer in
            payload.withUnsafeBufferPointer { payloadPointer in
                kaamos_udp_send(fileDescriptor, family, addressPointer.baseAddress, destination.port, scope,
                                payloadPointer.baseAddress, payloadPointer.count)
            }
        }
        return sent >= 0
    }

    /// Reads one waiting datagram into `buffer`; nil when none is waiting.
    public func receive(into buffer: inout [UInt8]) -> (length: Int, source: TransportAddress)? {
        var family: Int32 = 0
        var address = [UInt8](repeating: 0, count: 16)
        var port: UInt16 = 0
        var scope: UInt32 = 0
        let capacity = buffer.count
        let length = buffer.withUnsafeMutableBufferPointer { bufferPointer in
            address.withUnsafeMutableBufferPointer { addressPointer in
                kaamos_udp_receive(fileDescriptor, bufferPointer.baseAddress, capacity, &family,
                                   addressPointer.baseAddress, &port, &scope)
            }
        }
        guard length >= 0 else { return nil }
        let ip: TransportAddress.IP? = family == AF_INET
            ? TransportAddress.IP(bytes: Array(address[0..<4]))
            : TransportAddress.IP(bytes: address, scope: scope)
        guard let ip else { return nil }
        return (Int(length), TransportAddress(ip: ip, port: port))
    }
}
