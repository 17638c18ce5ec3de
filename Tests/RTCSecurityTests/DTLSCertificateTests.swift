import Testing
import RTCBase
import COpenSSL
@testable import RTCSecurity

@Suite struct DTLSCertificateTests {
    @Test func fingerprintIsSHA256OfTheDER() throws {
        let certificate = try DTLSCertificate.generate()
        #expect(certificate.fingerprint.algorithm == "sha-256")
        var digest = [UInt8](repeating: 0, count: 32)
        _ = SHA256(certificate.der, certificate.der.count, &digest)
        #expect(certificate.fingerprint.digest == digest)
        // It survives the SDP text form.
        #expect(CertificateFingerprint(sdpValue: certificate.fingerprint.sdpValue) == certificate.fingerprint)
    }

    @Test func eachCertificateIsFresh() throws {
        let first = try DTLSCertificate.generate()
        let second = try DTLSCertificate.generate()
        #expect(first.fingerprint != second.fingerprint)
    }

    @Test func isSelfSignedP256WithKaamosNameAndThirtyDays() throws {
        let certificate = try DTLSCertificate.generate()
        let x509 = certificate.certificate
        let key = try #require(X509_get0_pubkey(x509))
        #expect(EVP_PKEY_get_bits(key) == 256)
        #expect(X509_verify(x509, key) == 1, "signed by its own key")
        var buffer = [CChar](repeating: 0, count: 64)
        let length = X509_NAME_get_text_by_NID(X509_get_subject_name(x509), NID_commonName, &buffer, 64)
        #expect(length == 6)
        #expect(String(decoding: buffer.prefix(6).map { UInt8(bitPattern: $0) }, as: UTF8.self) == "kaamos")
        var days: Int32 = 0
        var seconds: Int32 = 0
        #expect(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(x509), X509_get0_notAfter(x509)) == 1)
        #expect(days == 31, "one day of skew allowance plus 30 days")
    }

    @Test func generationIsFast() throws {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<20 {
            samples.append(try clock.measure { _ = try DTLSCertificate.generate() })
        }
        let median = samples.sorted()[samples.count / 2]
        print("DTLSCertificate.generate median \(median.milliseconds) ms (debug build)")
        #expect(median < .milliseconds(50))
    }
}
