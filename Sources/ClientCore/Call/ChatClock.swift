import Glibc
import RTCBase

/// The "14:02" of a chat line. The wall-clock time and the UTC offset are read once by the driver
/// when the call starts; the machine advances them by its own `now`, so it never reads a clock.
struct ChatClock: Sendable, Equatable {
    /// Seconds since 1970 at `startedAt`.
    var wallSecondsAtStart: Int64
    /// The local time zone's offset from UTC at the start (a change of daylight saving time
    /// during the call is not followed).
    var utcOffsetSeconds: Int64
    var startedAt: Instant

    /// Hours and minutes of the local time at `now`.
    func label(at now: Instant) -> String {
        let elapsed = (now - startedAt).nanosecondsClamped / 1_000_000_000
        let local = wallSecondsAtStart + elapsed + utcOffsetSeconds
        let minuteOfDay = ((local / 60) % 1440 + 1440) % 1440
        let hours = minuteOfDay / 60, minutes = minuteOfDay % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}

extension ChatClock {
    /// The local time now, as the driver reads it when the call starts.
    static func local(startedAt: Instant) -> ChatClock {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return ChatClock(wallSecondsAtStart: Int64(now), utcOffsetSeconds: Int64(parts.tm_gmtoff), startedAt: startedAt)
    }
}
