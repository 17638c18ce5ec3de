import Testing
@testable import RTCMedia

@Suite struct RTCMediaSmokeTests {
    @Test func moduleLoads() {}
}
