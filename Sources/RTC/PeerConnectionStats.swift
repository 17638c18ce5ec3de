import RTCBase
import RTCICE
import RTCSDP

/// A snapshot of the connection, with the names of W3C webrtc-stats where one exists.
public struct PeerConnectionStats: Sendable {
    public struct Outbound: Sendable {
        public var mid: String
        public var kind: MediaKind
        public var ssrc: UInt32
        public var packetsSent: Int64
        public var bytesSent: Int64
        public var retransmittedPacketsSent: Int64
        /// Of those, the ones sent on the RTX stream (RFC 4588).
        public var retransmittedPacketsSentAsRTX: Int = 0
        public var framesSent: Int
        public var nackCount: Int
        public var pliCount: Int
        public var firCount: Int
        /// From the remote side's receiver reports (RFC 3550 6.4.1).
        public var roundTripTime: Duration?
        /// The remote side's view of our stream: its fraction lost (0...1) and jitter in seconds.
        public var remoteFractionLost: Double?
        public var remoteJitter: Double?
    }

    public struct Inbound: Sendable {
        public var mid: String
        public var kind: MediaKind
        public var ssrc: UInt32
        public var packetsReceived: Int64
        public var bytesReceived: Int64
        public var packetsLost: Int64
        /// Seconds (RFC 3550 A.8).
        public var jitter: Double
        public var nackCount: Int
        public var pliCount: Int
        public var firCount: Int
        public var framesReceived: Int
    }

    public var connectionState: PeerConnectionState
    public var iceConnectionState: IceConnectionState
    public var selectedLocal: TransportAddress?
    public var selectedRemote: TransportAddress?
    /// W3C's local candidateType of the selected pair: `.relayed` when media crosses a TURN server.
    public var selectedLocalType: CandidateType?
    /// The ICE round trip on the selected pair.
    public var iceRoundTripTime: Duration?
    public var srtpProfile: String?
    public var outbound: [Outbound]
    public var inbound: [Inbound]
    /// Datagrams dropped because they failed SRTP authentication or replay checks, or did not parse.
    public var discardedPackets: Int
    /// RTX packets received and turned back into the media packets they repair.
    public var rtxPacketsReceived: Int = 0

    /// The best round-trip figure available: RTCP's if any report arrived, else ICE's.
    public var roundTripTime: Duration? {
        outbound.compactMap(\.roundTripTime).min() ?? iceRoundTripTime
    }
}
