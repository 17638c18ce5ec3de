import KaamosSFU
import KaamosTestSupport
import RTC
import RTCBase

/// An SFU and its clients on the shared `SimulatedNetwork` (2 ms one way). Signaling is direct:
/// the SFU's offers are answered by the client at once, as a browser would.
final class SFUTestNetwork {
    let network = SimulatedNetwork(seed: 1, start: .milliseconds(1_000), delay: .milliseconds(2))
    let sfu: SFUEngine
    let sfuAddress = TransportAddress("10.0.0.100:3478")!
    private(set) var clients: [String: PeerConnection] = [:]
    private var clientHosts: [String: EngineHost<PeerConnection>] = [:]
    private var sfuHost: EngineHost<SFUEngine>!
    private(set) var sfuEvents: [SFUEvent] = []
    private var signalingError: Error?
    private var nextHost: UInt8 = 1

    init() throws {
        var configuration = SFUEngine.Configuration()
        configuration.localAddresses = [sfuAddress]
        sfu = try SFUEngine(configuration: configuration)
        sfuHost = EngineHost(sfu) { [unowned self] event, now in answerRenegotiation(event, now: now) }
        network.connect(sfuHost, at: [sfuAddress])
    }

    /// A client joins: signaling join, then its offer with audio and video; returns its connection.
    /// `videoCodecs` limits what it offers, accepts and decodes, most wanted first.
    @discardableResult
    func join(_ id: String, room: String = "Room000001", publish: Bool = true, videoCodecs: [String]? = nil) throws -> PeerConnection {
        var configuration = PeerConnectionConfiguration()
        configuration.seed = UInt64(nextHost) * 1000
        if let videoCodecs { configuration.capabilities = configuration.capabilities.limitingVideo(to: videoCodecs) }
        let client = try PeerConnection(configuration: configuration)
        let address = TransportAddress(ip: .v4(10, 0, 0, nextHost), port: 5000)
        nextHost += 1
        let host = EngineHost(client)
        clients[id] = client
        clientHosts[id] = host
        network.connect(host, at: [address])
        client.addLocalAddresses([address], now: now)
        try sfu.addParticipant(roomID: room, participantID: id, now: now)
        if publish {
            client.addTrack(kind: .audio, streamID: id, trackID: "\(id)-mic")
            client.addTrack(kind: .video, streamID: id, trackID: "\(id)-cam")
        }
        let offer = try client.createOffer(now: now)
        let answer = try sfu.handleOffer(participantID: id, sdp: offer.serialized(), now: now)
        try client.setRemoteDescription(sdp: answer, isOffer: false, now: now)
        try drainSignaling()
        return client
    }

    func leave(_ id: String) throws {
        sfu.removeParticipant(participantID: id, now: now)
        clients[id]?.close(now: now)
        try drainSignaling()
        if let host = clientHosts.removeValue(forKey: id) { network.disconnect(host) }
        clients[id] = nil
    }

    var now: Instant { network.now }

    /// Runs the network like `SimulatedNetwork.run(for:until:)`; throws what the direct signaling
    /// failed with.
    func run(for limit: Duration, until condition: () -> Bool = { false }) throws -> Bool {
        let held = network.run(for: limit, until: condition)
        try takeSignalingError()
        return held
    }

    func perform(_ body: (Instant) throws -> Void) throws {
        try body(now)
        try drainSignaling()
    }

    func events(of id: String) -> [PeerConnectionEvent] { clientHosts[id]?.events.map(\.event) ?? [] }

    func frames(of id: String) -> [ReceivedVideoFrame] {
        events(of: id).compactMap { if case let .videoFrame(frame) = $0 { frame } else { nil } }
    }

    func audioPackets(of id: String) -> [ReceivedAudioPacket] {
        events(of: id).compactMap { if case let .audioPacket(packet) = $0 { packet } else { nil } }
    }

    func remoteTracks(of id: String) -> [RemoteTrack] {
        events(of: id).compactMap { if case let .remoteTrackAdded(track) = $0 { track } else { nil } }
    }

    private func drainSignaling() throws {
        network.drain()
        try takeSignalingError()
    }

    /// The SFU's renegotiation offers are answered by the client at once, as a browser would.
    private func answerRenegotiation(_ event: SFUEvent, now: Instant) {
        sfuEvents.append(event)
        guard case let .signal(id, .offer(sdp)) = event, let client = clients[id] else { return }
        do {
            try client.setRemoteDescription(sdp: sdp, isOffer: true, now: now)
            let answer = try client.createAnswer(now: now)
            try sfu.handleAnswer(participantID: id, sdp: answer.serialized(), now: now)
        } catch {
            signalingError = signalingError ?? error
        }
    }

    private func takeSignalingError() throws {
        defer { signalingError = nil }
        if let signalingError { throw signalingError }
    }
}
