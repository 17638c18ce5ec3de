/// A `c=` line or the address part of `a=rtcp` (RFC 8866 §5.7): "IN IP4 0.0.0.0".
public struct ConnectionData: Hashable, Sendable {
    public var networkType: String
    public var addressType: String
    /// Kept as text: multicast forms carry "/ttl" suffixes, and WebRTC only ever sends 0.0.0.0.
    public var address: String

    public init(networkType: String = "IN", addressType: String = "IP4", address: String = "0.0.0.0") {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    init?(fields: ArraySlice<Substring>) {
        guard fields.count == 3 else { return nil }
        let first = fields.startIndex
        self.init(networkType: String(fields[first]), addressType: String(fields[first + 1]),
                  address: String(fields[first + 2]))
    }

    public var sdpValue: String { "\(networkType) \(addressType) \(address)" }
}
