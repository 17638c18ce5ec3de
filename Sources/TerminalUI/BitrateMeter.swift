import RTCBase

/// Kilobits per second received and sent, from byte counters, measured over a second or more so
/// the figures do not jump with every frame the screen draws.
public struct BitrateMeter: Sendable, Equatable {
    private struct Sample: Sendable, Equatable {
        var at: Instant
        var received: Int64
        var sent: Int64
    }

    private var last: Sample?
    public private(set) var inKbps = 0.0
    public private(set) var outKbps = 0.0

    public init() {}

    /// Takes the counters at `now`; the rates change once a second has passed since the last change.
    public mutating func record(received: Int64, sent: Int64, at now: Instant) {
        guard let last else {
            self.last = Sample(at: now, received: received, sent: sent)
            return
        }
        let seconds = (now - last.at).milliseconds / 1000
        guard seconds >= 1 else { return }
        inKbps = Double(received - last.received) * 8 / seconds / 1000
        outKbps = Double(sent - last.sent) * 8 / seconds / 1000
        self.last = Sample(at: now, received: received, sent: sent)
    }
}
