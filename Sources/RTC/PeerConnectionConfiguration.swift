import RTCBase
import RTCCongestion
import RTCSDP
import RTCSecurity

/// How a peer connection is set up. The defaults suit a browser-compatible client.
public struct PeerConnectionConfiguration: Sendable {
    /// ICE-lite (RFC 8445 2.5): host candidates only, never checks; the server's mode.
    public var iceLite = false
    public var stunServers: [TransportAddress] = []
    /// TURN servers to allocate relayed candidates on from the start; more may come later with
    /// `PeerConnection.addRelayServers(_:now:)`.
    public var relayServers: [RelayServer] = []
    /// ICE transport policy "relay": only relayed candidates, so media always crosses a TURN server.
    public var relayOnly = false
    /// The ICE checklist pace (Ta). RFC 8445 14.2 allows down to 5 ms; a call has few candidate
    /// pairs, and each paced slot (first check, then the nomination) adds Ta to the connect time.
    public var icePacing: Duration = .milliseconds(10)
    public var capabilities: LocalCodecCapabilities = .kaamos
    /// nil generates a fresh ECDSA P-256 certificate.
    public var certificate: DTLSCertificate?
    /// Wall-clock time at `Instant.zero`, so RTCP sender reports carry real NTP timestamps.
    public var unixTimeAtZero: Duration = .zero
    /// Mean interval between regular RTCP reports (RFC 3550 6.2 allows less than 5 s with AVPF).
    public var rtcpInterval: Duration = .seconds(1)
    /// How received media reaches the application: whole frames and Opus packets (a client), or
    /// every RTP packet as it arrives (an SFU that forwards them).
    public var mediaDelivery = MediaDelivery.frames
    /// Our own media leaves through the pacer at a multiple of the estimate; an SFU that forwards
    /// what its publishers paced sets this off.
    public var pacing = true
    /// The congestion controller's start, floor and ceiling.
    public var bandwidth = SendSideBandwidthEstimator.Configuration()
    /// Seeds SSRCs, ICE credentials and timer jitter; nil takes the system's randomness.
    public var seed: UInt64?

    public init() {}
}

public enum MediaDelivery: Sendable {
    case frames
    case rtpPackets
}

extension LocalCodecCapabilities {
    /// What this stack really implements: Opus and VP8 with NACK, PLI, FIR, REMB and
    /// transport-wide congestion control feedback, the MID, audio-level and transport-wide
    /// sequence number extensions.
    public static var kaamos: LocalCodecCapabilities { .webRTCDefault }
}
