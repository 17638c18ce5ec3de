import MediaIO
import RTCBase
import RTCNetwork

/// Sends one audio source every 20 ms on its own thread: PCM through Opus, or packets already
/// encoded. Nothing here waits on video.
final class AudioSender: @unchecked Sendable {
    private let session: PeerSession
    private let mid: String
    private let source: AudioSource
    private let encoder: OpusEncoder?
    private let lock = PThreadLock()
    private var enabled = true
    private var sent = 0
    private var loop: PeriodicLoop?
    private var ticks = 0
    private var expectedLossPercent = 0

    /// Throws when the Opus encoder cannot be made.
    init(session: PeerSession, mid: String, source: AudioSource, bitrateKbps: Int) throws {
        self.session = session
        self.mid = mid
        self.source = source
        encoder = source is EncodedAudioSource ? nil
            : try OpusEncoder(channels: 1, frameMilliseconds: 20, bitrate: bitrateKbps * 1000, inbandFEC: true)
    }

    var packetsSent: Int { lock.withLock { sent } }

    /// Muting stops sending (nothing goes out, as a browser's disabled track would send silence).
    func setEnabled(_ on: Bool) { lock.withLock { enabled = on } }

    func start() {
        loop = PeriodicLoop(interval: .milliseconds(20)) { [self] now in tick(now: now) }
    }

    func stop() {
        loop?.stop()
        loop = nil
    }

    private func tick(now: Instant) {
        let packet: [UInt8]?
        if let encoded = source as? EncodedAudioSource {
            packet = encoded.nextPacket()
        } else {
            // Pull the source even when muted, so a device's buffer does not fill with stale audio.
            let pcm = source.nextFrame()
            packet = lock.withLock({ enabled }) ? pcm.flatMap { try? encoder?.encode($0) } : nil
        }
        ticks += 1
        if ticks % 50 == 0 { followReportedLoss() }
        guard let packet, lock.withLock({ enabled }), session.canSend(mid: mid) else { return }
        session.sendAudio(mid: mid, opusPacket: packet, capturedAt: now)
        lock.withLock { sent += 1 }
    }

    /// Once a second, tells Opus the loss the receiver reports, so its in-band FEC (a low-rate
    /// copy of each frame in the next packet) is on exactly when packets are being lost.
    private func followReportedLoss() {
        guard let encoder else { return }
        let reported = session.stats().outbound.first { $0.mid == mid }?.remoteFractionLost ?? 0
        // Rounded up and a little above the report: FEC tuned for 1% does little at 3%.
        let percent = reported > 0 ? min(Int((reported * 100).rounded(.up)) + 2, 30) : 0
        guard percent != expectedLossPercent else { return }
        expectedLossPercent = percent
        try? encoder.setExpectedPacketLoss(percent: percent)
    }
}
