import Testing
@testable import ClientCore

@Suite struct ClientCoreSmokeTests {
    @Test func moduleLoads() {}
}
