/// The `o=` line (RFC 8866 §5.2): who made the description and which revision it is.
public struct Origin: Hashable, Sendable {
    public var username: String
    public var sessionID: UInt64
    public var sessionVersion: UInt64
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(username: String = "-", sessionID: UInt64, sessionVersion: UInt64,
                networkType: String = "IN", addressType: String = "IP4", address: String = "127.0.0.1") {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses the value after "o="; nil unless it has six fields with numeric id and version.
    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard fields.count == 6, let id = SDPText.number(fields[1], as: UInt64.self),
              let version = SDPText.number(fields[2], as: UInt64.self)
        else { return nil }
        self.init(username: String(fields[0]), sessionID: id, sessionVersion: version,
                  networkType: String(fields[3]), addressType: String(fields[4]), address: String(fields[5]))
    }

    public var sdpValue: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
