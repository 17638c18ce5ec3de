import Crypto
import Foundation
import Testing
@testable import KaamosServer

/// What `--tls-cert`/`--tls-key` accept, and the sentence for everything they refuse.
@Suite struct ServerCertificateTests {
    @Test func aGeneratedCertificateCoversItsNamesAndCarriesItsFingerprints() throws {
        let certificate = try SelfSignedCertificate.make(names: SelfSignedCertificate.names(adding: ["0.0.0.0", "kaamos.test", "[2001:db8::1]"]))
        #expect(certificate.names == ["localhost", "127.0.0.1", "::1", "kaamos.test", "2001:db8::1"])
        let der = try certificate.leaf.serializeAsPEM().derBytes
        let expected = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
        #expect(certificate.fingerprintSHA256 == expected)
        #expect(Data(base64Encoded: certificate.publicKeySHA256Base64)?.count == 32)
        #expect(certificate.notValidAfter > Date().addingTimeInterval(80 * 24 * 3600))
    }

    @Test func missingUnreadableAndNonPEMFilesAreNamed() throws {
        let directory = TestCertificates.temporaryDirectory()
        let good = try TestCertificates.write(try TestCertificates.make(), to: directory)
        let missing = directory + "/missing.pem"
        #expect(throws: TLSCertificateError.unreadable(path: missing, reason: "no such file")) {
            try ServerCertificate.load(certificatePath: missing, keyPath: good.key)
        }
        #expect(throws: TLSCertificateError.unreadable(path: directory, reason: "permission denied or not a regular file")) {
            try ServerCertificate.load(certificatePath: directory, keyPath: good.key)
        }
        let text = directory + "/text.pem"
        try "hello\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: TLSCertificateError.noCertificate(path: text)) {
            try ServerCertificate.load(certificatePath: text, keyPath: good.key)
        }
        #expect(throws: TLSCertificateError.noPrivateKey(path: text)) {
            try ServerCertificate.load(certificatePath: good.certificate, keyPath: text)
        }
        // The certificate given twice: a key path that holds a certificate.
        #expect(throws: TLSCertificateError.noPrivateKey(path: good.certificate)) {
            try ServerCertificate.load(certificatePath: good.certificate, keyPath: good.certificate)
        }
    }

    @Test func brokenPEMAndForeignKeysAreRefusedWithTheReason() throws {
        let directory = TestCertificates.temporaryDirectory()
        let made = try TestCertificates.make()
        let good = try TestCertificates.write(made, to: directory)

        let truncated = directory + "/truncated.pem"
        try String(made.certificatePEM.prefix(200)).appending("\n-----END CERTIFICATE-----\n").write(toFile: truncated, atomically: true, encoding: .utf8)
        #expect(throws: TLSCertificateError.malformedCertificate(path: truncated, reason: "the PEM text is broken (truncated or altered)")) {
            try ServerCertificate.load(certificatePath: truncated, keyPath: good.key)
        }
        let otherKey = directory + "/other.key"
        try TestCertificates.make().keyPEM.write(toFile: otherKey, atomically: true, encoding: .utf8)
        #expect(throws: TLSCertificateError.keyMismatch(certificatePath: good.certificate, keyPath: otherKey)) {
            try ServerCertificate.load(certificatePath: good.certificate, keyPath: otherKey)
        }
        let encrypted = directory + "/encrypted.key"
        try "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n".write(toFile: encrypted, atomically: true, encoding: .utf8)
        #expect(throws: TLSCertificateError.self) { try ServerCertificate.load(certificatePath: good.certificate, keyPath: encrypted) }
        do {
            _ = try ServerCertificate.load(certificatePath: good.certificate, keyPath: encrypted)
        } catch {
            #expect(error.description.contains("encrypted"))
        }
    }

    @Test func keyFilesAsOpenSSLWritesThemAreAccepted() throws {
        let made = try TestCertificates.make()
        // `openssl ecparam -genkey` puts the curve's parameters before the key (the end-to-end
        // tests serve a key made by openssl itself).
        let parameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        for key in [made.keyPEM, parameters + made.keyPEM] {
            let loaded = try ServerCertificate(certificatePEM: made.certificatePEM, keyPEM: key, certificateSource: "c", keySource: "k")
            #expect(loaded.fingerprintSHA256 == made.fingerprintSHA256)
        }
    }

    @Test func theDevelopmentCertificateIsKeptInItsDirectoryAndReplacedWhenExpired() throws {
        let directory = TestCertificates.temporaryDirectory() + "/tls"
        let names = SelfSignedCertificate.names(adding: [])
        let first = try SelfSignedCertificate.loadOrMake(directory: directory, names: names)
        let again = try SelfSignedCertificate.loadOrMake(directory: directory, names: names)
        #expect(again.fingerprintSHA256 == first.fingerprintSHA256, "a valid kept certificate is reused")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/key.pem")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let old = try SelfSignedCertificate.make(names: names, now: Date().addingTimeInterval(-100 * 24 * 3600))
        try TestCertificates.write(old, to: directory)
        let renewed = try SelfSignedCertificate.loadOrMake(directory: directory, names: names)
        #expect(renewed.fingerprintSHA256 != old.fingerprintSHA256, "an expired certificate is replaced")
        let wider = try SelfSignedCertificate.loadOrMake(directory: directory, names: names + ["kaamos.test"])
        #expect(wider.names.contains("kaamos.test"), "a kept certificate that lacks a name is replaced")
    }

    @Test func settingsThatCannotWorkTogetherAreExplained() {
        var settings = TLSSettings()
        #expect(settings.problem == nil && !settings.isEnabled)
        settings.keyPath = "k.pem"
        #expect(settings.problem == "--tls-key needs --tls-cert (the certificate the key belongs to).")
        settings.certificatePath = "c.pem"
        #expect(settings.problem == nil && settings.isEnabled)
        #expect(settings.effectiveHSTSMaxAge == 63_072_000)
        settings.selfSigned = true
        #expect(settings.problem != nil)
        settings = TLSSettings()
        settings.redirectHTTPPort = 8080
        #expect(settings.problem == "--redirect-http needs TLS (--tls-cert and --tls-key, or --self-signed).")
        settings.selfSigned = true
        #expect(settings.problem == nil)
        #expect(settings.effectiveHSTSMaxAge == 0, "a development certificate does not pin localhost to HTTPS")
    }

    @Test func theConfigFileAndFlagsSetTLS() throws {
        let file = try ConfigurationFile(toml: """
            tls_cert = "/etc/kaamos/cert.pem"
            tls_key = "/etc/kaamos/key.pem"
            redirect_http_port = 80
            hsts_max_age = 600
            """)
        var resolved = ServerConfiguration.resolve(file: file, environment: [:], overrides: ConfigurationOverrides()).server
        #expect(resolved.tls.certificatePath == "/etc/kaamos/cert.pem" && resolved.tls.keyPath == "/etc/kaamos/key.pem")
        #expect(resolved.tls.redirectHTTPPort == 80 && resolved.tls.effectiveHSTSMaxAge == 600)
        var overrides = ConfigurationOverrides()
        overrides.selfSigned = true
        resolved = ServerConfiguration.resolve(file: file, environment: [:], overrides: overrides).server
        #expect(resolved.tls.selfSigned && resolved.tls.certificatePath == nil && resolved.tls.problem == nil,
                "--self-signed on the command line replaces the file's certificate")
    }
}
