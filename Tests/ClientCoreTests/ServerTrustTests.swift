import Foundation
import NIOCore
import NIOSSL
import Testing
@testable import ClientCore

/// `--ca-file` and `--insecure` as the client resolves them, and the endpoint parts TLS needs.
@Suite struct ServerTrustTests {
    static func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "kaamos-trust-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pem"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func flagsPickTheTrustAndContradictionsAreRefused() throws {
        #expect(try ServerTrust(caFile: nil, insecure: false) == .system)
        #expect(try ServerTrust(caFile: "ca.pem", insecure: false) == .certificateAuthority(path: "ca.pem"))
        #expect(try ServerTrust(caFile: nil, insecure: true) == .insecure)
        #expect(throws: ServerTrustError.contradictory) { try ServerTrust(caFile: "ca.pem", insecure: true) }
        #expect(ServerTrust.system.warning == nil)
        #expect(ServerTrust.insecure.warning?.hasPrefix("--insecure: the server's certificate is not checked") == true)
    }

    @Test func aCAFileIsCheckedBeforeAnyConnection() throws {
        #expect(throws: ServerTrustError.caFileMissing("/nonexistent/ca.pem")) {
            try ServerTrust.certificateAuthority(path: "/nonexistent/ca.pem").validate()
        }
        #expect(throws: ServerTrustError.caFileUnreadable(NSTemporaryDirectory())) {
            try ServerTrust.certificateAuthority(path: NSTemporaryDirectory()).validate()
        }
        let text = try Self.temporaryFile("not a certificate\n")
        #expect(throws: ServerTrustError.caFileNotPEM(text)) { try ServerTrust.certificateAuthority(path: text).validate() }
        let system = try ServerTrust.system.makeTLSConfiguration()
        #expect(system.trustRoots == nil || system.trustRoots == .default)
        #expect(try ServerTrust.insecure.makeTLSConfiguration().certificateVerification == .none)
    }

    @Test func theEndpointKnowsItsSchemeHostAndPort() throws {
        let secure = try ServerEndpoint(baseURL: "https://[::1]:8443")
        #expect(secure.isSecure && secure.host == "::1" && secure.port == 8443)
        #expect(secure.signalingURL(room: "Ab3dE6gH9k") == "wss://[::1]:8443/ws/Ab3dE6gH9k")
        let standard = try ServerEndpoint(baseURL: "https://kaamos.example")
        #expect(standard.port == 443)
        let plain = try ServerEndpoint(baseURL: "http://127.0.0.1:8080")
        #expect(!plain.isSecure && plain.host == "127.0.0.1")
        #expect(try plain.tlsConfiguration() == nil, "plain http never reads the CA file")
        #expect(SocketAddressLiteral.isIPAddress("127.0.0.1") && SocketAddressLiteral.isIPAddress("[::1]"))
        #expect(!SocketAddressLiteral.isIPAddress("localhost"))
    }

    @Test func theCAFileComesFromTheFlagThenTheEnvironmentThenTheConfigFile() throws {
        let configuration = try ClientConfiguration(toml: #"ca_file = "/etc/kaamos/ca.pem""#)
        #expect(configuration.caFile(flag: nil, environment: [:]) == "/etc/kaamos/ca.pem")
        #expect(configuration.caFile(flag: nil, environment: ["KAAMOS_CA_FILE": "/env.pem"]) == "/env.pem")
        #expect(configuration.caFile(flag: "/flag.pem", environment: ["KAAMOS_CA_FILE": "/env.pem"]) == "/flag.pem")
    }

    @Test func certificateProblemsReadAsOneReason() {
        let remedy = ServerTrust.system.remedy
        #expect(CertificateProblem.selfSigned.sentence(remedy: remedy) == "certificate not trusted (self-signed; pass --ca-file or --insecure)")
        #expect(CertificateProblem.wrongHost(certifiedNames: ["kaamos.example"], host: "127.0.0.1").sentence(remedy: remedy)
                == "certificate is for kaamos.example, not 127.0.0.1")
        #expect(CertificateProblem.expired(on: Date(timeIntervalSince1970: 1_767_225_600)).sentence(remedy: remedy)
                == "certificate expired on 2026-01-01 00:00 UTC (the server must renew it)")
        #expect(ServerTrust.certificateAuthority(path: "ca.pem").remedy.contains("ca.pem does not vouch for it"))
    }

    @Test func connectionErrorsAreSortedIntoCertificateAndOtherFailures() {
        #expect(ConnectionFailure.kind(of: NIOSSLExtraError.failedToValidateHostname) == .hostnameRefused)
        #expect(ConnectionFailure.kind(of: IOError(errnoCode: ECONNREFUSED, reason: "connect")) == .other("connection refused"))
        #expect(ConnectionFailure.kind(of: NIOSSLError.uncleanShutdown) == .tls("the server closed the TLS connection during the handshake"))
    }
}
