/// The username fragment and password of one ICE agent (RFC 8839 section 5.4).
public struct IceCredentials: Hashable, Sendable {
    public var ufrag: String
    public var pwd: String

    public init(ufrag: String, pwd: String) {
        self.ufrag = ufrag
        self.pwd = pwd
    }

    /// RFC 8839 section 5.4: ice-char = ALPHA / DIGIT / "+" / "/".
    public static let iceChars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Fresh random credentials: an 8-character ufrag (at least 4 required, giving 24 bits of
    /// randomness as RFC 8445 section 5.3 asks) and a 24-character password (at least 22, 128 bits).
    public static func random() -> IceCredentials {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> IceCredentials {
        func text(_ count: Int) -> String {
            String((0..<count).map { _ in iceChars[Int(generator.next(upperBound: UInt64(iceChars.count)))] })
        }
        return IceCredentials(ufrag: text(8), pwd: text(24))
    }
}
