import ClientCore
import Foundation
import MediaIO
import RTC
import TerminalUI

/// Joins the call view to a call session: builds the view model from the session's state, feeds
/// the newest pictures, turns keys into calls, and paces itself to what the terminal absorbs.
final class CallViewController {
    private let session: CallSession
    private let roomID: String
    private var model: CallViewModel
    private var lastBytes: (at: ContinuousClock.Instant, received: Int64, sent: Int64)?
    private var rates: (inKbps: Double, outKbps: Double) = (0, 0)

    init(session: CallSession, roomID: String, capabilities: TerminalCapabilities, blitter: Blitter?) {
        self.session = session
        self.roomID = roomID
        model = CallViewModel(roomID: roomID, selfName: session.options.name,
                              blitter: blitter ?? capabilities.recommendedBlitter, colorMode: capabilities.colorMode)
    }

    /// Runs the screen until the call ends (or `q`); returns how it ended.
    func run(screen: CallScreen, callTask: Task<CallEnd, Never>, unicode: Bool) async -> CallEnd {
        var pacer = TerminalWritePacer(maximumFramesPerSecond: 30)
        var leaving = false
        while true {
            while let intent = screen.nextIntent() {
                if model.applyViewIntent(intent, unicode: unicode) { continue }
                switch intent {
                case .toggleMic: session.setMicrophone(!session.snapshot().micOn)
                case .toggleCamera: session.setCamera(!session.snapshot().cameraOn)
                case let .sendChat(text): session.sendChat(text)
                case .leave:
                    if !leaving {
                        leaving = true
                        session.leave()
                    }
                default: break
                }
            }
            let state = session.snapshot()
            if case let .ended(end) = state.phase {
                return end
            }
            let media = session.remote.snapshot()
            update(from: state, media: media)
            var pictures: [String: I420Frame] = [:]
            for (id, entry) in media { if let picture = entry.picture { pictures[id] = picture } }
            screen.render(model, video: pictures, selfView: state.cameraOn ? session.selfPicture : nil)
            pacer.record(writeDuration: screen.lastWriteDuration)
            try? await Task.sleep(for: pacer.interval)
            if leaving, callTask.isCancelled { return .left }
        }
    }

    private func update(from state: CallState, media: [String: RemoteMedia.ParticipantMedia]) {
        model.micOn = state.micOn
        model.cameraOn = state.cameraOn
        var tiles = state.participants.map { participant in
            CallViewModel.Tile(id: participant.id, name: participant.name, micOn: participant.audio,
                               cameraOn: participant.video, speaking: media[participant.id]?.speaking ?? false,
                               hasVideo: media[participant.id]?.picture != nil && participant.video)
        }
        // A core-only server sends no participant list: tracks still get tiles, named by their id.
        for (id, entry) in media.sorted(by: { $0.key < $1.key }) where !tiles.contains(where: { $0.id == id }) {
            tiles.append(CallViewModel.Tile(id: id, name: id, speaking: entry.speaking, hasVideo: entry.picture != nil))
        }
        model.tiles = tiles
        model.chat = state.chat.map { CallViewModel.ChatLine(from: $0.from, text: $0.text, time: $0.time) }
        model.notice = state.notices.last

        let stats = state.stats
        let now = ContinuousClock.now
        let received = stats?.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived } ?? 0
        let sent = stats?.outbound.reduce(Int64(0)) { $0 + $1.bytesSent } ?? 0
        if let last = lastBytes {
            let seconds = Double((now - last.at).components.attoseconds) / 1e18 + Double((now - last.at).components.seconds)
            if seconds >= 1 {
                rates = (Double(received - last.received) * 8 / seconds / 1000, Double(sent - last.sent) * 8 / seconds / 1000)
                lastBytes = (now, received, sent)
            }
        } else {
            lastBytes = (now, received, sent)
        }
        let packets = stats?.inbound.reduce(Int64(0)) { $0 + $1.packetsReceived } ?? 0
        let lost = stats?.inbound.reduce(Int64(0)) { $0 + max(0, $1.packetsLost) } ?? 0
        let fpsValues = media.values.map(\.framesPerSecond).filter { $0 > 0 }
        let phase: String
        switch state.phase {
        case .connecting: phase = "connecting"
        case .connected: phase = state.connectionState == .connected ? "connected" : state.connectionState.rawValue
        case let .reconnecting(attempt, seconds): phase = "reconnecting (\(attempt)) in \(seconds) s"
        case .ended: phase = "ended"
        }
        model.status = CallViewModel.Status(
            connection: phase, rttMs: stats?.roundTripTime?.milliseconds,
            lossPct: packets + lost > 0 ? Double(lost) * 100 / Double(packets + lost) : nil,
            bitrateInKbps: rates.inKbps, bitrateOutKbps: rates.outKbps,
            fps: fpsValues.isEmpty ? nil : fpsValues.reduce(0, +) / Double(fpsValues.count),
            insecure: session.options.endpoint.isSecure && session.options.endpoint.trust == .insecure,
            relayed: stats?.selectedLocalType == .relayed)
        var lines: [String] = []
        if let stats {
            lines.append("connection \(stats.connectionState.rawValue), ICE \(stats.iceConnectionState.rawValue), SRTP \(stats.srtpProfile ?? "-")")
            if let local = stats.selectedLocal, let remote = stats.selectedRemote {
                lines.append("path \(local) -> \(remote)" + (stats.selectedLocalType == .relayed ? " (relayed through TURN)" : ""))
            }
            for outbound in stats.outbound {
                lines.append("sent \(outbound.kind): \(outbound.packetsSent) pkts, \(outbound.bytesSent / 1024) KiB, NACKs in \(outbound.nackCount), PLIs in \(outbound.pliCount), resent \(outbound.retransmittedPacketsSent)")
            }
            for inbound in stats.inbound {
                lines.append(String(format: "recv %@ %@: %lld pkts, lost %lld, jitter %.1f ms, frames %d, NACKs %d",
                                    "\(inbound.kind)", inbound.mid, inbound.packetsReceived, inbound.packetsLost,
                                    inbound.jitter * 1000, inbound.framesReceived, inbound.nackCount))
            }
        }
        for (id, entry) in media.sorted(by: { $0.key < $1.key }) {
            let latency = entry.latencyMilliseconds.map { String(format: ", capture-to-decode %.0f ms", $0) } ?? ""
            lines.append(String(format: "%@: %.1f fps, %d frames, %d freezes%@", id, entry.framesPerSecond,
                                entry.framesDecoded, entry.freezes, latency))
        }
        if let first = session.firstFrameMilliseconds { lines.append(String(format: "first remote frame after %.0f ms", first)) }
        model.statsLines = lines
    }
}
