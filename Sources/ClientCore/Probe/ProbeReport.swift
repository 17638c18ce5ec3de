/// `kaamos-tui probe --json`: the fields of ../shared/CLI.md.
public struct ProbeReport: Codable, Sendable, Equatable {
    public struct Join: Codable, Sendable, Equatable {
        public var ws_ms: Double?
        public var joined_ms: Double?
        public var ice_ms: Double?
        public var dtls_ms: Double?
        public var first_audio_ms: Double?
        public var first_video_ms: Double?

        public init(ws_ms: Double? = nil, joined_ms: Double? = nil, ice_ms: Double? = nil, dtls_ms: Double? = nil,
                    first_audio_ms: Double? = nil, first_video_ms: Double? = nil) {
            self.ws_ms = ws_ms
            self.joined_ms = joined_ms
            self.ice_ms = ice_ms
            self.dtls_ms = dtls_ms
            self.first_audio_ms = first_audio_ms
            self.first_video_ms = first_video_ms
        }
    }

    public struct Bitrate: Codable, Sendable, Equatable {
        public var sent: Double
        public var received: Double

        public init(sent: Double, received: Double) {
            self.sent = sent
            self.received = received
        }
    }

    /// One remote participant as measured (extension field `participants`).
    public struct Participant: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var seconds: Double
        public var video_fps: Double?
        public var frames_decoded: Int
        public var freezes: Int
        public var audio_packets: Int
        public var e2e_latency_ms: Double?
        public var left: Bool

        public init(_ measurement: ParticipantMeasurement) {
            id = measurement.id
            name = measurement.name
            seconds = measurement.seconds
            video_fps = measurement.framesPerSecond
            frames_decoded = measurement.framesDecoded
            freezes = measurement.freezes
            audio_packets = measurement.audioPackets
            e2e_latency_ms = measurement.latencyMilliseconds
            left = measurement.left
        }
    }

    public var ok: Bool
    public var room_id: String
    public var join: Join
    public var rtt_ms: Double?
    public var jitter_ms: Double?
    public var loss_pct: Double?
    public var video_fps: Double?
    public var freezes: Int
    public var e2e_latency_ms: Double?
    public var bitrate_kbps: Bitrate
    public var errors: [String]
    /// Loss repair on the received video: NACKs sent and packets still missing (extension fields).
    public var nacks_sent: Int?
    public var injected_loss_pct: Double?
    /// The local candidate type of the measured peer's media path: host, srflx, prflx or relay.
    public var candidate_type: String?
    public var participants: [Participant]?

    public init(ok: Bool, room_id: String, join: Join, rtt_ms: Double?, jitter_ms: Double?, loss_pct: Double?,
                video_fps: Double?, freezes: Int, e2e_latency_ms: Double?, bitrate_kbps: Bitrate, errors: [String],
                nacks_sent: Int? = nil, injected_loss_pct: Double? = nil, candidate_type: String? = nil,
                participants: [Participant]? = nil) {
        self.ok = ok
        self.room_id = room_id
        self.join = join
        self.rtt_ms = rtt_ms
        self.jitter_ms = jitter_ms
        self.loss_pct = loss_pct
        self.video_fps = video_fps
        self.freezes = freezes
        self.e2e_latency_ms = e2e_latency_ms
        self.bitrate_kbps = bitrate_kbps
        self.errors = errors
        self.nacks_sent = nacks_sent
        self.injected_loss_pct = injected_loss_pct
        self.candidate_type = candidate_type
        self.participants = participants
    }

    /// A numeric field by its JSON name ("loss_pct", "first_video_ms" or "join.first_video_ms").
    public func value(named name: String) -> Double?? {
        let key = name.hasPrefix("join.") ? String(name.dropFirst(5)) : name
        switch key {
        case "ws_ms": return .some(join.ws_ms)
        case "joined_ms": return .some(join.joined_ms)
        case "ice_ms": return .some(join.ice_ms)
        case "dtls_ms": return .some(join.dtls_ms)
        case "first_audio_ms": return .some(join.first_audio_ms)
        case "first_video_ms": return .some(join.first_video_ms)
        case "rtt_ms": return .some(rtt_ms)
        case "jitter_ms": return .some(jitter_ms)
        case "loss_pct": return .some(loss_pct)
        case "video_fps": return .some(video_fps)
        case "freezes": return .some(Double(freezes))
        case "e2e_latency_ms": return .some(e2e_latency_ms)
        case "bitrate_kbps.sent", "sent_kbps": return .some(bitrate_kbps.sent)
        case "bitrate_kbps.received", "received_kbps": return .some(bitrate_kbps.received)
        case "nacks_sent": return .some(nacks_sent.map(Double.init))
        default: return nil
        }
    }
}
