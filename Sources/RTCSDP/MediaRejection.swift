/// An offered m-line our answer rejected (port 0), and why in one phrase, for the log: a peer
/// whose camera reaches nobody is otherwise a silent mystery.
public struct MediaRejection: Hashable, Sendable, CustomStringConvertible {
    public var mid: String
    public var kind: MediaKind
    public var reason: String

    public init(mid: String, kind: MediaKind, reason: String) {
        self.mid = mid
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "m-line \(mid) (\(kind)) rejected: \(reason)" }
}
