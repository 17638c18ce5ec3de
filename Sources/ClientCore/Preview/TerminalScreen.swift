import Glibc
import MediaIO
import TerminalSession

/// The real `PreviewScreen`: the preview loop's view of a `RawTerminal` (alternate screen, raw
/// keys, signals as events).
public final class TerminalScreen: PreviewScreen {
    private let terminal: RawTerminal
    private var pendingKeys: [UInt8] = []

    public init(outputDescriptor: Int32 = STDOUT_FILENO, inputDescriptor: Int32 = STDIN_FILENO) {
        terminal = RawTerminal(outputDescriptor: outputDescriptor, inputDescriptor: inputDescriptor)
    }

    public var outputDescriptor: Int32 { terminal.outputDescriptor }
    public var inputDescriptor: Int32 { terminal.inputDescriptor }
    public var interactive: Bool { terminal.interactive }
    /// True while standard input is in raw mode and read for keys.
    public var readsKeys: Bool { terminal.readsKeys }

    /// Whether `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    public func setUp() throws(PreviewError) {
        do { try terminal.open() } catch { throw .output(reason: error.reason) }
    }

    public func restore() { terminal.restore() }

    public var nowMicros: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    public func write(_ bytes: [UInt8]) throws(PreviewError) {
        do { try terminal.write(bytes) } catch { throw .output(reason: error.reason) }
    }

    public func waitForEvent(untilMicros deadlineMicros: Int64) -> PreviewEvent {
        while true {
            if let number = TerminalSignals.takeTermination() { return .signal(number) }
            if TerminalSignals.takeWindowChange() {
                return .resized(TerminalCapabilities.currentWindowSize(fd: outputDescriptor))
            }
            if !pendingKeys.isEmpty { return .key(pendingKeys.removeFirst()) }
            let remaining = deadlineMicros - nowMicros
            if remaining <= 0 { return .deadline }
            // poll() counts milliseconds; rounding up never wakes before the deadline.
            pendingKeys += terminal.readKeys(waitingMilliseconds: Int32(min((remaining + 999) / 1000, 1000)))
        }
    }
}
