import Foundation
import KaamosWire

/// Everything the server can be told, with the spec's defaults. The command line, the environment
/// and the config file fill it in that order of precedence (`ConfigurationFile`, `kaamos-server`).
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The base of the room URLs handed out (`https://kaamos.example.com`); without it they are
    /// built from the request's Host header.
    public var publicURL: String?
    /// Bearer token for the admin API; without one every admin call answers 401.
    public var adminToken: String?
    public var limits = RoomLimits()
    /// Room creations allowed per client in `createWindow` seconds (spec 4.4: 10 a minute).
    public var createLimit = 10
    public var createWindow: TimeInterval = 60
    /// Signaling messages allowed per connection in `messageWindow` seconds.
    public var messageLimit = 300
    public var messageWindow: TimeInterval = 10
    /// The largest WebSocket message the server reads; a larger one is answered with
    /// `message-too-large`, and one over four times this size closes the connection (1009).
    public var maxMessageBytes = 64 * 1024
    /// STUN/TURN servers handed to clients in `joined`. None by default: the SFU has public host
    /// candidates, and a default pointing at someone else's STUN server would leak every client's
    /// address to it.
    public var iceServers: [ICEServer] = []
    /// A TURN server added to `iceServers` for each participant, with its own credential.
    public var turn: TURNSettings?
    /// Origins allowed by CORS: `*` for any, or a list.
    public var corsOrigins: [String] = ["*"]
    /// The web page's directory; nil serves the copy bundled with the server.
    public var webRoot: String?
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy such as nginx).
    public var trustForwardedFor = false
    /// HTTPS and WSS on the listener (certificate files or a self-signed one), the HTTP redirect
    /// listener and HSTS. Off by default.
    public var tls = TLSSettings()
    /// How often expired rooms are swept, and how often the admin stream gets `stats`.
    public var sweepInterval: TimeInterval = 30
    public var statsInterval: TimeInterval = 2
    /// How long a WebSocket may stay open without joining before the sweep closes it.
    public var joinTimeout: TimeInterval = 30
    /// How long shutdown waits for clients to acknowledge `room-closed` before the server stops.
    public var shutdownGracePeriod: TimeInterval = 3

    public init() {}

    /// The admin token when one is set and non-empty.
    var effectiveAdminToken: String? {
        guard let adminToken, !adminToken.isEmpty else { return nil }
        return adminToken
    }
}
