import RTCBase

/// Bytes from a hex literal; a malformed literal is a bug in the test, so it yields an empty array
/// that then fails the test's expectations.
func hex(_ text: String) -> [UInt8] {
    [UInt8](hex: text) ?? []
}

extension SeededRandom {
    mutating func int(below bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 1_000_000) / 1_000_000 < probability
    }
}
