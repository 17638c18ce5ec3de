/// STUN long-term credentials (RFC 8489 section 9.2): what the client signs TURN requests with.
public struct LongTermCredential: Hashable, Sendable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The MESSAGE-INTEGRITY key: MD5(username ":" realm ":" password), RFC 8489 section 9.2.2.
    ///
    /// The strings are used as given. RFC 8489 asks for OpaqueString preparation (RFC 8265) and RFC
    /// 5389 for SASLprep; for the ASCII names and passwords TURN deployments use (coturn does not
    /// prepare them either) both are the identity, so a caller with exotic passwords prepares them.
    public func key(realm: String) -> [UInt8] {
        MD5.digest(Array("\(username):\(realm):\(password)".utf8))
    }
}
