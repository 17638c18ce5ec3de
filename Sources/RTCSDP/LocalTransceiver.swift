/// One of our transceivers as negotiation sees it (RFC 8829 §3.4.1): a mid, a kind, what we
/// want to do with it, and the track we send, if any.
public struct LocalTransceiver: Hashable, Sendable {
    public struct SendingTrack: Hashable, Sendable {
        public var streamID: String
        public var trackID: String
        public var ssrc: UInt32
        public var cname: String

        public init(streamID: String, trackID: String, ssrc: UInt32, cname: String) {
            self.streamID = streamID
            self.trackID = trackID
            self.ssrc = ssrc
            self.cname = cname
        }
    }

    public var mid: String
    public var kind: MediaKind
    public var direction: Direction
    public var sendingTrack: SendingTrack?
    public var isStopped: Bool

    public init(mid: String, kind: MediaKind, direction: Direction = .sendrecv,
                sendingTrack: SendingTrack? = nil, isStopped: Bool = false) {
        self.mid = mid
        self.kind = kind
        self.direction = direction
        self.sendingTrack = sendingTrack
        self.isStopped = isStopped
    }
}
