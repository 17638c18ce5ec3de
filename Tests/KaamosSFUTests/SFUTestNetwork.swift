import KaamosSFU
import RTC
import RTCBase

/// An SFU and its clients on a simulated network with a virtual clock. Signaling is direct: the
/// SFU's offers are answered by the client at once, as a browser would.
final class SFUTestNetwork {
    let sfu: SFUEngine
    let sfuAddress = TransportAddress("10.0.0.100:3478")!
    private(set) var now = Instant.milliseconds(1_000)
    var clients: [String: PeerConnection] = [:]
    var clientAddresses: [TransportAddress: String] = [:]
    var events: [String: [PeerConnectionEvent]] = [:]
    var sfuEvents: [SFUEvent] = []
    var delay: Duration = .milliseconds(2)
    private var inFlight: [(deliverAt: Instant, datagram: Datagram)] = []
    private var nextHost: UInt8 = 1

    init() throws {
        var configuration = SFUEngine.Configuration()
        configuration.localAddresses = [sfuAddress]
        sfu = try SFUEngine(configuration: configuration)
    }

    /// A client joins: signaling join, then its offer with audio and video; returns its connection.
    @discardableResult
    func join(_ id: String, room: String = "Room000001", publish: Bool = true) throws -> PeerConnection {
        var configuration = PeerConnectionConfiguration()
        configuration.seed = UInt64(nextHost) * 1000
        let client = try PeerConnection(configuration: configuration)
        let address = TransportAddress(ip: .v4(10, 0, 0, nextHost), port: 5000)
        nextHost += 1
        clients[id] = client
        clientAddresses[address] = id
        client.addLocalAddresses([address], now: now)
        try sfu.addParticipant(roomID: room, participantID: id, now: now)
        if publish {
            client.addTrack(kind: .audio, streamID: id, trackID: "\(id)-mic")
            client.addTrack(kind: .video, streamID: id, trackID: "\(id)-cam")
        }
        let offer = try client.createOffer(now: now)
        let answer = try sfu.handleOffer(participantID: id, sdp: offer.serialized(), now: now)
        try client.setRemoteDescription(sdp: answer, isOffer: false, now: now)
        try drain()
        return client
    }

    func leave(_ id: String) throws {
        sfu.removeParticipant(participantID: id, now: now)
        clients[id]?.close(now: now)
        clients[id] = nil
        try drain()
    }

    func drain() throws {
        var progress = true
        while progress {
            progress = false
            while let output = sfu.pollOutput() {
                progress = true
                switch output {
                case let .transmit(datagram): inFlight.append((now + delay, datagram))
                case let .event(event):
                    sfuEvents.append(event)
                    if case let .signal(id, .offer(sdp)) = event, let client = clients[id] {
                        try client.setRemoteDescription(sdp: sdp, isOffer: true, now: now)
                        let answer = try client.createAnswer(now: now)
                        try sfu.handleAnswer(participantID: id, sdp: answer.serialized(), now: now)
                    }
                }
            }
            for (id, client) in clients {
                while let output = client.pollOutput() {
                    progress = true
                    switch output {
                    case let .transmit(datagram): inFlight.append((now + delay, datagram))
                    case let .event(event): events[id, default: []].append(event)
                    }
                }
            }
        }
    }

    func run(for limit: Duration, until condition: () -> Bool = { false }) throws -> Bool {
        let end = now + limit
        try drain()
        while !condition() {
            let deadlines = [inFlight.map(\.deliverAt).min(), sfu.nextTimeout()] + clients.values.map { $0.nextTimeout() }
            guard let next = deadlines.compactMap({ $0 }).min(), next <= end else {
                now = end
                return condition()
            }
            now = max(now, next)
            if let index = inFlight.indices.min(by: { inFlight[$0].deliverAt < inFlight[$1].deliverAt }),
               inFlight[index].deliverAt <= now {
                let datagram = inFlight.remove(at: index).datagram
                if datagram.destination == sfuAddress {
                    sfu.handleDatagram(datagram, now: now)
                } else if let id = clientAddresses[datagram.destination], let client = clients[id] {
                    client.handleDatagram(datagram, now: now)
                }
            } else {
                if let due = sfu.nextTimeout(), due <= now { sfu.handleTimeout(now: now) }
                for client in clients.values where (client.nextTimeout() ?? end) <= now { client.handleTimeout(now: now) }
            }
            try drain()
        }
        return true
    }

    func perform(_ body: (Instant) throws -> Void) throws {
        try body(now)
        try drain()
    }

    func frames(of id: String) -> [ReceivedVideoFrame] {
        (events[id] ?? []).compactMap { if case let .videoFrame(frame) = $0 { frame } else { nil } }
    }

    func audioPackets(of id: String) -> [ReceivedAudioPacket] {
        (events[id] ?? []).compactMap { if case let .audioPacket(packet) = $0 { packet } else { nil } }
    }

    func remoteTracks(of id: String) -> [RemoteTrack] {
        (events[id] ?? []).compactMap { if case let .remoteTrackAdded(track) = $0 { track } else { nil } }
    }
}
