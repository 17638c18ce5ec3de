import Glibc

/// Microseconds since 1970: the clock synthetic media stamps into frames, so a receiver in another
/// process on the same machine can compute capture-to-decode latency.
public enum WallClock {
    public static func microseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}
