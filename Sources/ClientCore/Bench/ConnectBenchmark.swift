import Glibc
import RTC
import RTCBase
import RTCNetwork

/// Time from a fresh offer to both peers connected (ICE and DTLS), two sessions on loopback.
public enum ConnectBenchmark {
    /// The median over `runs` calls, in milliseconds; nil when no run connected within 5 s.
    public static func connectMilliseconds(runs: Int) -> Double? {
        var samples: [Double] = []
        for _ in 0..<runs {
            if let sample = try? connectOnce() { samples.append(sample) }
        }
        guard !samples.isEmpty else { return nil }
        return samples.sorted()[samples.count / 2]
    }

    private final class Flags: @unchecked Sendable {
        let lock = PThreadLock()
        var connected = 0
        var peer: PeerSession?
    }

    private static func connectOnce() throws -> Double? {
        let flagsA = Flags(), flagsB = Flags()
        func handler(_ flags: Flags, _ other: Flags) -> @Sendable (PeerConnectionEvent) -> Void {
            { event in
                switch event {
                case .connectionStateChanged(.connected):
                    flags.lock.withLock { flags.connected = 1 }
                case let .localCandidate(candidate):
                    if let peer = other.lock.withLock({ other.peer }) { try? peer.addRemoteCandidate(candidate) }
                default:
                    break
                }
            }
        }
        // Certificates are made before the clock starts: a real client makes its own at startup.
        let a = try PeerSession(addresses: [.loopbackV4], onEvent: handler(flagsA, flagsB))
        let b = try PeerSession(addresses: [.loopbackV4], onEvent: handler(flagsB, flagsA))
        flagsA.lock.withLock { flagsA.peer = a }
        flagsB.lock.withLock { flagsB.peer = b }
        defer {
            a.close()
            b.close()
        }
        let start = MonotonicClock.now()
        a.addTrack(kind: .audio, streamID: "a", trackID: "a")
        a.addTrack(kind: .video, streamID: "a", trackID: "v")
        try b.setRemoteDescription(sdp: try a.createOffer(), isOffer: true)
        try a.setRemoteDescription(sdp: try b.createAnswer(), isOffer: false)
        while MonotonicClock.now() - start < .seconds(5) {
            let done = flagsA.lock.withLock { flagsA.connected } + flagsB.lock.withLock { flagsB.connected }
            if done == 2 { return (MonotonicClock.now() - start).milliseconds }
            var pause = timespec(tv_sec: 0, tv_nsec: 100_000)
            nanosleep(&pause, nil)
        }
        return nil
    }
}
