import Foundation
import LinkEmulation
import RTC
import RTCBase
import RTCMedia
import RTCNetwork
import RTCSDP

/// A peer connection on real sockets: the engine, a driver thread that owns its UDP sockets and the
/// clock, and thread-safe calls for signaling and media. The engine sits behind an emulated link
/// (`ImpairedEngine`) when the session is given one; without, the wrapper passes everything.
public final class PeerSession: Sendable {
    private let driver: DatagramDriver<ImpairedEngine<PeerConnection>>

    /// Binds one UDP socket per address (port chosen by the system) and starts the driver.
    /// - Parameters:
    ///   - addresses: local IPs to gather host candidates on; nil takes every usable interface.
    ///   - inboundFilter: drops the datagrams it rejects before the engine sees them (loss tests).
    ///   - uplink: the emulated link what this peer sends goes through (`--uplink`); nil: none.
    ///   - downlink: the emulated link what it receives comes through (`--downlink`); nil: none.
    ///     Both cover the UDP media path only; TCP and TLS streams to TURN servers pass unimpaired.
    public init(configuration: PeerConnectionConfiguration = PeerConnectionConfiguration(),
                addresses: [TransportAddress.IP]? = nil,
                inboundFilter: (@Sendable (Datagram) -> Bool)? = nil,
                uplink: LinkProfile? = nil, downlink: LinkProfile? = nil,
                onEvent: @escaping @Sendable (PeerConnectionEvent) -> Void) throws {
        let peerConnection = try PeerConnection(configuration: configuration)
        let ips = addresses ?? LocalInterfaces.usableAddresses().map(\.ip)
        var bound: [TransportAddress] = []
        for ip in ips { bound.append(TransportAddress(ip: ip, port: 0)) }
        let engine = ImpairedEngine(engine: peerConnection, uplink: uplink, downlink: downlink)
        let driver = try DatagramDriver(engine: engine, bindingTo: bound, inboundFilter: inboundFilter,
                                        onEvent: onEvent)
        self.driver = driver
        let local = driver.localAddresses
        withEngine { engine, now in engine.addLocalAddresses(local, now: now) }
        driver.start()
    }

    /// Runs `body` with the peer connection and the time; what it transmits enters the uplink then.
    private func withEngine<T>(_ body: (PeerConnection, Instant) throws -> T) rethrows -> T {
        try Self.withEngine(of: driver, body)
    }

    private static func withEngine<T>(of driver: DatagramDriver<ImpairedEngine<PeerConnection>>,
                                      _ body: (PeerConnection, Instant) throws -> T) rethrows -> T {
        try driver.withEngine { impaired, now in try body(impaired.engine(at: now), now) }
    }

    /// What the emulated links did so far; nil for a direction without one.
    public func linkCounters() -> (uplink: LinkCounters?, downlink: LinkCounters?) {
        driver.withEngine { impaired, _ in (impaired.uplink?.counters, impaired.downlink?.counters) }
    }

    deinit { driver.stop() }

    public var localAddresses: [TransportAddress] { driver.localAddresses }

    @discardableResult
    public func addTrack(kind: MediaKind, streamID: String, trackID: String) -> String {
        withEngine { engine, _ in engine.addTrack(kind: kind, streamID: streamID, trackID: trackID) }
    }

    @discardableResult
    public func addReceiver(kind: MediaKind) -> String {
        withEngine { engine, _ in engine.addReceiver(kind: kind) }
    }

    public func createOffer() throws -> String {
        try withEngine { engine, now in try engine.createOffer(now: now).serialized() }
    }

    public func createAnswer() throws -> String {
        try withEngine { engine, now in try engine.createAnswer(now: now).serialized() }
    }

    public func setRemoteDescription(sdp: String, isOffer: Bool) throws {
        try withEngine { engine, now in try engine.setRemoteDescription(sdp: sdp, isOffer: isOffer, now: now) }
    }

