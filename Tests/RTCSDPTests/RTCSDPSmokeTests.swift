import Testing
@testable import RTCSDP

@Suite struct RTCSDPSmokeTests {
    @Test func moduleLoads() {}
}
