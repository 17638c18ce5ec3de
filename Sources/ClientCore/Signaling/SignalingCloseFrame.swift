/// The close frame a server sent on the signaling socket (RFC 6455 section 5.5.1): its status
/// code (section 7.4.1: 1000 normal, 1001 going away, 1008 policy violation, 1011 server error…)
/// and its reason text. The call reads it to tell a server that has ended our place in the room
/// from one whose connection merely broke; no frame at all (1006) is always the second kind.
public struct SignalingCloseFrame: Sendable, Equatable, CustomStringConvertible {
    public var code: UInt16
    public var reason: String?

    public init(code: UInt16, reason: String? = nil) {
        self.code = code
        self.reason = reason?.isEmpty == true ? nil : reason
    }

    public static let normalClosure: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let policyViolation: UInt16 = 1008
    public static let internalError: UInt16 = 1011

    /// "1001 going away: Ping timeout".
    public var description: String {
        let names: [UInt16: String] = [
            1000: "normal", 1001: "going away", 1002: "protocol error", 1003: "unacceptable data",
            1007: "inconsistent data", 1008: "policy violation", 1009: "message too large", 1011: "server error",
        ]
        return "\(code)\(names[code].map { " \($0)" } ?? "")\(reason.map { ": \($0)" } ?? "")"
    }
}
