import RTCBase

/// Transaction IDs from a seeded generator in tests, from the system generator otherwise.
struct TURNRandom: RandomNumberGenerator {
    private var seeded: SeededRandom?

    init(seed: UInt64?) { seeded = seed.map { SeededRandom(seed: $0) } }

    mutating func next() -> UInt64 {
        if var generator = seeded {
            let value = generator.next()
            seeded = generator
            return value
        }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
