import CSystemShims
import Foundation
import Glibc
import KaamosTestSupport
import Testing

/// `kaamos-tui preview` on a pseudo-terminal: alternate screen, hidden cursor and raw mode while it
/// runs, all restored when it ends; q quits; a terminal of size 0x0 is refused in one sentence.
@Suite struct PreviewTerminalTests {
    /// A pseudo-terminal whose primary side is drained on a thread, as a terminal emulator would.
    final class PseudoTerminal: @unchecked Sendable {
        let primary: Int32
        let secondary: Int32
        private let received = Received()

        /// What the reader thread collected; the thread holds this, not the terminal, so deinit runs.
        final class Received: @unchecked Sendable {
            private let lock = NSLock()
            private var bytes: [UInt8] = []
            func append(_ more: ArraySlice<UInt8>) { lock.lock(); bytes += more; lock.unlock() }
            var all: [UInt8] { lock.lock(); defer { lock.unlock() }; return bytes }
        }

        init(columns: UInt16, rows: UInt16) throws {
            var primary: Int32 = -1, secondary: Int32 = -1
            guard kaamos_open_pseudo_terminal(&primary, &secondary) == 0 else { throw POSIXError(.EIO) }
            self.primary = primary
            self.secondary = secondary
            var size = kaamos_winsize(rows: rows, columns: columns, xpixel: 0, ypixel: 0)
            _ = kaamos_set_winsize(secondary, &size)
            let descriptor = primary, received = received
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count <= 0 { break }
                    received.append(buffer.prefix(count))
                }
            }
            thread.start()
        }

        var output: [UInt8] { received.all }

        static let frameEnd = Array("\u{1B}[?2026l".utf8)
        private static let sentinel = Array("\u{1}kaamos-test-drained\u{1}".utf8)

        /// Everything the program wrote, once the reader thread has read it all: a sentinel written
        /// to the secondary side after the program ended comes out after the program's bytes.
        func drained() -> [UInt8] {
            _ = Self.sentinel.withUnsafeBytes { write(secondary, $0.baseAddress, $0.count) }
            _ = eventuallyBlocking(timeout: .seconds(5), every: .milliseconds(5)) { output.occurrences(of: Self.sentinel) > 0 }
            var bytes = output
            if let range = bytes.ranges(of: Self.sentinel).last { bytes.removeSubrange(range) }
            return bytes
        }

        func type(_ text: String) {
            _ = Array(text.utf8).withUnsafeBytes { write(primary, $0.baseAddress, $0.count) }
        }

        /// The local-mode flags of the secondary side (ICANON, ECHO...).
        var localModes: tcflag_t {
            var mode = termios()
            tcgetattr(secondary, &mode)
            return mode.c_lflag
        }

        deinit {
            close(secondary)
            close(primary)
        }
    }

    @Test func onATerminalItUsesTheAlternateScreenAndRestoresEverythingOnQ() throws {
        let terminal = try PseudoTerminal(columns: 100, rows: 30)
        let before = terminal.localModes
        #expect(before & tcflag_t(ICANON) != 0 && before & tcflag_t(ECHO) != 0)
        let handle = FileHandle(fileDescriptor: terminal.secondary, closeOnDealloc: false)
        var modesWhileRunning: tcflag_t = 0
        let run = try KaamosBinary.run(["preview", "--test-pattern"], stdinHandle: handle, stdoutHandle: handle) { _ in
            _ = eventuallyBlocking(timeout: .seconds(10)) { terminal.output.occurrences(of: PseudoTerminal.frameEnd) > 15 }
            modesWhileRunning = terminal.localModes
            terminal.type("xq")
        }
        let output = terminal.drained()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(modesWhileRunning & tcflag_t(ICANON) == 0 && modesWhileRunning & tcflag_t(ECHO) == 0, "raw mode while running")
        #expect(terminal.localModes == before, "modes restored")

        let text = String(decoding: output, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}[?1049h\u{1B}[?25l"), "alternate screen and hidden cursor first")
        #expect(text.hasSuffix("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"), "colours, cursor and main screen restored last")
        #expect(text.contains("test pattern 640x360 | 100x29 half truecolor | "))
        #expect(text.contains(" | q quits"))
        #expect(output.occurrences(of: PseudoTerminal.frameEnd) > 15, "frames drawn before q")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalsRestoreTheTerminal(signal: Int32, status: Int32) throws {
        let terminal = try PseudoTerminal(columns: 60, rows: 20)
        let before = terminal.localModes
        let handle = FileHandle(fileDescriptor: terminal.secondary, closeOnDealloc: false)
        let run = try KaamosBinary.run(["preview", "--test-pattern"], stdinHandle: handle, stdoutHandle: handle) { running in
            // A frame on screen: raw mode and the handlers are in place by then.
            _ = eventuallyBlocking(timeout: .seconds(10)) { terminal.output.occurrences(of: PseudoTerminal.frameEnd) >= 1 }
            kill(running.process.processIdentifier, signal)
        }
        let output = terminal.drained()
        #expect(run.status == status)
        #expect(terminal.localModes == before)
        #expect(String(decoding: output, as: UTF8.self).hasSuffix("\u{1B}[?25h\u{1B}[?1049l"))
    }

    @Test func aZeroSizeTerminalIsOneSentence() throws {
        let terminal = try PseudoTerminal(columns: 0, rows: 0)
        let handle = FileHandle(fileDescriptor: terminal.secondary, closeOnDealloc: false)
        let run = try KaamosBinary.run(["preview", "--test-pattern", "--frames", "5"], stdoutHandle: handle)
        let output = terminal.drained()
        #expect(run.status == 1)
        #expect(run.stderrLines == ["kaamos-tui: the terminal is 0x0 cells, too small for the preview (at least 4x2); resize it or pass --size WxH"])
        #expect(output.isEmpty, "the terminal was not touched")

        let sized = try KaamosBinary.run(["preview", "--test-pattern", "--frames", "2", "--size", "40x10"], stdoutHandle: handle)
        #expect(sized.status == 0, "\(sized.stderr)")
    }
}
