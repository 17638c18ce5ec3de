/// The randomness of a sans-IO engine (transaction IDs, timer jitter): a seeded generator in tests,
/// so runs repeat, and the system generator otherwise.
public struct EngineRandom: RandomNumberGenerator, Sendable {
    private var seeded: SeededRandom?

    public init(seed: UInt64?) { seeded = seed.map { SeededRandom(seed: $0) } }

    public mutating func next() -> UInt64 {
        if var generator = seeded {
            let value = generator.next()
            seeded = generator
            return value
        }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    /// A uniform fraction in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
