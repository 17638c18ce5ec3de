import LinkEmulation

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
        /// "VP8" or "H264"; absent without video.
        public var video_codec: String?

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
            video_codec = measurement.videoCodec
        }
    }

    /// The measured peer's emulated links (`--link`, `--uplink`, `--downlink`) over the whole run,
    /// join included (extension field `link`, present when a link was set).
    public struct Link: Codable, Sendable, Equatable {
        public struct Direction: Codable, Sendable, Equatable {
            /// The spec as `LinkProfile` prints it back.
            public var profile: String
            public var offered_packets: Int
            public var offered_bytes: Int
            public var delivered_packets: Int
            public var delivered_bytes: Int
            /// Dropped by the full queue (drop-tail).
            public var queue_dropped: Int
            /// Lost at random after the queue.
            public var lost: Int
            /// The longest any packet waited in the queue.
            public var max_queue_delay_ms: Double

            public init(profile: LinkProfile, counters: LinkCounters) {
                self.profile = profile.description
                offered_packets = counters.offeredPackets
                offered_bytes = counters.offeredBytes
                delivered_packets = counters.deliveredPackets
                delivered_bytes = counters.deliveredBytes
                queue_dropped = counters.queueDroppedPackets
                lost = counters.lostPackets
                max_queue_delay_ms = counters.maximumQueueDelay.milliseconds
            }

            func value(named name: String) -> Double?? {
                switch name {
                case "offered_packets": return .some(Double(offered_packets))
                case "offered_bytes": return .some(Double(offered_bytes))
                case "delivered_packets": return .some(Double(delivered_packets))
                case "delivered_bytes": return .some(Double(delivered_bytes))
                case "queue_dropped": return .some(Double(queue_dropped))
                case "lost": return .some(Double(lost))
                case "max_queue_delay_ms": return .some(max_queue_delay_ms)
                default: return nil
                }
            }
        }

        /// What the measured peer sent.
        public var uplink: Direction?
        /// What it received.
        public var downlink: Direction?

        public init(uplink: Direction?, downlink: Direction?) {
            self.uplink = uplink
            self.downlink = downlink
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
    /// Times the measured peer rejoined after losing the server or its media connection.
    public var rejoins: Int?
    public var link: Link?

    public init(ok: Bool, room_id: String, join: Join, rtt_ms: Double?, jitter_ms: Double?, loss_pct: Double?,
                video_fps: Double?, freezes: Int, e2e_latency_ms: Double?, bitrate_kbps: Bitrate, errors: [String],
                nacks_sent: Int? = nil, injected_loss_pct: Double? = nil, candidate_type: String? = nil,
                participants: [Participant]? = nil, rejoins: Int? = nil, link: Link? = nil) {
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
        self.rejoins = rejoins
        self.link = link
    }

    /// A numeric field by its JSON name ("loss_pct", "first_video_ms" or "join.first_video_ms",
    /// "link.downlink.lost").
    public func value(named name: String) -> Double?? {
        for (prefix, direction) in [("link.uplink.", link?.uplink), ("link.downlink.", link?.downlink)] where name.hasPrefix(prefix) {
            let field = String(name.dropFirst(prefix.count))
            guard let direction else {
                // A field a link would have, without the link: not measured.
                return Link.Direction(profile: .unlimited, counters: LinkCounters()).value(named: field) == nil ? nil : .some(nil)
            }
            return direction.value(named: field)
        }
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
        case "rejoins": return .some(rejoins.map(Double.init))
        default: return nil
        }
    }
}
