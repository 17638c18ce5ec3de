/// An SRTP protection profile that DTLS-SRTP can negotiate (RFC 5764 section 4.1.2, RFC 7714 section 14.2).
public enum SRTPProfile: Sendable, Hashable, CustomStringConvertible {
    /// SRTP_AES128_CM_HMAC_SHA1_80: AES counter mode, 80-bit HMAC-SHA1 tag (RFC 5764 4.1.2).
    case aes128CmHmacSha1_80
    /// SRTP_AEAD_AES_128_GCM: AES-GCM with a 16-byte tag (RFC 7714 section 14.2).
    case aeadAes128Gcm

    /// Master key length in bytes.
    public var keyLength: Int { 16 }

    /// Master salt length in bytes: 112 bits for AES-CM (RFC 3711 8.2), 96 bits for GCM (RFC 7714 14.2).
    public var saltLength: Int {
        switch self {
        case .aes128CmHmacSha1_80: return 14
        case .aeadAes128Gcm: return 12
        }
    }

    /// Bytes `SRTPSession.protectRTP` appends: the authentication tag.
    public var rtpOverhead: Int {
        switch self {
        case .aes128CmHmacSha1_80: return 10
        case .aeadAes128Gcm: return 16
        }
    }

    /// Bytes `SRTPSession.protectRTCP` appends: the E flag and SRTCP index (4) and the tag.
    public var rtcpOverhead: Int { 4 + rtpOverhead }

    /// The two-byte identifier carried in the use_srtp extension.
    public var protectionProfileID: UInt16 {
        switch self {
        case .aes128CmHmacSha1_80: return 0x0001
        case .aeadAes128Gcm: return 0x0007
        }
    }

    public init?(protectionProfileID: UInt16) {
        switch protectionProfileID {
        case 0x0001: self = .aes128CmHmacSha1_80
        case 0x0007: self = .aeadAes128Gcm
        default: return nil
        }
    }

    /// The profile's name in the use_srtp registry.
    public var description: String {
        switch self {
        case .aes128CmHmacSha1_80: return "SRTP_AES128_CM_SHA1_80"
        case .aeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM"
        }
    }
}
