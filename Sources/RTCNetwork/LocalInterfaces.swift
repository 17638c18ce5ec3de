import CSystemShims
import Glibc
import RTCBase

/// The local addresses ICE gathers host candidates on.
public enum LocalInterfaces {
    public struct Address: Sendable, Hashable {
        public var ip: TransportAddress.IP
        public var interfaceName: String
        public var isLoopback: Bool
    }

    /// Every up interface's IPv4 and IPv6 address, loopback included, link-local excluded
    /// (browsers do not pair with link-local candidates and they need a scope to be usable).
    public static func usableAddresses() -> [Address] {
        var entries = [kaamos_interface_address](repeating: kaamos_interface_address(), count: 64)
        let count = entries.withUnsafeMutableBufferPointer { kaamos_list_interface_addresses($0.baseAddress, 64) }
        guard count > 0 else { return [] }
        var result: [Address] = []
        for entry in entries.prefix(Int(count)) where entry.is_link_local == 0 {
            let raw = withUnsafeBytes(of: entry.addr) { Array($0) }
            let bytes = entry.family == AF_INET ? Array(raw[0..<4]) : raw
            guard let ip = TransportAddress.IP(bytes: bytes, scope: entry.scope_id) else { continue }
            let name = withUnsafeBytes(of: entry.name) { buffer in
                String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let address = Address(ip: ip, interfaceName: name, isLoopback: entry.is_loopback != 0)
            if !result.contains(address) { result.append(address) }
        }
        return result
    }
}
