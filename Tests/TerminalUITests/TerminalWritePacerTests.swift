import Testing
@testable import TerminalUI

@Suite struct TerminalWritePacerTests {
    @Test func slowWritesLowerTheFrameRateAndQuickOnesRaiseItAgain() {
        var pacer = TerminalWritePacer(maximumFramesPerSecond: 30, minimumFramesPerSecond: 2)
        #expect(abs(pacer.framesPerSecond - 30) < 0.01)
        for _ in 0..<5 { pacer.record(writeDuration: .milliseconds(40)) }
        #expect(pacer.framesPerSecond <= 12.6)
        for _ in 0..<20 { pacer.record(writeDuration: .seconds(2)) }
        #expect(abs(pacer.framesPerSecond - 2) < 0.01, "never below the minimum")
        for _ in 0..<200 { pacer.record(writeDuration: .milliseconds(1)) }
        #expect(abs(pacer.framesPerSecond - 30) < 0.01, "back to the maximum")
    }

    @Test func writesInTheMiddleKeepTheRate() {
        var pacer = TerminalWritePacer(maximumFramesPerSecond: 10)
        pacer.record(writeDuration: .milliseconds(30))
        #expect(abs(pacer.framesPerSecond - 10) < 0.01)
    }
}
