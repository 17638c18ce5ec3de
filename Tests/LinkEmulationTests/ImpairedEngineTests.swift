import LinkEmulation
import RTCBase
import Testing

/// A trivial engine: it transmits what it is told to, records what it receives and when, and has
/// a timer that fires once.
final class EchoEngine: DatagramEngine {
    typealias Event = String

    var received: [(payload: [UInt8], at: Instant)] = []
    var timer: Instant?
    var timeouts: [Instant] = []
    var closedStreams: [TransportAddress] = []
    private var outputs = OutputQueue<EngineOutput<String>>()

    func transmit(_ payload: [UInt8], from source: TransportAddress = ImpairedEngineTests.local,
                  to destination: TransportAddress = ImpairedEngineTests.remote) {
        outputs.append(.transmit(Datagram(source: source, destination: destination, payload: payload)))
    }

    func handleDatagram(_ datagram: Datagram, now: Instant) {
        received.append((datagram.payload, now))
        outputs.append(.event("got \(datagram.payload.first ?? 0)"))
    }

    func handleTimeout(now: Instant) {
        timeouts.append(now)
        timer = nil
    }

    func nextTimeout() -> Instant? { timer }

    func pollOutput() -> EngineOutput<String>? { outputs.take() }

    func handleStreamClosed(local: TransportAddress, remote: TransportAddress, reason: String, now: Instant) {
        closedStreams.append(remote)
    }
}

@Suite struct ImpairedEngineTests {
    static let local = TransportAddress(ip: .v4(10, 0, 0, 1), port: 4000)
    static let remote = TransportAddress(ip: .v4(10, 0, 0, 2), port: 5000)
    static let server = TransportAddress(ip: .v4(10, 0, 0, 3), port: 3478)

    /// Drains the outputs the way a driver does: transmits and events, in order.
    static func drain(_ engine: ImpairedEngine<EchoEngine>) -> (sent: [[UInt8]], events: [String]) {
        var sent: [[UInt8]] = [], events: [String] = []
        while let output = engine.pollOutput() {
            switch output {
            case let .transmit(datagram): sent.append(datagram.payload)
            case let .event(event): events.append(event)
            }
        }
        return (sent, events)
    }

    @Test func transmitsWaitForTheUplinkAndTheTimeoutLetsThemOut() throws {
        let impaired = ImpairedEngine(engine: EchoEngine(), uplink: try LinkProfile(parsing: "delay=40ms"), downlink: nil)
        impaired.engine(at: .milliseconds(10)).transmit([1])
        #expect(Self.drain(impaired).sent.isEmpty)
        #expect(impaired.nextTimeout() == .milliseconds(50))
        impaired.handleTimeout(now: .milliseconds(49))
        #expect(Self.drain(impaired).sent.isEmpty)
        impaired.handleTimeout(now: .milliseconds(50))
        #expect(Self.drain(impaired).sent == [[1]])
        #expect(impaired.nextTimeout() == nil)
        #expect(impaired.uplink?.counters.deliveredPackets == 1)
        // The engine had no timer of its own, so it was not woken.
        #expect(impaired.engine.timeouts.isEmpty)
    }

    @Test func receivedDatagramsReachTheEngineAfterTheDownlink() throws {
        let impaired = ImpairedEngine(engine: EchoEngine(), uplink: nil, downlink: try LinkProfile(parsing: "rate=80kbit,delay=5ms"))
        // 100 bytes at 80 kbit/s take 10 ms each.
        for byte: UInt8 in 1...3 {
            impaired.handleDatagram(Datagram(source: Self.remote, destination: Self.local, payload: [UInt8](repeating: byte, count: 100)),
                                    now: .zero)
        }
        #expect(impaired.engine.received.isEmpty)
        var instants: [Instant] = []
        while let next = impaired.nextTimeout() {
            impaired.handleTimeout(now: next)
            instants.append(next)
        }
        #expect(instants == [.milliseconds(15), .milliseconds(25), .milliseconds(35)])
        #expect(impaired.engine.received.map(\.at) == instants)
        #expect(impaired.engine.received.map { $0.payload[0] } == [1, 2, 3])
        // The engine's events pass through unchanged.
        #expect(Self.drain(impaired).events == ["got 1", "got 2", "got 3"])
    }

