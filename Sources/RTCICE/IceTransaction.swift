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
    /// Creation order: dictionaries iterate in a per-process random order, so due transactions are
    /// retransmitted in this order to keep runs reproducible.
    let sequence: Int
    let datagram: Datagram
    let firstSent: Instant
    var transmissions = 1
    let maxTransmissions: Int
    var timeout: Duration
    var deadline: Instant
}
