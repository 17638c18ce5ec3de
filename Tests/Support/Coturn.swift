import Foundation

/// A coturn `turnserver` of its own on loopback for one test: its own ports, database, certificate
/// and log, so nothing depends on a system TURN service. Skipped tests say when it is not installed.
public final class Coturn {
    public enum Authentication: Sendable {
        /// --lt-cred-mech with one user.
        case user(String, password: String)
        /// --use-auth-secret: TURN REST credentials.
        case sharedSecret(String)
    }

    public static let executable: String? = ["/usr/bin/turnserver", "/usr/local/bin/turnserver"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    public static var isInstalled: Bool { executable != nil }
    public static let skipReason = "turnserver (Debian package coturn) is not installed; scripts/setup.sh installs it"

    public let directory: String
    public let port: UInt16
    public let tlsPort: UInt16?
    /// The PEM certificate the TLS listener presents (for --ca-file), when TLS is on.
    public let certificatePath: String?
    private let process: ChildProcess
    /// Set when a check against this server went wrong: its directory (log included) is then kept.
    public var keepLog = false

    public var logPath: String { directory + "/turnserver.log" }
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public init(_ authentication: Authentication, tls: Bool = false, allowLoopbackPeers: Bool = true) throws {
        guard let executable = Self.executable else { throw ChildProcess.Failure(description: "turnserver is not installed") }
        directory = NSTemporaryDirectory() + "kaamos-coturn-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try FreePort.forUDPAndTCP()
        var arguments = [
            executable, "-n", "--verbose", "--log-file=stdout", "--simple-log", "--no-cli", "--no-dtls",
            "--listening-ip=127.0.0.1", "--listening-port=\(port)", "--relay-ip=127.0.0.1",
            "--realm=kaamos", "--pidfile=\(directory)/turnserver.pid", "--db=\(directory)/turndb",
            "--no-multicast-peers",
        ]
        if allowLoopbackPeers { arguments.append("--allow-loopback-peers") }
        switch authentication {
        case let .user(name, password): arguments += ["--lt-cred-mech", "--user=\(name):\(password)"]
        case let .sharedSecret(secret): arguments += ["--use-auth-secret", "--static-auth-secret=\(secret)"]
        }
        if tls {
            let certificate = directory + "/cert.pem", key = directory + "/key.pem"
            let made = try ChildProcess.run([
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
            guard made.status == 0 else { throw ChildProcess.Failure(description: "openssl could not make a test certificate: \(made.stderr)") }
            let tlsPort = try FreePort.forUDPAndTCP()
            self.tlsPort = tlsPort
            certificatePath = certificate
            arguments += ["--tls-listening-port=\(tlsPort)", "--cert=\(certificate)", "--pkey=\(key)"]
        } else {
            tlsPort = nil
            certificatePath = nil
            arguments.append("--no-tls")
        }
        process = try ChildProcess(arguments, outputPath: directory + "/turnserver.log")
        try waitUntilListening()
    }

    deinit {
        process.stop()
        if !keepLog { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Listening once its TCP ports accept (UDP is bound before TCP in coturn's start-up).
    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(10)
        let ports = [port] + (tlsPort.map { [$0] } ?? [])
        while Date() < deadline {
            guard process.isRunning else {
                keepLog = true
                throw ChildProcess.Failure(description: "turnserver exited at start-up; log \(logPath):\n\(log.suffix(2000))")
            }
            if ports.allSatisfy(FreePort.acceptsTCP) { return }
            usleep(50_000)
        }
        keepLog = true
        throw ChildProcess.Failure(description: "turnserver did not listen on \(ports) within 10 s; log \(logPath)")
    }

    /// For failed expectations: where the log is kept and how it ends.
    public var logSummary: String { "coturn log kept at \(logPath); its end:\n\(log.suffix(3000))" }

    /// Bytes coturn relayed to and from peers for the allocations of users whose name ends with
    /// `suffix`, from the "peer usage" lines it writes when an allocation is refreshed or ends.
    public func relayedPeerBytes(usernameSuffix suffix: String) -> Int {
        var total = 0
        for line in log.split(separator: "\n") where line.contains("peer usage:") {
            guard let user = line.range(of: "username=<"), let end = line[user.upperBound...].firstIndex(of: ">"),
                  line[user.upperBound..<end].hasSuffix(suffix) else { continue }
            for key in ["rb=", "sb="] {
                if let range = line.range(of: key) {
                    total += Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
                }
            }
        }
        return total
    }
}

/// Loopback ports for test servers.
public enum FreePort {
    /// A port free for both UDP and TCP on 127.0.0.1 at the time of asking.
    public static func forUDPAndTCP() throws -> UInt16 {
        for _ in 0..<50 {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            guard let port = bind(udp, port: 0) else { continue }
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            if bind(tcp, port: port) != nil { return port }
        }
        throw ChildProcess.Failure(description: "no free loopback port")
    }

    public static func acceptsTCP(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    /// Binds fd to 127.0.0.1:port and returns the bound port, or nil.
    private static func bind(_ fd: Int32, port: UInt16) -> UInt16? {
        var address = loopback(port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        guard bound == 0 else { return nil }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }
}
