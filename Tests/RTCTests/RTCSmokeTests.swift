import Testing
@testable import RTC

@Suite struct RTCSmokeTests {
    @Test func moduleLoads() {}
}
