import RTCBase

/// The rate the receiver really got: bytes of acknowledged packets over a sliding window of their
/// arrival times (the receiver's clock, so the path's queueing is in it and the sender's pacing is
/// not).
public struct AcknowledgedBitrate: Sendable {
    public let window: Duration
    /// Less than this much arrival time says too little about a rate.
    static let minimumSpan: Duration = .milliseconds(150)
    private var arrivals: [(arrival: Duration, size: Int)] = []
    private var head = 0
    private var bytesInWindow = 0

    public init(window: Duration = .milliseconds(500)) {
        self.window = window
    }

    /// Adds the received packets of one feedback, in arrival order.
    public mutating func add(_ results: [PacketResult]) {
        for result in results {
            guard let arrival = result.arrival else { continue }
            if let last = arrivals.last, arrival < last.arrival - .seconds(1) {
                // The receiver's clock jumped back (a new reference): start again.
                reset()
            }
            arrivals.append((arrival, result.sent.size))
            bytesInWindow += result.sent.size
        }
        guard let newest = arrivals.last?.arrival else { return }
        while head < arrivals.count, newest - arrivals[head].arrival > window {
            bytesInWindow -= arrivals[head].size
            head += 1
        }
        if head > 256 && head * 2 > arrivals.count {
            arrivals.removeFirst(head)
            head = 0
        }
    }

    /// Bits per second over the window; nil until it spans enough time.
    public var bitsPerSecond: Int? {
        guard head < arrivals.count, let newest = arrivals.last?.arrival else { return nil }
        let span = max(newest - arrivals[head].arrival, .zero)
        guard span >= Self.minimumSpan else { return nil }
        // The first packet's bytes arrived before the span started.
        let bits = Double(bytesInWindow - arrivals[head].size) * 8
        return Int(bits / span.seconds)
    }

    public mutating func reset() {
        arrivals.removeAll(keepingCapacity: true)
        head = 0
        bytesInWindow = 0
    }
}
