import Foundation
import KaamosTestSupport
import Testing

/// kaamos-tui against kaamos-server over TLS, both as built: a `--self-signed` server is refused
/// without `--ca-file` (one line, status 4), trusted with it, and reached with `--insecure` and
/// its warning; certificates that openssl makes show the other reasons a certificate is refused,
/// and SIGHUP swaps the server's certificate.
@Suite(.serialized, .enabled(if: Processes.binary("kaamos-server") != nil && Processes.binary("kaamos-tui") != nil
                                 && Processes.run(["openssl", "version"]).status == 0,
                             "needs openssl and the built kaamos-server and kaamos-tui (swift build)"))
struct TLSCommandsEndToEndTests {
    static let tui = Processes.binary("kaamos-tui") ?? "kaamos-tui"
    static let server = Processes.binary("kaamos-server") ?? "kaamos-server"

    /// A server started with `arguments` (port and admin token added), once it listens.
    static func startServer(_ arguments: [String], port: Int) async throws -> BackgroundProcess {
        let process = try BackgroundProcess([server, "--host", "127.0.0.1", "--port", "\(port)", "--admin-token", "secret",
                                             "--media-address", "127.0.0.1"] + arguments, name: "tls-server")
        let ready = await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
            process.output.contains("scheme=https") && process.output.contains("SIGHUP reloads the TLS certificate")
        }
        try #require(ready, "the server did not start, or does not trap SIGHUP: \(process.output)")
        return process
    }

    /// How many SIGHUPs the server has answered in its log (reloaded, or kept the old certificate).
    static func reloads(in log: String) -> Int {
        log.components(separatedBy: "TLS certificate reloaded").count - 1
            + log.components(separatedBy: "TLS certificate not reloaded").count - 1
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "kaamos-e2e-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The lines a command wrote (stdout and stderr together), without the empty last one.
    static func lines(_ output: String) -> [String] { output.split(separator: "\n").map(String.init) }

    @Test func aSelfSignedServerIsRefusedWithoutCAFileTrustedWithItAndReachedInsecurely() async throws {
        let directory = Self.temporaryDirectory()
        let port = Processes.freePort()
        let redirectPort = Processes.freePort()
        let server = try await Self.startServer(["--self-signed", "--self-signed-dir", directory, "--redirect-http", "\(redirectPort)"], port: port)
        defer { server.stop() }
        let base = "https://127.0.0.1:\(port)"
        let certificate = directory + "/cert.pem"

        // What the server printed is what openssl reads from the file it wrote.
        let fingerprint = Processes.run(["openssl", "x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"]).output
        let printed = try #require(Self.lines(server.output).first { $0.contains("SHA-256 fingerprint:") })
        #expect(fingerprint.contains(printed.components(separatedBy: "fingerprint: ").last ?? "?"))
        let spki = Processes.run(["/bin/sh", "-c", "openssl x509 -in \(certificate) -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64"])
        #expect(server.output.contains("spki-list): \(spki.output.trimmingCharacters(in: .whitespacesAndNewlines))"))

        let refused = Processes.run([Self.tui, "create", "--server", base])
        #expect(refused.status == 4)
        #expect(Self.lines(refused.output) == [
            "kaamos-tui: Cannot reach the server at \(base): certificate not trusted (self-signed; pass --ca-file or --insecure).",
        ])

        let created = Processes.run([Self.tui, "create", "--server", base, "--ca-file", certificate])
        #expect(created.status == 0, "\(created.output)")
        let room = Self.lines(created.output).first ?? ""
        #expect(Self.lines(created.output).last == "\(base)/room/\(room)")

        let insecure = Processes.run([Self.tui, "create", "--server", base, "--insecure"])
        #expect(insecure.status == 0, "\(insecure.output)")
        #expect(insecure.output.contains("kaamos-tui: warning: --insecure: the server's certificate is not checked"))

        // The environment names the CA file as well as the flag does.
        setenv("KAAMOS_CA_FILE", certificate, 1)
        let rooms = Processes.run([Self.tui, "rooms", "--server", "https://localhost:\(port)", "--admin-token", "secret"])
        unsetenv("KAAMOS_CA_FILE")
        #expect(rooms.status == 0, "\(rooms.output)")
        #expect(rooms.output.contains(room))

        let join = Processes.run([Self.tui, "join", room, "--server", base, "--no-audio", "--no-video", "--audio-output", "none"])
        #expect(join.status == 4)
        #expect(join.output.contains("certificate not trusted (self-signed; pass --ca-file or --insecure)"))

        let badCAFile = Processes.run([Self.tui, "create", "--server", base, "--ca-file", directory + "/missing.pem"])
        #expect(badCAFile.status == 64)
        #expect(Self.lines(badCAFile.output) == ["kaamos-tui: --ca-file \(directory)/missing.pem: no such file."])

        // A call over wss: both probe peers connect through the SFU and media flows.
        let probe = Processes.run([Self.tui, "probe", "--server", base, "--ca-file", certificate, "--duration", "2", "--json"])
        #expect(probe.status == 0, "\(probe.output)")
        let report = try #require(Self.lines(probe.output).last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(report["ok"] as? Bool == true)
        #expect((report["join"] as? [String: Any])?["first_video_ms"] as? Double != nil)
        let untrustedProbe = Processes.run([Self.tui, "probe", "--server", base, "--duration", "1"])
        #expect(untrustedProbe.status == 4)
    }

    @Test func certificatesFromOpenSSLAreRefusedForTheirOwnReasonsAndReloadedOnSIGHUP() async throws {
        let directory = Self.temporaryDirectory()
        func openssl(_ arguments: String) throws {
            let result = Processes.run(["/bin/sh", "-c", "cd \(directory) && openssl \(arguments)"])
            try #require(result.status == 0, "openssl \(arguments): \(result.output)")
        }
        try openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=Kaamos Test CA' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign")
        // The key as `openssl ecparam -genkey` writes it: EC PARAMETERS, then a SEC1 EC PRIVATE KEY.
        try openssl("ecparam -name prime256v1 -genkey -out leaf.key")
        try openssl("req -new -key leaf.key -out leaf.csr -subj /CN=leaf")
        try "subjectAltName=DNS:kaamos.example\n".write(toFile: directory + "/other.ext", atomically: true, encoding: .utf8)
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: directory + "/local.ext", atomically: true, encoding: .utf8)
        try openssl("x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile other.ext -out other.pem")
        try openssl("x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile local.ext -out local.pem")
        try openssl("x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days -1 -extfile local.ext -out expired.pem")
        try openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout next.key -out next.pem -days 2 -subj /CN=next -addext subjectAltName=IP:127.0.0.1")

        // Served under one name; reloads copy other files over these two.
        let servedCertificate = directory + "/served.pem", servedKey = directory + "/served.key"
        try FileManager.default.copyItem(atPath: directory + "/other.pem", toPath: servedCertificate)
        try FileManager.default.copyItem(atPath: directory + "/leaf.key", toPath: servedKey)
        let port = Processes.freePort()
        let server = try await Self.startServer(["--tls-cert", servedCertificate, "--tls-key", servedKey], port: port)
        defer { server.stop() }
        let base = "https://127.0.0.1:\(port)"
        let ca = directory + "/ca.pem"

        let wrongHost = Processes.run([Self.tui, "create", "--server", base, "--ca-file", ca])
        #expect(wrongHost.status == 4)
        #expect(Self.lines(wrongHost.output) == ["kaamos-tui: Cannot reach the server at \(base): certificate is for kaamos.example, not 127.0.0.1."])
        let unknownIssuer = Processes.run([Self.tui, "create", "--server", base])
        #expect(unknownIssuer.status == 4)
        #expect(unknownIssuer.output.contains("certificate not trusted (issued by CN=Kaamos Test CA; pass --ca-file or --insecure)"))

        func swap(_ certificate: String, key: String = "leaf.key") async throws {
            try FileManager.default.removeItem(atPath: servedCertificate)
            try FileManager.default.removeItem(atPath: servedKey)
            try FileManager.default.copyItem(atPath: directory + "/" + certificate, toPath: servedCertificate)
            try FileManager.default.copyItem(atPath: directory + "/" + key, toPath: servedKey)
            let reloads = Self.reloads(in: server.output)
            kill(server.pid, SIGHUP)
            let logged = await eventually(timeout: .seconds(5), every: .milliseconds(20)) { Self.reloads(in: server.output) > reloads }
            #expect(logged, "the server logged nothing about the SIGHUP: \(server.output)")
        }
        try await swap("expired.pem")
        let expired = Processes.run([Self.tui, "create", "--server", base, "--ca-file", ca])
        #expect(expired.status == 4)
        #expect(expired.output.contains("certificate expired on "), "\(expired.output)")

        try await swap("local.pem")
        #expect(Processes.run([Self.tui, "create", "--server", base, "--ca-file", ca]).status == 0)

        // A certificate whose key did not come along: logged, and the old certificate stays.
        try await swap("next.pem")
        #expect(server.output.contains("TLS certificate not reloaded, the old one stays: the key in \(servedKey) does not belong to the certificate in \(servedCertificate)"))
        #expect(Processes.run([Self.tui, "create", "--server", base, "--ca-file", ca]).status == 0)

        try await swap("next.pem", key: "next.key")
        #expect(Processes.run([Self.tui, "create", "--server", base, "--ca-file", directory + "/next.pem"]).status == 0)
        #expect(Processes.run([Self.tui, "create", "--server", base, "--ca-file", ca]).status == 4)
        #expect(kill(server.pid, 0) == 0, "SIGHUP must not stop the server")
    }

    @Test func aServerWithABrokenCertificateDoesNotStart() {
        let directory = Self.temporaryDirectory()
        try? "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".write(toFile: directory + "/bad.pem", atomically: true, encoding: .utf8)
        let missingKey = Processes.run([Self.server, "--tls-cert", directory + "/bad.pem", "--tls-key", directory + "/none.key", "--no-media"])
        #expect(missingKey.status == 78)
        #expect(missingKey.output.contains("kaamos-server: TLS: "))
        let halfGiven = Processes.run([Self.server, "--tls-cert", directory + "/bad.pem", "--no-media"])
        #expect(halfGiven.status == 78)
        #expect(halfGiven.output.contains("--tls-cert needs --tls-key"))
    }
}
