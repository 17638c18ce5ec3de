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

    /// Throws when the Opus encoder cannot be made.
    init(session: PeerSession, mid: String, source: AudioSource, bitrateKbps: Int) throws {
        self.session = session
        self.mid = mid
        self.source = source
        encoder = source is EncodedAudioSource ? nil
            : try OpusEncoder(channels: 1, frameMilliseconds: 20, bitrate: bitrateKbps * 1000)
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
        guard let packet, lock.withLock({ enabled }), session.canSend(mid: mid) else { return }
        session.sendAudio(mid: mid, opusPacket: packet, capturedAt: now)
        lock.withLock { sent += 1 }
    }
}
