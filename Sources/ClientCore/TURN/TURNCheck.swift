import Glibc
import RTCBase
import RTCNetwork
import RTCTURN

/// `kaamos-tui turn-check`: allocates on a TURN server and relays packets to itself.
///
/// A second local UDP socket plays the peer. It first sends to the relayed address, which shows the
/// address the relay sees it at (behind NAT, not its local one); then the client sends `count`
/// packets to that address by Send indication and `count` more by ChannelData after a ChannelBind,
/// the peer echoes each back to the relayed address, and the client times the round trips.
public enum TURNCheck {
    public struct Options: Sendable {
        /// A turn: or turns: URL.
        public var server: IceServerURL
        public var username: String
        /// The long-term password; ignored when `secret` is set.
        public var password: String?
        /// A TURN REST shared secret: the username and password are derived from it and `username`.
        public var secret: String?
        /// How long a REST credential derived from `secret` stays valid; negative makes an expired one.
        public var credentialLifetime: Duration = .seconds(86_400)
        public var verification: TLSVerification = .system
        /// Packets through each path.
        public var count = 10
        /// The longest any one step may take.
        public var timeout: Duration = .seconds(5)
        /// Between two packets of a path.
        public var interval: Duration = .milliseconds(20)

        public init(server: IceServerURL, username: String, password: String? = nil, secret: String? = nil) {
            self.server = server
            self.username = username
            self.password = password
            self.secret = secret
        }

        /// The credential the TURN server gets: the password, or the REST credential of `secret`.
        /// The transport to the TURN server.
        var transport: TURNTransport { TURNTransport(rawValue: server.transport.rawValue) ?? .udp }

        func credential(unixTime: Int64) -> LongTermCredential {
            guard let secret else { return LongTermCredential(username: username, password: password ?? "") }
            return TURNRestCredential(secret: secret, user: username, validFor: credentialLifetime, now: unixTime).longTermCredential
        }
    }

    /// Runs the whole check on the calling thread (a few seconds at most per step).
    public static func run(_ options: Options) -> TURNCheckReport {
        TURNCheckRunner(options: options).run()
    }
}
