/// Reconnection delays: 0.5 s doubling to a 10 s ceiling, back to the start after a success.
public struct AdminBackoff: Sendable, Equatable {
    public let first: Double
    public let ceiling: Double
    public private(set) var next: Double

    public init(first: Double = 0.5, ceiling: Double = 10) {
        self.first = first
        self.ceiling = ceiling
        next = first
    }

    /// The delay before the next attempt; each call doubles the one after.
    public mutating func delay() -> Double {
        let delay = next
        next = min(ceiling, next * 2)
        return delay
    }

    public mutating func reset() { next = first }
}
