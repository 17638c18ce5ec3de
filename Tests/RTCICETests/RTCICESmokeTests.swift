import Testing
@testable import RTCICE

@Suite struct RTCICESmokeTests {
    @Test func moduleLoads() {}
}
