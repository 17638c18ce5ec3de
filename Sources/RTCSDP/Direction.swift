/// The media direction attribute of an m-line (RFC 8866 §6.7; RFC 3264 §6 for answers).
public enum Direction: String, Hashable, Sendable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    public var sends: Bool { self == .sendrecv || self == .sendonly }
    public var receives: Bool { self == .sendrecv || self == .recvonly }

    /// The direction as the other side sees it: what one sends, the other receives.
    public var reversed: Direction { Direction(sends: receives, receives: sends) }

    /// What both wishes allow, for answering: RFC 3264 §6.1 lets an answer only narrow the offer.
    public func intersection(_ other: Direction) -> Direction {
        Direction(sends: sends && other.sends, receives: receives && other.receives)
    }
}
