import RTCBase

/// One outstanding STUN request with its retransmission schedule (RFC 5389 section 7.2.1).
struct IceTransaction {
    enum Purpose {
        /// A connectivity check on the pair at this checklist index.
        case check(pair: Int, useCandidate: Bool, role: IceRole)
        /// A consent freshness check on the selected pair (RFC 7675).
        case consent(pair: Int)
        /// A server-reflexive gathering request from `host` to a STUN server.
        case gather(host: TransportAddress, server: TransportAddress)
    }

    let purpose: Purpose
    let datagram: Datagram
    let firstSent: Instant
    var transmissions = 1
    let maxTransmissions: Int
    var timeout: Duration
    var deadline: Instant
}
