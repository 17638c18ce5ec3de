import Testing
@testable import RTCSecurity

/// Checks that the benchmarks run and measure something; prints the figures (use a release build
/// for numbers worth quoting).
@Suite struct SecurityBenchmarkTests {
    @Test func srtpFiguresArePositive() {
        for profile in [SRTPProfile.aeadAes128Gcm, .aes128CmHmacSha1_80] {
            let protect = SecurityBenchmark.srtpProtectNanoseconds(profile: profile, payloadSize: 1188, iterations: 3_100)
            let unprotect = SecurityBenchmark.srtpUnprotectNanoseconds(profile: profile, payloadSize: 1188, iterations: 3_100)
            print("bench \(profile) 1200-byte packet: protect \(Int(protect)) ns, unprotect \(Int(unprotect)) ns")
            #expect(protect > 0 && protect.isFinite)
            #expect(unprotect > 0 && unprotect.isFinite)
        }
    }

    @Test func handshakeFigureIsPositive() {
        let handshake = SecurityBenchmark.dtlsHandshakeMilliseconds(runs: 15)
        let certificate = SecurityBenchmark.certificateGenerationMilliseconds(runs: 15)
        print("bench DTLS handshake \(handshake) ms CPU, certificate \(certificate) ms CPU")
        #expect(handshake > 0 && handshake.isFinite)
        #expect(certificate > 0 && certificate.isFinite)
    }
}
