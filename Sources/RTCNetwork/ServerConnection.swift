import CSystemShims
import Glibc
import RTCBase

/// A connection to one server, as a TURN client's driver uses it: a connected UDP socket (one
/// datagram per send and receive) or a byte stream (TCP, TLS over TCP). Non-blocking: the driver
/// polls `fileDescriptor` for input and calls `receive()` until it returns nil, and writes with
/// `write(_:)`, polling for `eventsToResumeWriting` while it returns 0.
public protocol ServerConnection: AnyObject {
    var fileDescriptor: Int32 { get }
    var localAddress: TransportAddress { get }
    var remoteAddress: TransportAddress { get }
    /// Whether `receive()` may hold more than one message or part of one.
    var isStream: Bool { get }
    /// Sends all of `bytes`, waiting for the socket to drain if it must (up to a few seconds): for
    /// callers that may block, such as turn-check. The driver uses `write(_:)`.
    func send(_ bytes: [UInt8]) throws(NetworkError)
    /// Writes as much of the front of `bytes` as the socket takes now, without waiting: the count
    /// written, 0 when nothing could go (then wait for `eventsToResumeWriting` and call again with
    /// the same bytes first; more may follow them).
    func write(_ bytes: ArraySlice<UInt8>) throws(NetworkError) -> Int
    /// The poll events to wait for after `write(_:)` returned 0: POLLOUT, or POLLIN while TLS must
    /// read before it can write.
    var eventsToResumeWriting: Int16 { get }
    /// What is waiting: one datagram, or the stream bytes that arrived; nil when nothing is waiting.
    /// Throws when the server closed the connection or an error (such as ICMP unreachable) came back.
    func receive() throws(NetworkError) -> [UInt8]?
}

extension ServerConnection {
    public var eventsToResumeWriting: Int16 { Int16(POLLOUT) }

    public func send(_ bytes: [UInt8]) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            let written = try write(bytes[offset...])
            offset += written
            guard written == 0 else { continue }
            guard ConnectedSocket.wait(fileDescriptor, for: Int32(eventsToResumeWriting), timeout: .seconds(5)) else {
                throw NetworkError("sending to \(remoteAddress) stalled for 5 s")
            }
        }
    }
}

/// Socket plumbing the connection types share.
enum ConnectedSocket {
    static func open(_ type: Int32, to address: TransportAddress) throws(NetworkError) -> Int32 {
        let family: Int32 = address.isIPv4 ? AF_INET : AF_INET6
        var scope: UInt32 = 0
        if case let .v6(_, s) = address.ip { scope = s }
        let bytes = address.ip.bytes
        let fd = bytes.withUnsafeBufferPointer { kaamos_connect(type, family, $0.baseAddress, address.port, scope) }
        guard fd >= 0 else { throw .system("cannot connect to \(address)", errno: -fd) }
        return fd
    }

    /// The local address of a socket just opened, which is closed when that address cannot be read.
    static func localAddressOrClose(_ fd: Int32) throws(NetworkError) -> TransportAddress {
        do {
            return try localAddress(of: fd)
        } catch {
            close(fd)
            throw error
        }
    }

    static func localAddress(of fd: Int32) throws(NetworkError) -> TransportAddress {
        var family: Int32 = 0
        var bytes = [UInt8](repeating: 0, count: 16)
        var port: UInt16 = 0
        var scope: UInt32 = 0
        let status = bytes.withUnsafeMutableBufferPointer { kaamos_local_address(fd, &family, $0.baseAddress, &port, &scope) }
        guard status == 0 else { throw .system("cannot read the local address", errno: -status) }
        let ip = family == AF_INET ? TransportAddress.IP(bytes: Array(bytes.prefix(4))) : TransportAddress.IP(bytes: bytes, scope: scope)
        guard let ip else { throw NetworkError("cannot read the local address: unknown address family \(family)") }
        return TransportAddress(ip: ip, port: port)
    }

    /// Waits until fd is ready for `events` or `timeout` passes; true when ready.
    static func wait(_ fd: Int32, for events: Int32, timeout: Duration) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(events), revents: 0)
        let milliseconds = Int32(clamping: max(0, timeout.nanosecondsClamped / 1_000_000))
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }

    /// Writes what a non-blocking socket takes now of `bytes`: the count, 0 when its buffer is full.
    static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>, to remote: TransportAddress) throws(NetworkError) -> Int {
        while true {
            let written = bytes.withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written >= 0 { return written }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return 0
            default: throw .system("cannot send to \(remote)", errno: errno)
            }
        }
    }
}
