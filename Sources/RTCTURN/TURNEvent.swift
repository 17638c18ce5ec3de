import RTCBase

/// What the TURN client tells its owner.
public enum TURNEvent: Sendable, Equatable {
    /// The server relays for us from `relayed`; `mapped` is our address as the server saw it
    /// (XOR-MAPPED-ADDRESS, a server-reflexive candidate), nil when the server left it out.
    case allocated(relayed: TransportAddress, mapped: TransportAddress?)
    /// A Refresh succeeded; the allocation now lives `lifetime` from now.
    case refreshed(lifetime: Duration)
    /// Peers at this IP may now send to the relayed address, and our Send indications reach them.
    /// Permissions are per IP address, whatever the port (RFC 8656 section 9).
    case permissionCreated(TransportAddress.IP)
    /// Payloads to and from `peer` now travel as ChannelData on `channel`.
    case channelBound(peer: TransportAddress, channel: UInt16)
    /// A peer's payload arrived through the relay (Data indication or ChannelData).
    case data(from: TransportAddress, payload: [UInt8])
    /// One clear sentence on what failed; `step.endsAllocation` says whether the allocation is lost.
    case failed(step: TURNStep, reason: String)
    /// `close(now:)` finished: the server released the allocation (or never answered the release).
    case closed
}
