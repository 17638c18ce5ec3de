import Glibc
import RTCBase
import RTCNetwork

/// A thread of its own that calls `tick` on a fixed cadence until stopped. Each medium's sender
/// runs on one, so a slow video encode never delays the next 20 ms audio packet.
final class PeriodicLoop: @unchecked Sendable {
    private let lock = PThreadLock()
    private var running = true
    private var thread: LoopThread?

    /// - Parameters:
    ///   - interval: the time between ticks; a late tick is not repeated to catch up more than once.
    ///   - tick: called with the tick's scheduled instant.
    init(interval: Duration, tick: @escaping (Instant) -> Void) {
        thread = LoopThread { [self] in
            var next = MonotonicClock.now()
            while lock.withLock({ running }) {
                let now = MonotonicClock.now()
                if now >= next {
                    tick(now)
                    next = next + interval
                    // After a stall (a suspended process, a blocked device), restart the cadence
                    // rather than sending a burst.
                    if MonotonicClock.now() - next > interval * 4 { next = MonotonicClock.now() + interval }
                }
                let sleep = max(0, (next - MonotonicClock.now()).nanosecondsClamped)
                if sleep > 0 {
                    var request = timespec(tv_sec: Int(sleep / 1_000_000_000), tv_nsec: Int(sleep % 1_000_000_000))
                    nanosleep(&request, nil)
                }
            }
        }
    }

    /// Stops ticking and waits for the tick in progress, if any.
    func stop() {
        lock.withLock { running = false }
        thread?.join()
        thread = nil
    }
}