    /// Allocates relayed candidates on these TURN servers. UDP ones are reached from our sockets at
    /// once. For each TCP or TLS one a thread of its own connects (TLS checked with `verification`
    /// against the URL's host name) and hands the stream to the driver; meanwhile ICE counts the
    /// candidate as being gathered. A server that cannot be reached becomes one `.failure` sentence
    /// and the call goes on without it.
    public func addRelayServers(_ endpoints: [RelayServerEndpoint], verification: TLSVerification = .system,
                                connectTimeout: Duration = .seconds(5)) {
        guard !endpoints.isEmpty else { return }
        withEngine { engine, now in engine.addRelayServers(endpoints.map(\.server), now: now) }
        for endpoint in endpoints where endpoint.server.transport.isStream {
            let driver = driver
            Thread.detachNewThread {
                Self.connect(endpoint, verification: verification, timeout: connectTimeout, driver: driver)
            }
        }
    }

    /// Opens the stream to one TCP or TLS TURN server and gives it to the driver and the engine, or
    /// tells the engine why it could not.
    private static func connect(_ endpoint: RelayServerEndpoint, verification: TLSVerification, timeout: Duration,
                                driver: DatagramDriver<ImpairedEngine<PeerConnection>>) {
        let server = endpoint.server
        let link: any ServerConnection
        do {
            let tcp = try TCPConnection(connectingTo: server.address, timeout: timeout)
            link = server.transport == .tls
                ? try TLSConnection(over: tcp, serverName: endpoint.host, verification: verification, timeout: timeout)
                : tcp
        } catch {
            let reason = "no relayed candidate from the TURN server \(endpoint.host):\(server.address.port) over \(server.transport.rawValue): \(error)"
            withEngine(of: driver) { engine, now in engine.relayLinkFailed(to: server, reason: reason, now: now) }
            return
        }
        let local = link.localAddress
        // Named before the driver reads from it, so not one byte of it goes through the links.
        driver.withEngine { impaired, _ in impaired.passUnimpaired(local: local, remote: link.remoteAddress) }
        driver.addLink(link)
        withEngine(of: driver) { engine, now in engine.attachRelayLink(to: server, local: local, now: now) }
    }

    /// Gathers server-reflexive candidates from these STUN servers too.
    public func addStunServers(_ servers: [TransportAddress]) {
        guard !servers.isEmpty else { return }
        withEngine { engine, now in engine.addStunServers(servers, now: now) }
    }

    public func addRemoteCandidate(_ candidate: IceCandidateInit) throws {
        try withEngine { engine, now in try engine.addRemoteCandidate(candidate, now: now) }
    }

    @discardableResult
    public func sendAudio(mid: String, opusPacket: [UInt8], capturedAt: Instant? = nil) -> Bool {
        withEngine { engine, now in
            engine.sendAudio(mid: mid, opusPacket: opusPacket, capturedAt: capturedAt ?? now, now: now)
        }
    }

    @discardableResult
    public func sendVideo(mid: String, frame: [UInt8], capturedAt: Instant? = nil) -> Bool {
        withEngine { engine, now in
            engine.sendVideo(mid: mid, frame: frame, capturedAt: capturedAt ?? now, now: now)
        }
    }

    /// What the congestion controller lets all our media send now, in bits per second.
    public var targetBitrate: Int {
        withEngine { engine, _ in engine.targetBitrate }
    }

    /// The codec video in this m-line is sent with, once negotiated.
    public func videoCodec(mid: String) -> VideoCodec? {
        withEngine { engine, _ in engine.videoCodec(mid: mid) }
    }

    public func canSend(mid: String) -> Bool {
        withEngine { engine, _ in engine.canSend(mid: mid) }
    }

    public func requestKeyframe(mid: String) {
        withEngine { engine, now in engine.requestKeyframe(mid: mid, now: now) }
    }

    public func stats() -> PeerConnectionStats {
        withEngine { engine, _ in engine.stats() }
    }

    public var connectionState: PeerConnectionState {
        withEngine { engine, _ in engine.connectionState }
    }

    /// Sends close_notify, then stops the driver thread.
    public func close() {
        withEngine { engine, now in engine.close(now: now) }
        driver.stop()
    }
}