    @Test func theEnginesOwnTimerStillFiresAndIsTheEarliestDeadline() throws {
        let echo = EchoEngine()
        let impaired = ImpairedEngine(engine: echo, uplink: try LinkProfile(parsing: "delay=100ms"), downlink: nil)
        echo.timer = .milliseconds(30)
        impaired.engine(at: .zero).transmit([9])
        _ = Self.drain(impaired)
        #expect(impaired.nextTimeout() == .milliseconds(30))
        impaired.handleTimeout(now: .milliseconds(30))
        #expect(echo.timeouts == [.milliseconds(30)])
        #expect(impaired.nextTimeout() == .milliseconds(100))
        impaired.handleTimeout(now: .milliseconds(100))
        #expect(echo.timeouts == [.milliseconds(30)])
        #expect(Self.drain(impaired).sent == [[9]])
    }

    @Test func lossInEachDirectionIsCountedApart() throws {
        let impaired = ImpairedEngine(engine: EchoEngine(), uplink: try LinkProfile(parsing: "loss=100%"),
                                      downlink: try LinkProfile(parsing: "loss=50%"), seed: 11)
        for byte in 0..<200 {
            impaired.engine(at: .milliseconds(Int64(byte))).transmit([UInt8(truncatingIfNeeded: byte)])
            _ = Self.drain(impaired)
            impaired.handleDatagram(Datagram(source: Self.remote, destination: Self.local, payload: [1]), now: .milliseconds(Int64(byte)))
        }
        #expect(impaired.uplink?.counters.lostPackets == 200)
        let downlinkLost = try #require(impaired.downlink?.counters.lostPackets)
        #expect(downlinkLost > 70 && downlinkLost < 130)
        #expect(impaired.engine.received.count == 200 - downlinkLost)
    }

    @Test func unlimitedProfilesAreNoLinkAtAll() {
        let impaired = ImpairedEngine(engine: EchoEngine(), uplink: .unlimited, downlink: .unlimited)
        #expect(impaired.uplink == nil && impaired.downlink == nil)
        impaired.engine(at: .zero).transmit([5])
        impaired.handleDatagram(Datagram(source: Self.remote, destination: Self.local, payload: [6]), now: .zero)
        let drained = Self.drain(impaired)
        #expect(drained.sent == [[5]] && drained.events == ["got 6"])
    }

    @Test func streamsPassUnimpairedUntilTheyClose() throws {
        let impaired = ImpairedEngine(engine: EchoEngine(), uplink: try LinkProfile(parsing: "loss=100%"),
                                      downlink: try LinkProfile(parsing: "loss=100%"))
        impaired.passUnimpaired(local: Self.local, remote: Self.server)
        impaired.engine(at: .zero).transmit([1], to: Self.server)
        impaired.engine(at: .zero).transmit([2], to: Self.remote)
        impaired.handleDatagram(Datagram(source: Self.server, destination: Self.local, payload: [3]), now: .zero)
        impaired.handleDatagram(Datagram(source: Self.remote, destination: Self.local, payload: [4]), now: .zero)
        #expect(Self.drain(impaired).sent == [[1]])
        #expect(impaired.engine.received.map(\.payload) == [[3]])

        impaired.handleStreamClosed(local: Self.local, remote: Self.server, reason: "reset", now: .milliseconds(1))
        #expect(impaired.engine.closedStreams == [Self.server])
        impaired.engine(at: .milliseconds(2)).transmit([5], to: Self.server)
        #expect(Self.drain(impaired).sent.isEmpty)
    }

    @Test func transmitsOfCallsWithoutTimeEnterTheUplinkAtTheLatestInstant() throws {
        let impaired = ImpairedEngine(engine: EchoEngine(), uplink: try LinkProfile(parsing: "delay=10ms"), downlink: nil)
        impaired.handleTimeout(now: .milliseconds(100))
        // A reading of the clock a little older than one already seen does not move time back.
        impaired.engine(at: .milliseconds(99)).transmit([1])
        _ = Self.drain(impaired)
        #expect(impaired.nextTimeout() == .milliseconds(110))
    }
}
