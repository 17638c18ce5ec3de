/// The `t=` line (RFC 8866 §5.9); WebRTC always sends "0 0", an unbounded session.
public struct Timing: Hashable, Sendable {
    public var start: UInt64
    public var stop: UInt64

    public init(start: UInt64 = 0, stop: UInt64 = 0) {
        self.start = start
        self.stop = stop
    }

    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard fields.count == 2, let start = SDPText.number(fields[0], as: UInt64.self),
              let stop = SDPText.number(fields[1], as: UInt64.self)
        else { return nil }
        self.init(start: start, stop: stop)
    }

    public var sdpValue: String { "\(start) \(stop)" }
}
