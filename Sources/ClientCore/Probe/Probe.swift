import Foundation
import LinkEmulation
import RTC
import RTCBase
import RTCMedia
import RTCNetwork

/// A headless join that publishes the synthetic pattern and tone, receives from a second
/// in-process peer (or whoever is in the room), and measures the join and the media.
public enum Probe {
    public struct Options: Sendable {
        public var endpoint: ServerEndpoint
        /// nil creates a room.
        public var roomID: String?
        public var duration: Duration = .seconds(10)
        /// 1: only the measured peer; 2: also a peer it receives from.
        public var peers = 2
        public var addresses: [TransportAddress.IP]?
        public var publisher = MediaPublisher.Settings()
        /// Media loss injected on the measured peer's receive path, 0...1.
        public var injectedLoss = 0.0
        /// Both peers use relayed candidates only (`--relay-only`).
        public var relayOnly = false
        /// How both peers check the certificates of `turns:` servers; nil as the endpoint's trust.
        public var relayTLSVerification: TLSVerification?
        /// The measured peer's emulated links (`--uplink`, `--downlink`, `--link`): what it sends
        /// and what it receives. The second peer's are never impaired, nor is signaling.
        public var uplink: LinkProfile?
        public var downlink: LinkProfile?

        public init(endpoint: ServerEndpoint) { self.endpoint = endpoint }
    }

