import RTCBase

/// A cap from packet loss (draft-ietf-rmcat-gcc-02 6): under 2% lost the cap lifts by 8% a second,
/// between 2% and 10% it holds, above 10% it falls by half the loss. Random loss on a link that is
/// not full stays in the middle band, so it does not starve the call; loss from a full queue that
/// the delay signal missed (a short buffer) pulls the rate down.
public struct LossBasedEstimator: Sendable {
    /// Loss is judged over at least this many packets and this much time.
    static let minimumPackets = 20
    static let minimumInterval: Duration = .milliseconds(200)
    static let lowLoss = 0.02
    static let highLoss = 0.10

    /// nil: no cap (no loss worth acting on yet).
    public private(set) var cap: Int?
    /// The loss fraction of the last judged interval.
    public private(set) var lossFraction = 0.0
    private var lost = 0
    private var total = 0
    private var intervalStart: Instant?
    private var lastDecrease: Instant?
    private var lastUpdate: Instant?

    public init() {}

    /// Counts one feedback's packets; returns true when the cap changed.
    @discardableResult
    public mutating func update(lost newlyLost: Int, received: Int, currentBitrate: Int, rtt: Duration,
                                now: Instant) -> Bool {
        lost += newlyLost
        total += newlyLost + received
        let start = intervalStart ?? now
        intervalStart = start
        guard total >= Self.minimumPackets, now - start >= Self.minimumInterval else { return false }
        lossFraction = Double(lost) / Double(total)
        lost = 0
        total = 0
        intervalStart = now
        let previous = cap
        let elapsed = lastUpdate.map { now - $0 } ?? .zero
        lastUpdate = now
        if lossFraction < Self.lowLoss {
            if let value = cap {
                let lifted = Int(Double(value) * (1 + 0.08 * min(elapsed.seconds, 1))) + 1000
                // Well above what the delay signal allows, the cap says nothing more: drop it.
                cap = lifted > currentBitrate * 2 ? nil : lifted
            }
        } else if lossFraction <= Self.highLoss {
            // Hold an existing cap. Moderate loss alone does not create one: random loss with no
            // queue growth is not congestion, and a queue that overflows also delays (the delay
            // signal acts on it first).
        } else if lastDecrease.map({ now - $0 >= rtt + .milliseconds(300) }) ?? true {
            let base = min(cap ?? currentBitrate, currentBitrate)
            cap = Int(Double(base) * (1 - 0.5 * lossFraction))
            lastDecrease = now
        }
        return cap != previous
    }
}
