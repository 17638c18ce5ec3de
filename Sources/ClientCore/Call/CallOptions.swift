import LinkEmulation
import RTCBase
import RTCNetwork

/// What a call publishes and how it is reached: everything `kaamos-tui join` decides before joining.
public struct CallOptions: Sendable {
    public enum VideoInput: Sendable, Equatable {
        case none
        case testPattern
        /// Frames encoded once and sent in a loop: a load generator's CPU goes to networking.
        case preencoded(PreencodedMedia)
        case file(String)
        case camera(String)
    }

    public enum AudioInput: Sendable, Equatable {
        case none
        case tone
        case preencoded(PreencodedMedia)
        case file(String)
        case microphone(String)
    }

    public var endpoint: ServerEndpoint
    public var roomID: String
    public var name: String
    public var userID: String
    public var video: VideoInput = .camera("/dev/video0")
    public var audio: AudioInput = .microphone("default")
    /// ALSA output device; "none" plays nothing.
    public var audioOutput = "default"
    public var publisher = MediaPublisher.Settings()
    /// Local IPs for ICE host candidates; nil takes every usable interface.
    public var addresses: [TransportAddress.IP]?
    /// Where the call logs (`--log-file`); nil logs nothing.
    public var logFile: String?
    /// Media loss injected on the receive path, 0...1 (probe's test hook for NACK recovery).
    public var injectedReceiveLoss = 0.0
    /// The emulated links of the media path (`--uplink`, `--downlink`, `--link`): what this client
    /// sends and what it receives, impaired in-process by the peer connection's driver. nil: none.
    /// The signaling WebSocket does not go through them.
    public var uplink: LinkProfile?
    public var downlink: LinkProfile?
    /// false counts received frames without decoding them (load generation).
    public var decodesMedia = true
    /// Rejoin attempts after the network drops, with backoff 1, 2, 4, … 16 s.
    public var reconnectAttempts = 8
    /// ICE transport policy "relay" (`--relay-only`): media only through the TURN servers the
    /// server names in `joined`; a server that names none ends the call with a clear error.
    public var relayOnly = false
    /// How the certificates of `turns:` servers are checked (their names come from the URLs); nil
    /// trusts them as the Kaamos server is trusted (`--ca-file`, `--insecure`, or the system's CAs).
    public var relayTLSVerification: TLSVerification?

    /// The check `turns:` servers get.
    var effectiveRelayTLSVerification: TLSVerification {
        if let relayTLSVerification { return relayTLSVerification }
        switch endpoint.trust {
        case .system: return .system
        case let .certificateAuthority(path): return .caFile(path)
        case .insecure: return .none
        }
    }

    public init(endpoint: ServerEndpoint, roomID: String, name: String, userID: String) {
        self.endpoint = endpoint
        self.roomID = roomID
        self.name = name
        self.userID = userID
    }
}

/// How a call ended, with the exit status `kaamos-tui join` returns for it.
public enum CallEnd: Sendable, Equatable, CustomStringConvertible {
    case left
    case kicked(reason: String?)
    case roomClosed(reason: String?)
    case roomNotFound
    case roomFull
    case serverUnreachable(String)
    case failed(String)

    public var description: String {
        switch self {
        case .left: return "You left the call."
        case let .kicked(reason): return "You were removed from the call\(reason.map { ": \($0)" } ?? "")."
        case let .roomClosed(reason): return "The room was closed\(reason.map { " (\($0))" } ?? "")."
        case .roomNotFound: return "The room does not exist or has expired."
        case .roomFull: return "The room is full."
        case let .serverUnreachable(reason): return reason
        case let .failed(reason): return "The call failed: \(reason)"
        }
    }

    /// 0 left, 2 room not found, 3 room full, 4 server unreachable, 5 kicked, 6 room closed, 1 other.
    public var exitStatus: Int32 {
        switch self {
        case .left: return 0
        case .roomNotFound: return 2
        case .roomFull: return 3
        case .serverUnreachable: return 4
        case .kicked: return 5
        case .roomClosed: return 6
        case .failed: return 1
        }
    }
}