    public static func run(_ options: Options, progress: @Sendable (String) -> Void = { _ in }) async -> ProbeReport {
        var errors: [String] = []
        let api = KaamosAPIClient(endpoint: options.endpoint)
        let room: String
        if let roomID = options.roomID {
            room = roomID
        } else {
            do {
                room = try await api.createRoom().roomID
            } catch {
                return failed(room: "", errors: ["cannot create a room: \(error)"])
            }
        }
        func sessionOptions(_ name: String) -> CallOptions {
            var session = CallOptions(endpoint: options.endpoint, roomID: room, name: name,
                                      userID: "\(name)-\(UInt32.random(in: 0...UInt32.max))")
            session.video = .testPattern
            session.audio = .tone
            session.audioOutput = "none"
            session.addresses = options.addresses
            session.publisher = options.publisher
            // A peer the server drops (a ping timeout on a congested link) rejoins as `join`
            // does; the report counts it, and leaving at the end stops any countdown.
            session.relayOnly = options.relayOnly
            session.relayTLSVerification = options.relayTLSVerification
            return session
        }
        var probeOptions = sessionOptions("probe")
        probeOptions.injectedReceiveLoss = options.injectedLoss
        probeOptions.uplink = options.uplink
        probeOptions.downlink = options.downlink
        let probe = CallSession(options: probeOptions)
        var partner: CallSession?
        if options.peers >= 2 { partner = CallSession(options: sessionOptions("probe-peer")) }
        let probeRun = Task { await probe.run() }
        let partnerRun = partner.map { partner in Task { await partner.run() } }

        // Wait for the connection (at most 15 s), then measure for the duration.
        let start = MonotonicClock.now()
        while probe.snapshot().timeline.dtlsMs == nil, MonotonicClock.now() - start < .seconds(15) {
            if case .ended = probe.snapshot().phase { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let measureStart = MonotonicClock.now()
        let first = probe.snapshot()
        // Byte counts are the current peer connection's: after a rejoin they start again from 0.
        let firstStats = first.stats
        let mediaBefore = probe.remote.snapshot()
        // Who was in the room, by id, as signalling said last: names and what each sends stay
        // known after they leave.
        var seen: [String: CallState.Participant] = [:]
        while MonotonicClock.now() - measureStart < options.duration {
            let current = probe.snapshot()
            for participant in current.participants { seen[participant.id] = participant }
            if case .ended = current.phase { break }
            try? await Task.sleep(for: .milliseconds(200))
            progress("measuring")
        }
        let measureEnd = MonotonicClock.now()
        let state = probe.snapshot()
        for participant in state.participants { seen[participant.id] = participant }
        let media = probe.remote.snapshot()
        let seconds = max(0.001, (measureEnd - measureStart).milliseconds / 1000)
        if case let .ended(end) = state.phase { errors.append("\(end)") }
        // The --insecure warning is the user's choice, said on stderr already, not a failure.
        errors.append(contentsOf: state.notices.filter { !$0.hasPrefix("Sound is off") && $0 != options.endpoint.trust.warning })

        probe.leave()
        partner?.leave()
        _ = await probeRun.value
        _ = await partnerRun?.value

        let stats = state.stats
        let received = stats?.inbound.reduce(Int64(0)) { $0 + $1.packetsReceived } ?? 0
        let lost = stats?.inbound.reduce(Int64(0)) { $0 + max(0, $1.packetsLost) } ?? 0
        let baseline = state.rejoins == first.rejoins ? firstStats : nil
        let bytesIn = (stats?.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived } ?? 0)
            - (baseline?.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived } ?? 0)
        let bytesOut = (stats?.outbound.reduce(Int64(0)) { $0 + $1.bytesSent } ?? 0)
            - (baseline?.outbound.reduce(Int64(0)) { $0 + $1.bytesSent } ?? 0)
        let counters = probe.linkCounters()
        let link = counters.uplink == nil && counters.downlink == nil ? nil : ProbeReport.Link(
            uplink: zip(options.uplink, counters.uplink).map { ProbeReport.Link.Direction(profile: $0, counters: $1) },
            downlink: zip(options.downlink, counters.downlink).map { ProbeReport.Link.Direction(profile: $0, counters: $1) })
        // Every remote participant, from whenever it appeared: expected media that never came, or
        // stopped, fails the probe with the reason.
        let measured: [ParticipantMeasurement] = media.sorted { $0.key < $1.key }.map { id, participantMedia in
            ParticipantMeasurement(id: id, name: seen[id]?.name ?? "", media: participantMedia, before: mediaBefore[id],
                                   windowStart: measureStart, windowEnd: measureEnd,
                                   sendsVideo: seen[id]?.video ?? true, sendsAudio: seen[id]?.audio ?? true)
        }
        errors.append(contentsOf: measured.flatMap(\.problems))
        let videos = measured.filter { $0.framesDecoded > 0 }
        let timeline = state.timeline
        if options.peers >= 2, measured.isEmpty, errors.isEmpty { errors.append("the second peer never sent media") }
        return ProbeReport(
            ok: errors.isEmpty, room_id: room,
            join: ProbeReport.Join(ws_ms: timeline.webSocketMs, joined_ms: timeline.joinedMs, ice_ms: timeline.iceMs,
                                   dtls_ms: timeline.dtlsMs, first_audio_ms: timeline.firstAudioMs,
                                   first_video_ms: timeline.firstVideoMs),
            rtt_ms: stats?.roundTripTime?.milliseconds,
            jitter_ms: stats.flatMap { $0.inbound.map(\.jitter).max() }.map { $0 * 1000 },
            loss_pct: received + lost > 0 ? Double(lost) * 100 / Double(received + lost) : nil,
            video_fps: videos.isEmpty ? nil : videos.compactMap(\.framesPerSecond).reduce(0, +) / Double(videos.count),
            freezes: measured.reduce(0) { $0 + $1.freezes },
            e2e_latency_ms: videos.compactMap(\.latencyMilliseconds).max(),
            bitrate_kbps: ProbeReport.Bitrate(sent: BitrateMeter.kilobitsPerSecond(bytes: bytesOut, seconds: seconds),
                                              received: BitrateMeter.kilobitsPerSecond(bytes: bytesIn, seconds: seconds)),
            errors: errors,
            nacks_sent: stats.map { $0.inbound.reduce(0) { $0 + $1.nackCount } },
            injected_loss_pct: options.injectedLoss > 0 ? options.injectedLoss * 100 : nil,
            candidate_type: stats?.selectedLocalType?.rawValue,
            participants: measured.map(ProbeReport.Participant.init),
            rejoins: state.rejoins, link: link)
    }

    private static func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    private static func failed(room: String, errors: [String]) -> ProbeReport {
        ProbeReport(ok: false, room_id: room, join: ProbeReport.Join(), rtt_ms: nil, jitter_ms: nil, loss_pct: nil,
                    video_fps: nil, freezes: 0, e2e_latency_ms: nil, bitrate_kbps: ProbeReport.Bitrate(sent: 0, received: 0),
                    errors: errors)
    }
}
