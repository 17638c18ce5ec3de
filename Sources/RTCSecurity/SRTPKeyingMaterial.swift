/// The SRTP master keys and salts a DTLS-SRTP handshake produced, seen from one side.
///
/// "local" protects what this side sends; "remote" unprotects what the peer sends.
public struct SRTPKeyingMaterial: Sendable, Hashable, CustomStringConvertible {
    public var profile: SRTPProfile
    public var localKey: [UInt8]
    public var localSalt: [UInt8]
    public var remoteKey: [UInt8]
    public var remoteSalt: [UInt8]

    public init(profile: SRTPProfile, localKey: [UInt8], localSalt: [UInt8], remoteKey: [UInt8], remoteSalt: [UInt8]) {
        self.profile = profile
        self.localKey = localKey
        self.localSalt = localSalt
        self.remoteKey = remoteKey
        self.remoteSalt = remoteSalt
    }

    /// Splits the exporter output, laid out as client key, server key, client salt, server salt
    /// (RFC 5764 section 4.2), into this side's keys.
    init?(exported: [UInt8], profile: SRTPProfile, isClient: Bool) {
        let key = profile.keyLength
        let salt = profile.saltLength
        guard exported.count == 2 * (key + salt) else { return nil }
        let clientKey = Array(exported[0..<key])
        let serverKey = Array(exported[key..<2 * key])
        let clientSalt = Array(exported[2 * key..<2 * key + salt])
        let serverSalt = Array(exported[2 * key + salt..<2 * (key + salt)])
        if isClient {
            self.init(profile: profile, localKey: clientKey, localSalt: clientSalt, remoteKey: serverKey, remoteSalt: serverSalt)
        } else {
            self.init(profile: profile, localKey: serverKey, localSalt: serverSalt, remoteKey: clientKey, remoteSalt: clientSalt)
        }
    }

    /// Names the profile only: keys stay out of logs.
    public var description: String { "SRTPKeyingMaterial(\(profile))" }
}
