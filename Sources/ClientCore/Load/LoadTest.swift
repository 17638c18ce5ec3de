import Foundation
import Glibc
import LinkEmulation
import RTC
import RTCBase
import RTCMedia
import RTCNetwork

/// Many peers in one process across several rooms, joining at a set rate: publishers send a
/// pre-encoded clip, every peer counts what it receives from RTP without decoding.
public enum LoadTest {
    public struct Options: Sendable {
        public var endpoint: ServerEndpoint
        public var rooms = 1
        public var peersPerRoom = 2
        /// Publishers per room (the rest only receive); nil: every peer publishes.
        public var publishersPerRoom: Int?
        public var duration: Duration = .seconds(20)
        /// Joins per second across the whole run.
        public var joinRate = 5.0
        public var decode = false
        /// The pre-encoded clip publishers send.
        public var videoWidth = 320
        public var videoHeight = 240
        public var videoKbps = 300
        public var addresses: [TransportAddress.IP]?
        /// Every peer uses relayed candidates only (`--relay-only`).
        public var relayOnly = false
        /// Every peer's emulated links (`--uplink`, `--downlink`, `--link`), each peer its own.
        public var uplink: LinkProfile?
        public var downlink: LinkProfile?

        public init(endpoint: ServerEndpoint) { self.endpoint = endpoint }
    }

    /// One line of the live table.
    public struct Progress: Sendable {
        public var seconds: Double
        public var peers: Int
        public var connected: Int
        public var failed: Int
        public var bitrateKbps: Double
        public var lossPct: Double
        public var cpuPct: Double
        public var generatorIsBottleneck: Bool
    }

    private struct Peer {
        let room: String
        let session: CallSession
        let task: Task<CallEnd, Never>
    }

