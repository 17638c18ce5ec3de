#if canImport(Glibc)
import Glibc
#endif
import CSystemShims
import Testing
@testable import MediaIO

@Suite struct RenderCapabilitiesTests {
    private func detect(_ environment: [String: String], _ size: WindowSize? = nil) -> TerminalCapabilities {
        TerminalCapabilities.detect(environment: environment, windowSize: size)
    }

    @Test func colourModeFollowsCOLORTERMAndTERM() {
        #expect(detect(["TERM": "xterm-256color", "COLORTERM": "truecolor"]).colorMode == .truecolor)
        #expect(detect(["TERM": "xterm-256color", "COLORTERM": "24bit"]).colorMode == .truecolor)
        #expect(detect(["TERM": "xterm-direct"]).colorMode == .truecolor)
        #expect(detect(["TERM": "xterm-256color"]).colorMode == .palette256)
        #expect(detect(["TERM": "xterm"]).colorMode == .palette16)
        #expect(detect(["TERM": "linux"]).colorMode == .palette16)
        #expect(detect(["TERM": "linux", "COLORTERM": "truecolor"]).colorMode == .palette16)
        #expect(detect(["TERM": "dumb", "COLORTERM": "truecolor"]).colorMode == .monochrome)
        #expect(detect([:]).colorMode == .monochrome)
        #expect(detect(["TERM": "vt100"]).colorMode == .monochrome)
        #expect(detect(["TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"]).colorMode == .monochrome)
    }

    @Test func tmuxIsAtLeast256Colours() {
        #expect(detect(["TERM": "screen", "TMUX": "/tmp/tmux-1000/default,1,0"]).colorMode == .palette256)
        #expect(detect(["TERM": "screen"]).colorMode == .palette16)
        #expect(detect(["TERM": "tmux-256color", "TMUX": "x", "COLORTERM": "truecolor"]).colorMode == .truecolor)
    }

    @Test func unicodeFollowsTheLocaleWithLCALLFirst() {
        #expect(detect(["TERM": "xterm", "LANG": "en_US.UTF-8"]).supportsUnicode)
        #expect(detect(["TERM": "xterm", "LANG": "fi_FI.utf8"]).supportsUnicode)
        #expect(!detect(["TERM": "xterm", "LANG": "C"]).supportsUnicode)
        #expect(!detect(["TERM": "xterm", "LANG": "en_US.UTF-8", "LC_ALL": "C"]).supportsUnicode)
        #expect(detect(["TERM": "xterm", "LANG": "C", "LC_CTYPE": "C.UTF-8"]).supportsUnicode)
        #expect(!detect(["TERM": "dumb", "LANG": "en_US.UTF-8"]).supportsUnicode)
        #expect(detect(["TERM": "xterm", "LANG": "C"]).recommendedBlitter == .ascii)
        #expect(detect(["TERM": "xterm", "LANG": "C.UTF-8"]).recommendedBlitter == .halfBlock)
    }

    @Test func synchronizedOutputIsLeftOutOnlyForSimpleTerminals() {
        #expect(detect(["TERM": "xterm-256color"]).supportsSynchronizedOutput)
        #expect(detect(["TERM": "tmux-256color", "TMUX": "x"]).supportsSynchronizedOutput)
        #expect(!detect(["TERM": "linux"]).supportsSynchronizedOutput)
        #expect(!detect(["TERM": "dumb"]).supportsSynchronizedOutput)
        #expect(!detect([:]).supportsSynchronizedOutput)
    }

    @Test func cellAspectComesFromThePixelSize() {
        // 1600x900 pixels over 160x45 cells: 10x20-pixel cells.
        #expect(detect(["TERM": "xterm"], WindowSize(rows: 45, columns: 160, xpixel: 1600, ypixel: 900)).cellPixelAspect == 0.5)
        #expect(detect(["TERM": "xterm"], WindowSize(rows: 40, columns: 80, xpixel: 640, ypixel: 640)).cellPixelAspect == 0.5)
        #expect(detect(["TERM": "xterm"], WindowSize(rows: 10, columns: 10, xpixel: 90, ypixel: 100)).cellPixelAspect == 0.9)
        #expect(detect(["TERM": "xterm"], WindowSize(rows: 24, columns: 80)).cellPixelAspect == 0.5)
        #expect(detect(["TERM": "xterm"], nil).cellPixelAspect == 0.5)
    }

    @Test func windowSizeOfANonTerminalIsNil() {
        #expect(TerminalCapabilities.currentWindowSize(fd: -1) == nil)
        #expect(TerminalCapabilities.currentWindowSize(fd: 1_000_000) == nil)
    }

    #if canImport(Glibc)
    @Test func windowSizeIsReadFromAPseudoTerminal() throws {
        var primary: Int32 = -1, secondary: Int32 = -1
        try #require(kaamos_open_pseudo_terminal(&primary, &secondary) == 0)
        defer {
            close(secondary)
            close(primary)
        }
        var size = kaamos_winsize(rows: 45, columns: 160, xpixel: 1600, ypixel: 900)
        #expect(kaamos_set_winsize(primary, &size) == 0)
        let read = TerminalCapabilities.currentWindowSize(fd: secondary)
        #expect(read == WindowSize(rows: 45, columns: 160, xpixel: 1600, ypixel: 900))
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm"], windowSize: read).cellPixelAspect == 0.5)
        size = kaamos_winsize(rows: 0, columns: 0, xpixel: 0, ypixel: 0)
        #expect(kaamos_set_winsize(primary, &size) == 0)
        #expect(TerminalCapabilities.currentWindowSize(fd: secondary) == nil)  // a zero-cell window is no window
    }
    #endif
}
