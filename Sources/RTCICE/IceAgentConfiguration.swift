import RTCBase

extension IceAgent {
    /// Everything that shapes an agent's behaviour; the defaults suit a browser-compatible client.
    public struct Configuration: Sendable {
        public var role: IceRole
        /// ICE-lite (RFC 8445 section 2.5): host candidates only, never checks, always controlled.
        public var lite: Bool
        public var localCredentials: IceCredentials
        /// Resolves role conflicts (RFC 8445 section 7.3.1.1): the larger value takes control.
        public var tieBreaker: UInt64
        public var stunServers: [TransportAddress]
        /// ICE transport policy "relay" (W3C RTCIceTransportPolicy): only relayed candidates are
        /// offered and checked, so media always goes through a TURN server.
        public var relayOnly: Bool
        /// Ta, the pacing between new STUN transactions (RFC 8445 section 14.2). 20 ms is the usual
        /// floor for the open Internet; 5 ms, the lowest accepted, is fine on loopback or a LAN.
        public var pacing: Duration
        /// The first retransmission timeout; it doubles up to `maxRetransmissionTimeout`. Shorter than
        /// RFC 5389's 500 ms because checks mostly run between hosts a few milliseconds apart, and a
        /// retransmitted Binding request costs a hundred bytes.
        public var initialRetransmissionTimeout: Duration
        public var maxRetransmissionTimeout: Duration
        /// Transmissions of one connectivity or consent check before it counts as failed.
        public var maxCheckTransmissions: Int
        /// Transmissions of one gathering request before the server is given up on.
        public var maxGatherTransmissions: Int
        /// Mean interval between consent checks; each is drawn from ±20% of it (RFC 7675 section 5.1).
        public var consentInterval: Duration
        /// How long a consent check may go unanswered before the state turns `.disconnected`.
        public var disconnectedTimeout: Duration
        /// How long without any consent response before consent expires and the state turns `.failed`
        /// (RFC 7675 section 5.1: 30 seconds).
        public var consentTimeout: Duration
        /// Lite mode sends no checks, so it judges the peer by the checks it receives. Peers send those
        /// every 5 s ±20% or more often, so the threshold is longer than `disconnectedTimeout`.
        public var liteDisconnectedTimeout: Duration
        /// Lite mode sends no consent checks, so it keeps NAT bindings open with a Binding indication
        /// this often on the selected pair (RFC 8445 section 11, Tr = 15 s). Full agents' consent checks
        /// already come more often.
        public var keepaliveInterval: Duration
        /// How long checking may go on without a selected pair before the state turns `.failed`.
        public var checkingTimeout: Duration
        /// Seeds transaction IDs and jitter for reproducible tests; nil draws from the system generator.
        public var randomSeed: UInt64?

        public init(role: IceRole = .controlling, lite: Bool = false, localCredentials: IceCredentials = .random(),
                    tieBreaker: UInt64 = UInt64.random(in: .min ... .max), stunServers: [TransportAddress] = [], relayOnly: Bool = false,
                    pacing: Duration = .milliseconds(20), initialRetransmissionTimeout: Duration = .milliseconds(50),
                    maxRetransmissionTimeout: Duration = .milliseconds(1600), maxCheckTransmissions: Int = 7,
                    maxGatherTransmissions: Int = 5, consentInterval: Duration = .seconds(5),
                    disconnectedTimeout: Duration = .seconds(5), consentTimeout: Duration = .seconds(30),
                    liteDisconnectedTimeout: Duration = .seconds(8), keepaliveInterval: Duration = .seconds(15), checkingTimeout: Duration = .seconds(30),
                    randomSeed: UInt64? = nil) {
            self.role = lite ? .controlled : role
            self.lite = lite
            self.localCredentials = localCredentials
            self.tieBreaker = tieBreaker
            self.stunServers = stunServers
            self.relayOnly = relayOnly
            // RFC 8445 section 14.2: Ta should not be below 5 ms, lest checks congest the link.
            self.pacing = max(pacing, .milliseconds(5))
            self.initialRetransmissionTimeout = initialRetransmissionTimeout
            self.maxRetransmissionTimeout = maxRetransmissionTimeout
            self.maxCheckTransmissions = max(1, maxCheckTransmissions)
            self.maxGatherTransmissions = max(1, maxGatherTransmissions)
            self.consentInterval = consentInterval
            self.disconnectedTimeout = disconnectedTimeout
            self.consentTimeout = consentTimeout
            self.liteDisconnectedTimeout = liteDisconnectedTimeout
            self.keepaliveInterval = keepaliveInterval
            self.checkingTimeout = checkingTimeout
            self.randomSeed = randomSeed
        }
    }
}
