import MediaIO

/// Everything the call view shows, as plain data: the call session fills it in, `CallScreen`
/// draws it. Nothing here knows about curses, so a session can be tested without a terminal.
public struct CallViewModel: Sendable, Equatable {
    /// One remote participant's tile.
    public struct Tile: Sendable, Equatable {
        public var id: String
        public var name: String
        public var micOn: Bool
        public var cameraOn: Bool
        public var speaking: Bool
        /// Whether video is arriving; without it the tile shows a name card.
        public var hasVideo: Bool

        public init(id: String, name: String, micOn: Bool = true, cameraOn: Bool = true, speaking: Bool = false,
                    hasVideo: Bool = true) {
            self.id = id
            self.name = name
            self.micOn = micOn
            self.cameraOn = cameraOn
            self.speaking = speaking
            self.hasVideo = hasVideo
        }
    }

    /// One chat message as shown in the chat panel.
    public struct ChatLine: Sendable, Equatable {
        public var from: String
        public var text: String
        /// Already formatted, e.g. "14:02".
        public var time: String

        public init(from: String, text: String, time: String) {
            self.from = from
            self.text = text
            self.time = time
        }
    }

    /// The figures of the status line; nil figures show as "-".
    public struct Status: Sendable, Equatable {
        /// A word or two: "connecting", "connected", "reconnecting", "disconnected".
        public var connection: String
        public var rttMs: Double?
        public var lossPct: Double?
        public var bitrateInKbps: Double?
        public var bitrateOutKbps: Double?
        public var fps: Double?
        /// The server's certificate is not checked (`--insecure`): shown for the whole call.
        public var insecure: Bool
        /// Media crosses a TURN relay (the selected pair's local candidate is relayed).
        public var relayed: Bool

        public init(connection: String = "connecting", rttMs: Double? = nil, lossPct: Double? = nil,
                    bitrateInKbps: Double? = nil, bitrateOutKbps: Double? = nil, fps: Double? = nil, insecure: Bool = false,
                    relayed: Bool = false) {
            self.connection = connection
            self.rttMs = rttMs
            self.lossPct = lossPct
            self.bitrateInKbps = bitrateInKbps
            self.bitrateOutKbps = bitrateOutKbps
            self.fps = fps
            self.insecure = insecure
            self.relayed = relayed
        }
    }

    public var roomID: String
    public var selfName: String
    public var micOn: Bool
    public var cameraOn: Bool
    public var tiles: [Tile]
    public var status: Status
    /// One line for the user: "No camera: joined audio-only", "Reconnecting in 2 s…", errors.
    public var notice: String?
    public var chat: [ChatLine]
    /// The lines of the stats overlay, already formatted.
    public var statsLines: [String]
    public var showChat = false
    public var showParticipants = false
    public var showStats = false
    public var showHelp = false
    public var blitter: Blitter
    public var colorMode: ColorMode

    public init(roomID: String, selfName: String, micOn: Bool = true, cameraOn: Bool = true, tiles: [Tile] = [],
                status: Status = Status(), notice: String? = nil, chat: [ChatLine] = [], statsLines: [String] = [],
                blitter: Blitter = .default, colorMode: ColorMode = .truecolor) {
        self.roomID = roomID
        self.selfName = selfName
        self.micOn = micOn
        self.cameraOn = cameraOn
        self.tiles = tiles
        self.status = status
        self.notice = notice
        self.chat = chat
        self.statsLines = statsLines
        self.blitter = blitter
        self.colorMode = colorMode
    }
}
