import RTCSTUN

// RFC 8656 section 17: the TURN methods, registered beside STUN's Binding.
extension STUNMessage.Method {
    public static let allocate = STUNMessage.Method(rawValue: 0x003)
    public static let refresh = STUNMessage.Method(rawValue: 0x004)
    /// Send indication: client to server, payload for a peer.
    public static let send = STUNMessage.Method(rawValue: 0x006)
    /// Data indication: server to client, payload from a peer.
    public static let data = STUNMessage.Method(rawValue: 0x007)
    public static let createPermission = STUNMessage.Method(rawValue: 0x008)
    public static let channelBind = STUNMessage.Method(rawValue: 0x009)

    /// The name RFC 8656 gives the method, for messages a person reads.
    public var turnName: String {
        switch self {
        case .binding: "Binding"
        case .allocate: "Allocate"
        case .refresh: "Refresh"
        case .send: "Send"
        case .data: "Data"
        case .createPermission: "CreatePermission"
        case .channelBind: "ChannelBind"
        default: "method 0x\(String(rawValue, radix: 16))"
        }
    }
}
