import RTCBase

extension TURNClient {
    /// RFC 8656 section 18.11's family codes.
    public enum RelayAddressFamily: UInt8, Sendable {
        case ipv4 = 0x01
        case ipv6 = 0x02
    }

    public struct Configuration: Sendable {
        /// The TURN server's address (already resolved: engines do no DNS).
        public var server: TransportAddress
        public var transport: TURNTransport
        public var username: String
        public var password: String
        /// When set, a server announcing another realm is refused at the auth step rather than
        /// answered; nil accepts the realm the server announces.
        public var realm: String?
        /// The SOFTWARE attribute of our requests; nil leaves it out.
        public var software: String?
        /// The LIFETIME asked for in Allocate and Refresh; nil lets the server pick (usually 600 s).
        public var requestedLifetime: Duration?
        /// The relayed address's family (REQUESTED-ADDRESS-FAMILY, RFC 8656 section 18.11); nil asks
        /// for nothing, and servers then relay IPv4.
        public var relayAddressFamily: RelayAddressFamily?
        /// Seeds transaction IDs for reproducible tests; nil uses the system generator.
        public var randomSeed: UInt64?

        /// RFC 8489 section 6.2.1 for UDP: the first retransmission timeout, doubled after each
        /// retransmission, `maxTransmissions` requests in all (Rc), then `finalWaitMultiplier` (Rm)
        /// times the first timeout for a last answer: 39.5 s with the defaults.
        public var initialRTO: Duration = .milliseconds(500)
        public var maxTransmissions = 7
        public var finalWaitMultiplier = 16
        /// Over TCP and TLS a request is sent once and given this long (RFC 8489's Ti).
        public var streamTransactionTimeout: Duration = .milliseconds(39_500)
        /// Allocations, permissions and channels are refreshed when this fraction of their lifetime
        /// has passed, leaving room for retransmissions before they expire.
        public var refreshFraction = 0.8
        /// RFC 8656 sections 9 and 12: fixed lifetimes the server gives permissions and channels.
        public var permissionLifetime: Duration = .seconds(300)
        public var channelLifetime: Duration = .seconds(600)
        /// 438 Stale Nonce answers tolerated in a row for one request.
        public var maxStaleNonceRetries = 3
        /// Payloads kept per peer IP while its permission is being created; older ones are dropped.
        public var maxQueuedPayloadsPerPeer = 64

        public init(server: TransportAddress, transport: TURNTransport = .udp, username: String, password: String,
                    realm: String? = nil, software: String? = "kaamos-tui", requestedLifetime: Duration? = nil,
                    randomSeed: UInt64? = nil) {
            self.server = server
            self.transport = transport
            self.username = username
            self.password = password
            self.realm = realm
            self.software = software
            self.requestedLifetime = requestedLifetime
            self.randomSeed = randomSeed
        }

        var credential: LongTermCredential { LongTermCredential(username: username, password: password) }

        var requestedLifetimeSeconds: UInt32? {
            requestedLifetime.map { UInt32(clamping: max($0.components.seconds, 0)) }
        }
    }
}
