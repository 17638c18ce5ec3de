import RTCSTUN

/// Time-limited TURN credentials from a secret shared with the TURN server (the "TURN REST API" of
/// draft-uberti-behave-turn-rest, coturn's `use-auth-secret`): nobody stores a per-user password.
///
/// username = "<expiry in Unix seconds>:<user>", password = base64(HMAC-SHA1(secret, username)).
/// The server recomputes the password from the username and refuses it once the expiry has passed.
/// The Kaamos server hands these out; the client and `turn-check --secret` compute them too.
public struct TURNRestCredential: Hashable, Sendable {
    public let username: String
    public let password: String
    /// Unix seconds after which the TURN server refuses the credential.
    public let expiry: Int64

    /// - Parameters:
    ///   - user: an opaque label the server logs; empty gives a username that is just the expiry.
    ///   - validFor: how long from `now` the credential stays good; negative makes an expired one.
    ///   - now: the current wall-clock time in Unix seconds (engines never read clocks).
    ///   - separator: coturn's `rest-api-separator`, ":" unless the server was configured otherwise.
    public init(secret: String, user: String, validFor: Duration, now: Int64, separator: String = ":") {
        expiry = now + validFor.components.seconds
        username = user.isEmpty ? String(expiry) : "\(expiry)\(separator)\(user)"
        password = Self.password(forUsername: username, secret: secret)
    }

    /// The password the server expects for `username`.
    public static func password(forUsername username: String, secret: String) -> String {
        Base64.encode(HMACSHA1.authenticationCode(key: Array(secret.utf8), message: Array(username.utf8)[...]))
    }

    /// The expiry a REST username carries (the digits before the first separator), for a server that
    /// validates one; nil when the username does not start with a number.
    public static func expiry(ofUsername username: String, separator: Character = ":") -> Int64? {
        let head = username.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !head.isEmpty, head.allSatisfy(\.isASCII) else { return nil }
        return Int64(head)
    }

    public var longTermCredential: LongTermCredential { LongTermCredential(username: username, password: password) }
}
