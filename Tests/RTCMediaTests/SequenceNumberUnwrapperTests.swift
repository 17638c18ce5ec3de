import RTCBase
import Testing
@testable import RTCMedia

@Suite struct SequenceNumberUnwrapperTests {
    @Test func wrapsForwardAndBack() {
        var unwrapper = SequenceNumberUnwrapper()
        #expect(unwrapper.unwrap(65534) == 65534)
        #expect(unwrapper.unwrap(0) == 65536)
        #expect(unwrapper.unwrap(65535) == 65535)
        #expect(unwrapper.unwrap(1) == 65537)
        #expect(unwrapper.highestExtended == 65537)
        // More than half the space ahead of the highest is read as behind it.
        #expect(unwrapper.unwrap(40000) == 40000)
        #expect(unwrapper.extended(7000) == 72536)
        #expect(unwrapper.highestExtended == 65537)
    }

    @Test func randomWalkMatchesTruth() {
        var random = SeededRandom(seed: 9)
        var unwrapper = SequenceNumberUnwrapper()
        var truth: Int64 = 60000
        var highest = truth
        _ = unwrapper.unwrap(UInt16(truth))
        for _ in 0..<100_000 {
            // Forward steps up to 3000, backward (reordering) up to 3000 behind the highest.
            let step = Int64(random.int(below: 6001)) - 3000
            truth = max(highest - 3000, truth + step)
            highest = max(highest, truth)
            #expect(unwrapper.unwrap(UInt16(truncatingIfNeeded: truth)) == truth)
        }
        #expect(highest > 1_000_000)
    }
}
