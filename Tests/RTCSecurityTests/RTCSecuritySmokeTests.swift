import Testing
@testable import RTCSecurity

@Suite struct RTCSecuritySmokeTests {
    @Test func moduleLoads() {}
}
