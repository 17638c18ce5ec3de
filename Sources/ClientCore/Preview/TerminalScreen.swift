import Glibc
import MediaIO

/// The real `PreviewScreen`, and the one place that sets up and restores the terminal.
///
/// On a terminal (`interactive`) it switches to the alternate screen, hides the cursor and puts
/// standard input (when it is a terminal too) in raw mode: no line buffering, no echo, reads that
/// return at once; signals stay on so Ctrl-C arrives as SIGINT. `restore()` undoes all of it and is
/// safe to call twice. Writing to a file or pipe changes nothing in the terminal and reads no keys.
public final class TerminalScreen: PreviewScreen {
    public let outputDescriptor: Int32
    public let inputDescriptor: Int32
    public let interactive: Bool
    /// True while standard input is in raw mode and read for keys.
    public private(set) var readsKeys = false
    private var savedInputMode: termios?
    private var isSetUp = false
    private var pendingKeys: [UInt8] = []

    /// Alternate screen on, cursor hidden.
    static let enter: [UInt8] = Array("\u{1B}[?1049h\u{1B}[?25l".utf8)
    /// Default colours, cursor shown, main screen back.
    static let leave: [UInt8] = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".utf8)

    public init(outputDescriptor: Int32 = STDOUT_FILENO, inputDescriptor: Int32 = STDIN_FILENO) {
        self.outputDescriptor = outputDescriptor
        self.inputDescriptor = inputDescriptor
        interactive = isatty(outputDescriptor) == 1
    }

    /// Whether `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Installs the signal handlers and, on a terminal, enters the alternate screen and raw mode.
    public func setUp() throws(PreviewError) {
        guard !isSetUp else { return }
        isSetUp = true
        TerminalSignals.install()
        guard interactive else { return }
        if isatty(inputDescriptor) == 1 {
            var mode = termios()
            if tcgetattr(inputDescriptor, &mode) == 0 {
                savedInputMode = mode
                mode.c_lflag &= ~tcflag_t(ICANON | ECHO)
                withUnsafeMutableBytes(of: &mode.c_cc) { cc in
                    cc[Int(VMIN)] = 0
                    cc[Int(VTIME)] = 0
                }
                readsKeys = tcsetattr(inputDescriptor, TCSANOW, &mode) == 0
            }
        }
        try write(Self.enter)
    }

    /// Leaves the alternate screen, shows the cursor, restores the input mode and the signal
    /// dispositions. Errors are ignored: there is nobody left to tell.
    public func restore() {
        guard isSetUp else { return }
        isSetUp = false
        if interactive { try? write(Self.leave) }
        if var mode = savedInputMode {
            tcsetattr(inputDescriptor, TCSANOW, &mode)
            savedInputMode = nil
        }
        readsKeys = false
        TerminalSignals.uninstall()
    }

    deinit { restore() }

    public var nowMicros: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    public func write(_ bytes: [UInt8]) throws(PreviewError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(outputDescriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                if errno == EAGAIN { var wait = pollfd(fd: outputDescriptor, events: Int16(POLLOUT), revents: 0); _ = poll(&wait, 1, 100) }
            } else {
                throw .output(reason: written < 0 ? String(cString: strerror(errno)) : "nothing was written")
            }
        }
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
            let timeout = Int32(min((remaining + 999) / 1000, 1000))
            if readsKeys {
                var input = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
                if poll(&input, 1, timeout) > 0 {
                    var buffer = [UInt8](repeating: 0, count: 64)
                    let count = buffer.withUnsafeMutableBytes { read(inputDescriptor, $0.baseAddress, $0.count) }
                    if count > 0 {
                        pendingKeys += buffer.prefix(count)
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        readsKeys = false  // input closed: stop reading keys, keep drawing
                    }
                }
            } else {
                _ = poll(nil, 0, timeout)
            }
        }
    }
}
