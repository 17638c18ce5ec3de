import Glibc
import RTCBase

/// Name resolution for the few names a client meets (TURN and STUN servers): IP literals as they
/// are, anything else through the system resolver (getaddrinfo), which blocks.
public enum HostResolver {
    /// Every address of `host`, IPv4 first (TURN servers are mostly reached over IPv4).
    public static func resolve(_ host: String, port: UInt16) throws(NetworkError) -> [TransportAddress] {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let literal = TransportAddress(host: bare, port: port) { return [literal] }
        guard !bare.isEmpty else { throw NetworkError("no host name to resolve") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(bare, String(port), &hints, &list)
        guard status == 0, let list else {
            throw NetworkError("cannot resolve \(bare): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var found: [TransportAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let current = entry {
            if let address = current.pointee.ai_addr, let parsed = Self.transportAddress(address), !found.contains(parsed) {
                found.append(parsed)
            }
            entry = current.pointee.ai_next
        }
        guard !found.isEmpty else { throw NetworkError("\(bare) has no IPv4 or IPv6 address") }
        return found.filter(\.isIPv4) + found.filter { !$0.isIPv4 }
    }

    private static func transportAddress(_ address: UnsafeMutablePointer<sockaddr>) -> TransportAddress? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                let raw = withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                return TransportAddress.IP(bytes: raw).map { TransportAddress(ip: $0, port: UInt16(bigEndian: pointer.pointee.sin_port)) }
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                let raw = withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                return TransportAddress.IP(bytes: raw, scope: pointer.pointee.sin6_scope_id)
                    .map { TransportAddress(ip: $0, port: UInt16(bigEndian: pointer.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }
}