    public static func run(_ options: Options, progress: @Sendable (Progress) -> Void) async -> LoadReport {
        var errors: [String] = []
        let media: PreencodedMedia
        do {
            media = try PreencodedMedia(width: options.videoWidth, height: options.videoHeight, videoKbps: options.videoKbps)
        } catch {
            return emptyReport(errors: ["cannot encode the load clip: \(error)"])
        }
        let api = KaamosAPIClient(endpoint: options.endpoint)
        var rooms: [String] = []
        for _ in 0..<options.rooms {
            do { rooms.append(try await api.createRoom().roomID) } catch {
                errors.append("cannot create a room: \(error)")
                break
            }
        }
        guard !rooms.isEmpty else { return emptyReport(errors: errors) }

        let cpuStart = cpuSeconds()
        let wallStart = MonotonicClock.now()
        var peers: [Peer] = []
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / max(0.1, options.joinRate)))
        var lastReport = MonotonicClock.now()
        var lastBytes: Int64 = 0
        var lastCPU = cpuStart
        func report() {
            let now = MonotonicClock.now()
            let states = peers.map { $0.session.snapshot() }
            let bytes = states.compactMap(\.stats).reduce(Int64(0)) { total, stats in
                total + stats.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived }
            }
            let seconds = max(0.001, (now - lastReport).milliseconds / 1000)
            let cpu = cpuSeconds()
            let cpuPct = (cpu - lastCPU) / seconds * 100
            let (received, lost) = packetTotals(states)
            progress(Progress(
                seconds: (now - wallStart).milliseconds / 1000, peers: peers.count,
                connected: states.filter { $0.timeline.dtlsMs != nil }.count,
                failed: states.filter { if case .ended = $0.phase { true } else { false } }.count,
                bitrateKbps: BitrateMeter.kilobitsPerSecond(bytes: bytes - lastBytes, seconds: seconds),
                lossPct: received + lost > 0 ? Double(lost) * 100 / Double(received + lost) : 0,
                cpuPct: cpuPct, generatorIsBottleneck: cpuPct > Double(ProcessInfo.processInfo.activeProcessorCount) * 85))
            lastReport = now
            lastBytes = bytes
            lastCPU = cpu
        }

        for (roomIndex, room) in rooms.enumerated() {
            for index in 0..<options.peersPerRoom {
                let publishes = index < (options.publishersPerRoom ?? options.peersPerRoom)
                var session = CallOptions(endpoint: options.endpoint, roomID: room, name: "load-\(roomIndex)-\(index)",
                                          userID: "load-\(roomIndex)-\(index)-\(UInt32.random(in: 0...UInt32.max))")
                session.video = publishes ? .preencoded(media) : .none
                session.audio = publishes ? .preencoded(media) : .none
                session.audioOutput = "none"
                session.decodesMedia = options.decode
                session.addresses = options.addresses
                session.uplink = options.uplink
                session.downlink = options.downlink
                session.relayOnly = options.relayOnly
                let call = CallSession(options: session)
                peers.append(Peer(room: room, session: call, task: Task { await call.run() }))
                try? await Task.sleep(for: interval)
                if MonotonicClock.now() - lastReport >= .seconds(1) { report() }
            }
        }
        let measureStart = MonotonicClock.now()
        let mediasBefore = peers.map { $0.session.remote.snapshot() }
        while MonotonicClock.now() - measureStart < options.duration {
            try? await Task.sleep(for: .milliseconds(200))
            if MonotonicClock.now() - lastReport >= .seconds(1) { report() }
        }
        let elapsed = max(0.001, (MonotonicClock.now() - wallStart).milliseconds / 1000)
        let cpuPct = (cpuSeconds() - cpuStart) / elapsed * 100
        let measureEnd = MonotonicClock.now()
        let states = peers.map { $0.session.snapshot() }
        let medias = peers.map { $0.session.remote.snapshot() }
        for peer in peers { peer.session.leave() }
        for peer in peers { _ = await peer.task.value }
        let linkTotals = peers.map { $0.session.linkCounters() }.reduce((LinkCounters(), LinkCounters())) { total, peer in
            (total.0 + (peer.uplink ?? LinkCounters()), total.1 + (peer.downlink ?? LinkCounters()))
        }
        let link = options.uplink == nil && options.downlink == nil ? nil : ProbeReport.Link(
            uplink: options.uplink.map { ProbeReport.Link.Direction(profile: $0, counters: linkTotals.0) },
            downlink: options.downlink.map { ProbeReport.Link.Direction(profile: $0, counters: linkTotals.1) })

        // Each peer judges every participant it receives by the probe's rule.
        let measurements: [[ParticipantMeasurement]] = peers.indices.map { index in
            let names = Dictionary(states[index].participants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return medias[index].sorted { $0.key < $1.key }.map { id, media in
                ParticipantMeasurement(id: id, name: names[id]?.name ?? "", media: media, before: mediasBefore[index][id],
                                       windowStart: measureStart, windowEnd: measureEnd,
                                       sendsVideo: names[id]?.video ?? true, sendsAudio: names[id]?.audio ?? true)
            }
        }
        let problems = peers.indices.flatMap { index in
            measurements[index].flatMap(\.problems).map { "\(states[index].participantID ?? "peer \(index)") receiving: \($0)" }
        }
        errors.append(contentsOf: problems.prefix(20))
        if problems.count > 20 { errors.append("and \(problems.count - 20) more media problems") }

        var roomFigures: [LoadReport.Figures] = []
        for room in rooms {
            let indices = peers.indices.filter { peers[$0].room == room }
            roomFigures.append(figures(room: room, states: indices.map { states[$0] },
                                       measurements: indices.map { measurements[$0] },
                                       seconds: (measureEnd - measureStart).milliseconds / 1000))
        }
        let total = figures(room: nil, states: states, measurements: measurements, seconds: (measureEnd - measureStart).milliseconds / 1000)
        for state in states {
            if case let .ended(end) = state.phase, end != .left { errors.append("\(end)") }
        }
        return LoadReport(peers: total.peers, connected: total.connected, failed: total.failed, join_ms: total.join_ms,
                          loss_pct: total.loss_pct, jitter_ms: total.jitter_ms, rtt_ms: total.rtt_ms, freezes: total.freezes,
                          video_fps: total.video_fps, bitrate_kbps: total.bitrate_kbps, cpu_pct: cpuPct,
                          rooms: roomFigures, errors: Array(Set(errors)).sorted(), link: link)
    }

    private static func figures(room: String?, states: [CallState], measurements: [[ParticipantMeasurement]],
                                seconds: Double) -> LoadReport.Figures {
        let (received, lost) = packetTotals(states)
        let connected = states.filter { $0.timeline.dtlsMs != nil }
        let fps = measurements.flatMap { $0.compactMap(\.framesPerSecond) }
        let rtts = states.compactMap { $0.stats?.roundTripTime?.milliseconds }
        let jitters = states.compactMap { $0.stats?.inbound.map(\.jitter).max() }.map { $0 * 1000 }
        let sent = states.compactMap(\.stats).reduce(Int64(0)) { total, stats in total + stats.outbound.reduce(Int64(0)) { $0 + $1.bytesSent } }
        let got = states.compactMap(\.stats).reduce(Int64(0)) { total, stats in total + stats.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived } }
        return LoadReport.Figures(
            room_id: room, peers: states.count, connected: connected.count, failed: states.count - connected.count,
            join_ms: LoadReport.Percentiles(connected.compactMap(\.timeline.dtlsMs)),
            loss_pct: received + lost > 0 ? Double(lost) * 100 / Double(received + lost) : nil,
            jitter_ms: jitters.isEmpty ? nil : jitters.reduce(0, +) / Double(jitters.count),
            rtt_ms: rtts.isEmpty ? nil : rtts.reduce(0, +) / Double(rtts.count),
            freezes: measurements.reduce(0) { $0 + $1.reduce(0) { $0 + $1.freezes } },
            video_fps: fps.isEmpty ? nil : fps.reduce(0, +) / Double(fps.count),
            bitrate_kbps: ProbeReport.Bitrate(sent: BitrateMeter.kilobitsPerSecond(bytes: sent, seconds: max(0.001, seconds)),
                                              received: BitrateMeter.kilobitsPerSecond(bytes: got, seconds: max(0.001, seconds))))
    }

    private static func packetTotals(_ states: [CallState]) -> (Int64, Int64) {
        var received: Int64 = 0, lost: Int64 = 0
        for stats in states.compactMap(\.stats) {
            for inbound in stats.inbound {
                received += inbound.packetsReceived
                lost += max(0, inbound.packetsLost)
            }
        }
        return (received, lost)
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    private static func emptyReport(errors: [String]) -> LoadReport {
        let empty = LoadReport.Percentiles([])
        return LoadReport(peers: 0, connected: 0, failed: 0, join_ms: empty, loss_pct: nil, jitter_ms: nil, rtt_ms: nil,
                          freezes: 0, video_fps: nil, bitrate_kbps: ProbeReport.Bitrate(sent: 0, received: 0), cpu_pct: 0,
                          rooms: [], errors: errors)
    }
}
