/// Room identifiers: ten ASCII letters or digits (spec 4.4), checked before any lookup.
public enum RoomID {
    public static let length = 10

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// Whether `candidate` matches `^[a-zA-Z0-9]{10}$`.
    public static func isValid(_ candidate: some StringProtocol) -> Bool {
        var count = 0
        for byte in candidate.utf8 {
            count += 1
            guard count <= length else { return false }
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isLower = byte >= 0x61 && byte <= 0x7A
            guard isDigit || isUpper || isLower else { return false }
        }
        return count == length
    }

    /// A new random identifier (62^10, about 8e17 values: not guessable in practice).
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }
}
