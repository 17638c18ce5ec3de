import Glibc
import Synchronization

/// SIGINT, SIGTERM, SIGHUP and (unless curses watches it) SIGWINCH turned into flags that the
/// screen loops poll, so the terminal is restored by ordinary code rather than inside a signal
/// handler. The handlers only store to atomics, which is async-signal-safe; they are installed
/// without SA_RESTART so a waiting poll() wakes up.
public enum TerminalSignals {
    /// The last SIGINT, SIGTERM or SIGHUP not yet taken, 0 when none.
    private static let pendingTermination = Atomic<Int32>(0)
    private static let windowChanged = Atomic<Bool>(false)

    /// The dispositions to put back in `uninstall`.
    nonisolated(unsafe) private static var saved: [Int32: sigaction] = [:]

    /// Installs the handlers (and ignores SIGPIPE so a closed output is an error, not a death).
    /// - Parameter windowSize: also catch SIGWINCH; false when curses handles it (KEY_RESIZE).
    public static func install(windowSize: Bool = true) {
        // Touch the atomics first: a global's lazy initialisation is not safe inside a handler.
        _ = pendingTermination.load(ordering: .relaxed)
        _ = windowChanged.load(ordering: .relaxed)
        install(SIGINT) { number in TerminalSignals.pendingTermination.store(number, ordering: .relaxed) }
        install(SIGTERM) { number in TerminalSignals.pendingTermination.store(number, ordering: .relaxed) }
        install(SIGHUP) { number in TerminalSignals.pendingTermination.store(number, ordering: .relaxed) }
        if windowSize {
            install(SIGWINCH) { _ in TerminalSignals.windowChanged.store(true, ordering: .relaxed) }
        }
        // A parent may hand down a mask with these blocked (tmux started from a test runner does),
        // and then Ctrl-C would do nothing.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var old = sigaction()
        sigaction(SIGPIPE, &ignore, &old)
        saved[SIGPIPE] = old
    }

    /// Puts back the dispositions that were there before `install`.
    public static func uninstall() {
        for (number, var action) in saved { sigaction(number, &action, nil) }
        saved = [:]
    }

    /// The pending SIGINT, SIGTERM or SIGHUP, cleared as it is taken.
    public static func takeTermination() -> Int32? {
        let number = pendingTermination.exchange(0, ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// Whether SIGWINCH arrived since the last call.
    public static func takeWindowChange() -> Bool {
        windowChanged.exchange(false, ordering: .relaxed)
    }

    private static func install(_ number: Int32, handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var old = sigaction()
        sigaction(number, &action, &old)
        saved[number] = old
    }
}
