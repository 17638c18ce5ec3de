import RTCBase
import RTCNetwork

/// One timer task for a state machine's deadline, replaced when the deadline moves; the driver
/// keeps it, the machine only says when.
struct DeadlineTimer {
    private var armed: (deadline: Instant, task: Task<Void, Never>)?

    /// Arms the timer for `deadline`, or disarms it for nil; `fire` is called at the deadline
    /// with it. Nothing changes while it is armed for that deadline already.
    mutating func schedule(_ deadline: Instant?, fire: @escaping @Sendable (Instant) -> Void) {
        guard deadline != armed?.deadline else { return }
        armed?.task.cancel()
        armed = deadline.map { deadline in
            (deadline, Task {
                try? await Task.sleep(for: max(.zero, deadline - MonotonicClock.now()))
                if !Task.isCancelled { fire(deadline) }
            })
        }
    }

    /// The timer for `deadline` went off, so the same deadline has to be armed again if the
    /// machine still wants it (it may have been early).
    mutating func fired(_ deadline: Instant) {
        if armed?.deadline == deadline { armed = nil }
    }

    mutating func cancel() {
        armed?.task.cancel()
        armed = nil
    }
}
