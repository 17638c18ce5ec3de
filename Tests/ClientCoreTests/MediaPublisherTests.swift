import ClientCore
import Foundation
import KaamosTestSupport
import MediaIO
import RTC
import RTCBase
import RTCNetwork
import Testing

/// The publisher's media paths are independent: a video source or encoder that takes far longer
/// than a frame never holds back the 20 ms audio packets.
@Suite struct MediaPublisherTests {
    /// A camera whose every picture takes 400 ms, as a stalled driver or a slow encode would.
    final class SlowVideoSource: VideoSource, @unchecked Sendable {
        let pattern = TestPatternVideoSource(width: 160, height: 120, framesPerSecond: 30)
        let label = "slow"
        func nextFrame(number: UInt32, captureMicros: Int64) -> I420Frame? {
            usleep(400_000)
            return pattern.nextFrame(number: number, captureMicros: captureMicros)
        }
    }

    /// What one side of the call saw, recorded from its driver thread.
    final class Receiver: @unchecked Sendable {
        let lock = PThreadLock()
        var audioArrivals: [Instant] = []
        var videoFrames = 0
        var connected = false
        var peer: PeerSession?

        func handle(_ event: PeerConnectionEvent) {
            lock.withLock {
                switch event {
                case .audioPacket: audioArrivals.append(MonotonicClock.now())
                case .videoFrame: videoFrames += 1
                case .connectionStateChanged(.connected): connected = true
                case let .localCandidate(candidate): try? peer?.addRemoteCandidate(candidate)
                default: break
                }
            }
        }
    }

    @Test func audioKeepsItsCadenceWhileVideoIsSlow() async throws {
        let sender = Receiver(), receiver = Receiver()
        let a = try PeerSession(addresses: [.loopbackV4]) { sender.handle($0) }
        let b = try PeerSession(addresses: [.loopbackV4]) { receiver.handle($0) }
        defer { a.close(); b.close() }
        sender.lock.withLock { sender.peer = b }
        receiver.lock.withLock { receiver.peer = a }
        let audioMid = a.addTrack(kind: .audio, streamID: "a", trackID: "a-audio")
        let videoMid = a.addTrack(kind: .video, streamID: "a", trackID: "a-video")
        try b.setRemoteDescription(sdp: try a.createOffer(), isOffer: true)
        b.addReceiver(kind: .audio)
        b.addReceiver(kind: .video)
        try a.setRemoteDescription(sdp: try b.createAnswer(), isOffer: false)
        _ = await eventually(timeout: .seconds(10), every: .milliseconds(10)) { sender.lock.withLock { sender.connected } }
        try #require(sender.lock.withLock { sender.connected }, "the two sessions connect on loopback")

        var settings = MediaPublisher.Settings()
        settings.width = 160
        settings.height = 120
        let publisher = MediaPublisher(session: a, audioMid: audioMid, videoMid: videoMid, settings: settings,
                                       videoSource: SlowVideoSource(), audioSource: ToneAudioSource())
        publisher.start()
        // A measurement window on the real clock: the publisher's threads pace themselves by it.
        try await Task.sleep(for: .seconds(2))
        publisher.stop()

        let arrivals = receiver.lock.withLock { receiver.audioArrivals }
        let gaps = zip(arrivals.dropFirst(), arrivals).map { ($0 - $1).milliseconds }
        // 2 s of 20 ms packets is 100; video managed about 5 frames in that time.
        #expect(arrivals.count >= 60, "audio packets received: \(arrivals.count)")
        #expect((gaps.max() ?? .infinity) < 200, "longest gap between audio packets: \(gaps.max() ?? -1) ms")
        #expect(publisher.framesSent <= 8, "the slow source gave \(publisher.framesSent) frames")
        #expect(publisher.framesSent >= 1)
    }

    /// A source that counts how often it was stopped.
    final class CountingSource: AudioSource, @unchecked Sendable {
        let label = "counting"
        var stops = 0
        func nextFrame() -> [Int16]? { [Int16](repeating: 0, count: 960) }
        func stop() { stops += 1 }
    }

    @Test func sourcesHandedInOutliveThePublisherSoARejoinKeepsThem() throws {
        let session = try PeerSession(addresses: [.loopbackV4]) { _ in }
        defer { session.close() }
        let mid = session.addTrack(kind: .audio, streamID: "a", trackID: "a-audio")
        let source = CountingSource()
        for _ in 0..<2 {
            let publisher = MediaPublisher(session: session, audioMid: mid, videoMid: nil, videoSource: nil, audioSource: source)
            publisher.start()
            publisher.stop()
        }
        #expect(source.stops == 0)
    }
}
