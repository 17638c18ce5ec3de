import CSystemShims
import Glibc

/// The terminal without curses (the camera preview draws its own bytes): the alternate screen,
/// a hidden cursor and standard input in raw mode while it is open, everything put back by
/// `restore()`, which is safe to call twice. Writing to a file or pipe changes nothing in the
/// terminal and reads no keys.
public final class RawTerminal {
    public let outputDescriptor: Int32
    public let inputDescriptor: Int32
    /// Whether the output is a terminal.
    public let interactive: Bool
    /// True while standard input is in raw mode and read for keys.
    public private(set) var readsKeys = false
    private var savedInputMode: termios?
    private var isOpen = false

    /// Alternate screen on, cursor hidden.
    static let enter: [UInt8] = Array("\u{1B}[?1049h\u{1B}[?25l".utf8)
    /// Default colours, cursor shown, main screen back.
    static let leave: [UInt8] = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".utf8)

    public init(outputDescriptor: Int32 = STDOUT_FILENO, inputDescriptor: Int32 = STDIN_FILENO) {
        self.outputDescriptor = outputDescriptor
        self.inputDescriptor = inputDescriptor
        interactive = isatty(outputDescriptor) == 1
    }

    deinit { restore() }

    /// Installs the signal flags and, on a terminal, enters the alternate screen and raw input:
    /// no line buffering, no echo, reads that return at once; signals stay on so Ctrl-C arrives
    /// as SIGINT. Throws the write's reason when the output refuses the bytes.
    public func open() throws(OutputError) {
        guard !isOpen else { return }
        isOpen = true
        TerminalSignals.install()
        guard interactive else { return }
        if isatty(inputDescriptor) == 1 {
            var mode = termios()
            if tcgetattr(inputDescriptor, &mode) == 0 {
                kaamos_terminal_restore_on_crash()
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
        guard isOpen else { return }
        isOpen = false
        if interactive { try? write(Self.leave) }
        if var mode = savedInputMode {
            tcsetattr(inputDescriptor, TCSANOW, &mode)
            savedInputMode = nil
            kaamos_terminal_forget_crash_restore()
        }
        readsKeys = false
        TerminalSignals.uninstall()
    }

    /// Why the output could not be written, in a few words.
    public struct OutputError: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Writes all of `bytes`, waiting out a full terminal.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(outputDescriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                if errno == EAGAIN { var wait = pollfd(fd: outputDescriptor, events: Int16(POLLOUT), revents: 0); _ = poll(&wait, 1, 100) }
            } else {
                throw OutputError(reason: written < 0 ? String(cString: strerror(errno)) : "nothing was written")
            }
        }
    }

    /// Waits up to `milliseconds` for input and returns the bytes read (empty on timeout or when
    /// keys are not read). Input that closes stops key reading; drawing goes on.
    public func readKeys(waitingMilliseconds milliseconds: Int32) -> [UInt8] {
        guard readsKeys else {
            _ = poll(nil, 0, milliseconds)
            return []
        }
        var input = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&input, 1, milliseconds) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(inputDescriptor, $0.baseAddress, $0.count) }
        if count > 0 { return Array(buffer.prefix(count)) }
        if count == 0 || (errno != EINTR && errno != EAGAIN) { readsKeys = false }
        return []
    }
}
