import RTCBase
import Testing
@testable import RTCMedia

@Suite struct NTPTimeTests {
    @Test func unixEpochAndHalfSecond() {
        let epoch = NTPTime(.zero, unixTimeAtZero: .zero)
        #expect(epoch.seconds == 2_208_988_800)
        #expect(epoch.fraction == 0)
        let half = NTPTime(.milliseconds(500), unixTimeAtZero: .seconds(1_700_000_000))
        #expect(half.seconds == UInt32(2_208_988_800 + 1_700_000_000))
        #expect(half.fraction == 0x8000_0000)
        #expect(half.middle32 == UInt32(truncatingIfNeeded: (2_208_988_800 + 1_700_000_000) << 16) | 0x8000)
    }

    @Test func negativeInstantsBorrowFromSeconds() {
        // 0.25 s before Instant.zero at Unix time 100 s is 99.75 s.
        let time = NTPTime(.milliseconds(-250), unixTimeAtZero: .seconds(100))
        #expect(time.seconds == 2_208_988_899)
        #expect(time.fraction == 0xC000_0000)
    }

    @Test func fractionIsMonotonicWithinASecond() {
        var previous = NTPTime(.zero, unixTimeAtZero: .zero)
        for ms in stride(from: 1, through: 2000, by: 7) {
            let next = NTPTime(.milliseconds(Int64(ms)), unixTimeAtZero: .zero)
            #expect(next > previous)
            previous = next
        }
    }
}
