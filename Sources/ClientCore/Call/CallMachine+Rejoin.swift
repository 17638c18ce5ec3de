import RTCBase

/// Losing the connection and rejoining: backoff of 1, 2, 4, 8 and then 16 s with a countdown on
/// screen, up to `reconnectAttempts` in the whole call; and the timeouts.
extension CallMachine {
    /// The attempt is over: close it, and rejoin later or give up.
    mutating func drop(reason: String, now: Instant) {
        closeAttempt()
        attempt += 1
        guard configuration.reconnectAttempts > 0 else {
            finish(.failed("\(reason) (rejoining is off)"))
            return
        }
        guard attempt <= configuration.reconnectAttempts else {
            finish(.failed("\(reason); gave up after \(configuration.reconnectAttempts) attempts to rejoin"))
            return
        }
        let delay = 1 << min(attempt - 1, 4)
        stage = .waitingToRejoin(reason: reason, at: now + .seconds(delay), showing: delay)
        showCountdown(now: now)
    }

    mutating func handleTimeout(now: Instant) {
        switch stage {
        case .waitingToRejoin:
            showCountdown(now: now)
        case let .leaving(closeBy) where now >= closeBy:
            // The `leave` did not get out in time; close anyway.
            finish(.left)
        default:
            break
        }
    }

    /// Shows the seconds left, rounded up, or rejoins when none are.
    private mutating func showCountdown(now: Instant) {
        guard case let .waitingToRejoin(reason, at, _) = stage else { return }
        let remaining = (at - now).nanosecondsClamped
        guard remaining > 0 else {
            state.rejoins += 1
            connect()
            return
        }
        let seconds = Int((remaining + 999_999_999) / 1_000_000_000)
        stage = .waitingToRejoin(reason: reason, at: at, showing: seconds)
        state.phase = .reconnecting(attempt: attempt, inSeconds: seconds)
        setNotice("Connection lost (\(reason)); rejoining in \(seconds) s…", key: .reconnect)
    }
}
