import ClientCore
import Foundation
import KaamosSFU
import KaamosTestSupport
import RTC
import RTCBase
import Testing

/// The SFU on real UDP sockets with two of our clients, signaling wired directly.
@Suite struct MediaServerSocketTests {
    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var frames: [String: Int] = [:]
        var sessions: [String: PeerSession] = [:]
        var failures: [String] = []
        var answered: Set<String> = []
        func isAnswered(_ id: String) -> Bool { lock.lock(); defer { lock.unlock() }; return answered.contains(id) }
        func add(_ id: String) { lock.lock(); frames[id, default: 0] += 1; lock.unlock() }
        func count(_ id: String) -> Int { lock.lock(); defer { lock.unlock() }; return frames[id] ?? 0 }
    }

    @Test func twoClientsExchangeVideoThroughTheServer() async throws {
        let server = try MediaServer(addresses: [.loopbackV4])
        let box = Box()
        func join(_ id: String) throws -> PeerSession {
            let session = try PeerSession(addresses: [.loopbackV4]) { event in
                switch event {
                case .videoFrame: box.add(id)
                case let .failure(message): box.lock.lock(); box.failures.append("\(id): \(message)"); box.lock.unlock()
                default: break
                }
            }
            box.lock.lock(); box.sessions[id] = session; box.lock.unlock()
            try server.addParticipant(roomID: "Room000001", participantID: id) { signal in
                guard case let .offer(sdp) = signal else { return }
                // Answer on another thread, as a signaling channel would.
                Thread.detachNewThread {
                    // Like the server's hub: offers wait until the answer to the client's own offer is out.
                    _ = eventuallyBlocking(timeout: .seconds(10), every: .milliseconds(1)) { box.isAnswered(id) }
                    do {
                        try session.setRemoteDescription(sdp: sdp, isOffer: true)
                        try server.handleAnswer(participantID: id, sdp: try session.createAnswer())
                    } catch {
                        box.lock.lock(); box.failures.append("\(id) answering: \(error)"); box.lock.unlock()
                    }
                }
            }
            session.addTrack(kind: .audio, streamID: id, trackID: "mic")
            session.addTrack(kind: .video, streamID: id, trackID: "cam")
            let answer = try server.handleOffer(participantID: id, sdp: try session.createOffer())
            try session.setRemoteDescription(sdp: answer, isOffer: false)
            box.lock.lock(); box.answered.insert(id); box.lock.unlock()
            return session
        }
        let alice = try join("alice")
        let bob = try join("bob")
        let publishers = [alice, bob].map { session -> MediaPublisher in
            var settings = MediaPublisher.Settings()
            settings.width = 320
            settings.height = 240
            let publisher = MediaPublisher(session: session, audioMid: "0", videoMid: "1", settings: settings)
            publisher.start()
            return publisher
        }
        defer {
            publishers.forEach { $0.stop() }
            alice.close()
            bob.close()
            server.stop()
        }
        _ = await eventually(timeout: .seconds(15), every: .milliseconds(50)) { box.count("alice") >= 20 && box.count("bob") >= 20 }
        #expect(box.count("alice") >= 20, "alice: \(alice.stats().connectionState), failures \(box.failures)")
        #expect(box.count("bob") >= 20, "bob: \(bob.stats().connectionState), failures \(box.failures)")
        #expect(server.counters.forwardedPackets > 0)
    }
}
