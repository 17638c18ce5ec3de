/// One of our transceivers as negotiation sees it (RFC 8829 §3.4.1): a mid, a kind, what we
/// want to do with it, and the track we send, if any.
public struct LocalTransceiver: Hashable, Sendable {
    public struct SendingTrack: Hashable, Sendable {
        public var streamID: String
        public var trackID: String
        public var ssrc: UInt32
        public var cname: String
        /// The SSRC retransmissions go out on when RTX is negotiated (RFC 4588 "FID" group).
        public var rtxSSRC: UInt32?

        public init(streamID: String, trackID: String, ssrc: UInt32, cname: String, rtxSSRC: UInt32? = nil) {
            self.streamID = streamID
            self.trackID = trackID
            self.ssrc = ssrc
            self.cname = cname
            self.rtxSSRC = rtxSSRC
        }
    }

    public var mid: String
    public var kind: MediaKind
    public var direction: Direction
    public var sendingTrack: SendingTrack?
    public var isStopped: Bool
    /// Encoding names ("H264", "VP8") this m-line is limited to, most wanted first, in offers and
    /// answers alike (W3C `setCodecPreferences`); nil: every codec we have, in our order.
    public var codecPreferences: [String]?

    public init(mid: String, kind: MediaKind, direction: Direction = .sendrecv,
                sendingTrack: SendingTrack? = nil, isStopped: Bool = false, codecPreferences: [String]? = nil) {
        self.mid = mid
        self.kind = kind
        self.direction = direction
        self.sendingTrack = sendingTrack
        self.isStopped = isStopped
        self.codecPreferences = codecPreferences
    }

    /// Our codecs for this m-line: all of `capabilities` for its kind, or those the preferences
    /// name, in the preferences' order.
    public func codecs(from capabilities: LocalCodecCapabilities) -> [CodecCapability] {
        let all = capabilities.codecs(for: kind)
        guard let codecPreferences else { return all }
        return LocalCodecCapabilities.limit(all, to: codecPreferences)
    }
}
