import ClientCore
import Foundation
import RTC
import RTCBase
import RTCMedia

/// The call view's model from a call's state: tiles, chat, the status line and the stats overlay.
/// It reads no clock (`now` comes in) and draws nothing; the bitrate meter is all it remembers
/// between frames.
public struct CallViewPresenter: Sendable {
    /// The server's certificate is not checked (`--insecure` over https): said for the whole call.
    public var insecure: Bool
    /// Over a second or more, so the figures do not jump with every frame the screen draws.
    private var received = BitrateMeter(minimumSpan: .seconds(1))
    private var sent = BitrateMeter(minimumSpan: .seconds(1))

    public init(insecure: Bool) { self.insecure = insecure }

    public init(endpoint: ServerEndpoint) {
        self.init(insecure: endpoint.isSecure && endpoint.trust == .insecure)
    }

    /// Fills in what the call shows; the view's own state (panels, renderer) is left as it is.
    public mutating func present(_ state: CallState, media: [String: RemoteMedia.ParticipantMedia],
                                 firstFrameMilliseconds: Double?, now: Instant, into model: inout CallViewModel) {
        model.micOn = state.micOn
        model.cameraOn = state.cameraOn
        model.tiles = Self.tiles(state.participants, media: media)
        model.chat = state.chat.map { CallViewModel.ChatLine(from: $0.from, text: $0.text, time: $0.time) }
        model.notice = state.notices.last
        let stats = state.stats
        received.record(totalBytes: stats?.inbound.reduce(0) { $0 + $1.bytesReceived } ?? 0, now: now)
        sent.record(totalBytes: stats?.outbound.reduce(0) { $0 + $1.bytesSent } ?? 0, now: now)
        let fpsValues = media.values.map(\.framesPerSecond).filter { $0 > 0 }
        model.status = CallViewModel.Status(
            connection: Self.connection(state), rttMs: stats?.roundTripTime?.milliseconds, lossPct: Self.lossPercent(stats),
            bitrateInKbps: received.kilobitsPerSecond, bitrateOutKbps: sent.kilobitsPerSecond,
            fps: fpsValues.isEmpty ? nil : fpsValues.reduce(0, +) / Double(fpsValues.count),
            insecure: insecure, relayed: stats?.selectedLocalType == .relayed)
        model.statsLines = Self.statsLines(stats, media: media, firstFrameMilliseconds: firstFrameMilliseconds)
    }

    /// A tile per participant in join order, then one per track of someone the server did not
    /// name (a core-only server sends no participant list), named by its id.
    static func tiles(_ participants: [CallState.Participant],
                      media: [String: RemoteMedia.ParticipantMedia]) -> [CallViewModel.Tile] {
        var tiles = participants.map { participant in
            CallViewModel.Tile(id: participant.id, name: participant.name, micOn: participant.audio,
                               cameraOn: participant.video, speaking: media[participant.id]?.speaking ?? false,
                               hasVideo: media[participant.id]?.picture != nil && participant.video)
        }
        for (id, entry) in media.sorted(by: { $0.key < $1.key }) where !tiles.contains(where: { $0.id == id }) {
            tiles.append(CallViewModel.Tile(id: id, name: id, speaking: entry.speaking, hasVideo: entry.picture != nil))
        }
        return tiles
    }

    /// The status line's first words.
    static func connection(_ state: CallState) -> String {
        switch state.phase {
        case .connecting: return "connecting"
        case .connected: return state.connectionState == .connected ? "connected" : state.connectionState.rawValue
        case let .reconnecting(attempt, seconds): return "reconnecting (\(attempt)) in \(seconds) s"
        case .ended: return "ended"
        }
    }

    /// Packets lost of those expected, over every received stream; nil before any arrived.
    static func lossPercent(_ stats: PeerConnectionStats?) -> Double? {
        let packets = stats?.inbound.reduce(Int64(0)) { $0 + $1.packetsReceived } ?? 0
        let lost = stats?.inbound.reduce(Int64(0)) { $0 + max(0, $1.packetsLost) } ?? 0
        return packets + lost > 0 ? Double(lost) * 100 / Double(packets + lost) : nil
    }

    /// The stats overlay: the connection, the path, each stream sent and received, each
    /// participant's video, and how long the first remote picture took.
    static func statsLines(_ stats: PeerConnectionStats?, media: [String: RemoteMedia.ParticipantMedia],
                           firstFrameMilliseconds: Double?) -> [String] {
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
        if let first = firstFrameMilliseconds { lines.append(String(format: "first remote frame after %.0f ms", first)) }
        return lines
    }
}
