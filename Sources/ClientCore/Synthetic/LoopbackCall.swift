import MediaIO
import RTC
import RTCBase
import RTCMedia
import RTCNetwork

/// Two peer sessions in this process calling each other over real UDP sockets: each publishes the
/// synthetic pattern and tone, each decodes and measures what it receives. The main job until the
/// call client exists, and the source of `connect_ms`.
public final class LoopbackCall: @unchecked Sendable {
    public struct Options: Sendable {
        public var duration: Duration = .seconds(10)
        public var publisher = MediaPublisher.Settings()
        /// Inbound loss injected on both receive paths (media datagrams only), 0...1.
        public var loss = 0.0
        public var addresses: [TransportAddress.IP] = [.loopbackV4]
        public init() {}
    }

    /// One direction's figures, as a receiver measured them.
    public struct DirectionReport: Sendable, Codable {
        public var framesDecoded: Int
        public var fps: Double
        public var freezes: Int
        public var framesMissing: Int
        public var e2eLatencyMs: Double?
        public var audioPackets: Int
        public var audioMarkers: Int
        public var lossPct: Double
        public var jitterMs: Double
        public var bitrateKbps: Double
        public var nackCount: Int
        public var retransmitted: Int64
    }

    public struct Report: Sendable, Codable {
        public var connectMs: Double?
        public var seconds: Double
        public var rttMs: Double?
        public var srtpProfile: String?
        public var aToB: DirectionReport
        public var bToA: DirectionReport
    }

    /// One side of the call.
    private final class Side: @unchecked Sendable {
        let name: String
        let lock = PThreadLock()
        let video = VideoReceiveAnalyzer()
        let audio = AudioReceiveAnalyzer()
        var session: PeerSession!
        var publisher: MediaPublisher?
        var connectedAt: Instant?
        var failures: [String] = []
        var audioMid = ""
        var videoMid = ""
        var peer: Side?

        init(name: String) { self.name = name }

        func handle(_ event: PeerConnectionEvent) {
            let now = MonotonicClock.now()
            switch event {
            case let .videoFrame(frame):
                let needsKeyframe = lock.withLock { video.receive(frame, now: now) }
                if needsKeyframe { session.requestKeyframe(mid: frame.mid) }
            case let .audioPacket(packet):
                lock.withLock { audio.receive(packet, now: now) }
            case .keyframeRequested:
                publisher?.requestKeyframe()
            case let .connectionStateChanged(state):
                if state == .connected { lock.withLock { if connectedAt == nil { connectedAt = now } } }
            case let .localCandidate(candidate):
                try? peer?.session.addRemoteCandidate(candidate)
            case let .failure(message):
                lock.withLock { failures.append(message) }
            default:
                break
            }
        }
    }

    private let options: Options
    private let a = Side(name: "A")
    private let b = Side(name: "B")
    private var startedAt: Instant?

    public init(options: Options = Options()) throws {
        self.options = options
        a.peer = b
        b.peer = a
        for side in [a, b] {
            let filter = ReceiveLossFilter.dropping(options.loss, seed: 99)
            side.session = try PeerSession(addresses: options.addresses, inboundFilter: filter) { [side] event in
                side.handle(event)
            }
        }
    }

    /// Negotiates, then runs for the configured duration, calling `progress` about once a second.
    public func run(progress: (Report) -> Void) async throws -> Report {
        let start = MonotonicClock.now()
        startedAt = start
        a.audioMid = a.session.addTrack(kind: .audio, streamID: "A", trackID: "tone")
        a.videoMid = a.session.addTrack(kind: .video, streamID: "A", trackID: "pattern")
        let offer = try a.session.createOffer()
        try b.session.setRemoteDescription(sdp: offer, isOffer: true)
        b.audioMid = b.session.addTrack(kind: .audio, streamID: "B", trackID: "tone")
        b.videoMid = b.session.addTrack(kind: .video, streamID: "B", trackID: "pattern")
        let answer = try b.session.createAnswer()
        try a.session.setRemoteDescription(sdp: answer, isOffer: false)
        for side in [a, b] {
            let publisher = MediaPublisher(session: side.session, audioMid: side.audioMid, videoMid: side.videoMid,
                                               settings: options.publisher)
            side.publisher = publisher
            publisher.start()
        }
        defer {
            for side in [a, b] {
                side.publisher?.stop()
                side.session.close()
            }
        }
        var nextProgress = start + .seconds(1)
        while MonotonicClock.now() - start < options.duration {
            try await Task.sleep(for: .milliseconds(50))
            if MonotonicClock.now() >= nextProgress {
                nextProgress = nextProgress + .seconds(1)
                progress(report())
            }
            if let failure = (a.lock.withLock { a.failures.first } ?? b.lock.withLock { b.failures.first }) {
                throw NetworkError(failure)
            }
        }
        return report()
    }

    public func report() -> Report {
        let now = MonotonicClock.now()
        let start = startedAt ?? now
        let seconds = (now - start).milliseconds / 1000
        let statsA = a.session.stats()
        let statsB = b.session.stats()
        let connected = [a, b].compactMap { side in side.lock.withLock { side.connectedAt } }
        let connectMs = connected.count == 2 ? connected.max().map { ($0 - start).milliseconds } : nil
        return Report(
            connectMs: connectMs, seconds: seconds,
            rttMs: (statsA.roundTripTime ?? statsB.roundTripTime)?.milliseconds,
            srtpProfile: statsA.srtpProfile,
            aToB: direction(receiver: b, receiverStats: statsB, seconds: seconds),
            bToA: direction(receiver: a, receiverStats: statsA, seconds: seconds))
    }

    private func direction(receiver: Side, receiverStats: PeerConnectionStats, seconds: Double) -> DirectionReport {
        let video = receiverStats.inbound.first { $0.kind == .video }
        let audio = receiverStats.inbound.first { $0.kind == .audio }
        let received = receiverStats.inbound.reduce(Int64(0)) { $0 + $1.packetsReceived }
        let lost = receiverStats.inbound.reduce(Int64(0)) { $0 + max(0, $1.packetsLost) }
        let bytes = receiverStats.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived }
        let sender = receiver === b ? a : b
        let retransmitted = sender.session.stats().outbound.reduce(Int64(0)) { $0 + $1.retransmittedPacketsSent }
        return receiver.lock.withLock {
            DirectionReport(
                framesDecoded: receiver.video.framesDecoded, fps: receiver.video.framesPerSecond,
                freezes: receiver.video.freezes.freezeCount, framesMissing: receiver.video.framesMissing,
                e2eLatencyMs: receiver.video.medianLatencyMilliseconds,
                audioPackets: receiver.audio.packetsReceived, audioMarkers: receiver.audio.markersFound,
                lossPct: received + lost > 0 ? Double(lost) * 100 / Double(received + lost) : 0,
                jitterMs: (video?.jitter ?? audio?.jitter ?? 0) * 1000,
                bitrateKbps: BitrateMeter.kilobitsPerSecond(bytes: bytes, seconds: seconds),
                nackCount: video?.nackCount ?? 0, retransmitted: retransmitted)
        }
    }
}
