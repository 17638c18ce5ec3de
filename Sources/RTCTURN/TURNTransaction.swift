import RTCBase
import RTCSTUN

/// One outstanding TURN request with its retransmission schedule (RFC 8489 section 6.2.1).
struct TURNTransaction {
    enum Purpose: Equatable {
        case allocate
        /// nil leaves LIFETIME out (the server's default); 0 releases the allocation.
        case refresh(lifetime: UInt32?)
        case createPermission(peer: TransportAddress)
        case channelBind(peer: TransportAddress, channel: UInt16)

        var method: STUNMessage.Method {
            switch self {
            case .allocate: .allocate
            case .refresh: .refresh
            case .createPermission: .createPermission
            case .channelBind: .channelBind
            }
        }
    }

    let purpose: Purpose
    /// Creation order, so that due transactions are handled in a reproducible order.
    let sequence: Int
    let bytes: [UInt8]
    let firstSent: Instant
    var transmissions = 1
    var timeout: Duration
    var deadline: Instant
    /// Sent with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY.
    let authenticated: Bool
    /// How many 438 Stale Nonce answers led to this request; bounded so a broken server cannot loop us.
    let staleNonceRetries: Int
}
