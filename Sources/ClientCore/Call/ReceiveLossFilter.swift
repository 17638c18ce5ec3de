import RTCBase
import RTCNetwork

/// Drops a fraction of incoming media datagrams (RTP and RTCP, RFC 7983): the probe's test hook
/// for NACK recovery (`CallOptions.injectedReceiveLoss`, `loopback --loss`).
enum ReceiveLossFilter {
    /// The filter for that fraction (0...1), nil when it is zero; `seed` repeats the same losses.
    static func dropping(_ loss: Double, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) -> (@Sendable (Datagram) -> Bool)? {
        guard loss > 0 else { return nil }
        let random = LockedRandom(seed: seed)
        let filter: @Sendable (Datagram) -> Bool = { datagram in
            guard let first = datagram.payload.first, first >= 128, first <= 191 else { return true }
            return random.unit() >= loss
        }
        return filter
    }

    /// The filter runs on the peer connection's driver thread.
    private final class LockedRandom: @unchecked Sendable {
        private let lock = PThreadLock()
        private var generator: SeededRandom
        init(seed: UInt64) { generator = SeededRandom(seed: seed) }
        func unit() -> Double { lock.withLock { Double(generator.next() % 1_000_000) / 1_000_000 } }
    }
}
