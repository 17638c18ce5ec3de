import AsyncHTTPClient
import Foundation
import Hummingbird
import KaamosTestSupport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
@testable import KaamosServer

/// Certificates made at test time (the server's own generator: ECDSA P-256, SANs), on disk.
enum TestCertificates {
    static func make(names: [String] = ["localhost", "127.0.0.1"], now: Date = Date()) throws -> ServerCertificate {
        try SelfSignedCertificate.make(names: names, now: now)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "kaamos-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes the certificate and key as `cert.pem` and `key.pem` in `directory` (replacing them).
    @discardableResult
    static func write(_ certificate: ServerCertificate, to directory: String) throws -> (certificate: String, key: String) {
        let paths = (directory + "/cert.pem", directory + "/key.pem")
        try certificate.certificatePEM.write(toFile: paths.0, atomically: true, encoding: .utf8)
        try certificate.keyPEM.write(toFile: paths.1, atomically: true, encoding: .utf8)
        return paths
    }

    /// A client configuration that trusts exactly `certificate`.
    static func trusting(_ certificate: ServerCertificate) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificate.certificatePEM.utf8)))
        // A WebSocket closed by the client stops reading before the server's close_notify
        // arrives, so NIOSSL waits this long for it (5 s by default).
        configuration.shutdownTimeout = .seconds(1)
        return configuration
    }

    static func der(_ certificate: ServerCertificate) throws -> [UInt8] {
        try certificate.leaf.serializeAsPEM().derBytes
    }
}

/// A live server on loopback speaking TLS from `store`, optionally with the redirect listener.
final class TLSTestServer {
    let server: TestServer
    let store: TLSCertificateStore
    let port: Int
    let redirectPort: Int?
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(server: TestServer, store: TLSCertificateStore, port: Int, redirectPort: Int?, group: ServiceGroup, running: Task<Void, any Error>) {
        self.server = server
        self.store = store
        self.port = port
        self.redirectPort = redirectPort
        self.group = group
        self.running = running
    }

    static func start(store: TLSCertificateStore, redirect: Bool = false, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TLSTestServer {
        let server = TestServer { configuration in
            configuration.tls.hstsMaxAge = 31_536_000
            configure(&configuration)
        }
        var logger = Logger(label: "tls-test")
        logger.logLevel = .critical
        let ports = NIOLockedValueBox<(tls: Int?, redirect: Int?)>((nil, nil))
        let application = makeApplication(hub: server.hub, logger: logger, tls: store) { channel in
            ports.withLockedValue { $0.tls = channel.localAddress?.port }
        }
        var services: [any Service] = [CertificateReloadService(store: store, logger: logger)]
        if redirect {
            services.append(makeHTTPSRedirectApplication(
                host: "127.0.0.1", port: 0, publicURL: server.hub.configuration.publicURL,
                httpsPort: { ports.withLockedValue { $0.tls ?? 0 } }, logger: logger,
                onServerRunning: { channel in ports.withLockedValue { $0.redirect = channel.localAddress?.port } }))
        }
        let group = makeServiceGroup(application: application, hub: server.hub, logger: logger, additionalServices: services)
        let running = Task { try await group.run() }
        let listening = await eventually(timeout: .seconds(5), every: .milliseconds(10)) {
            let (tls, redirectPort) = ports.withLockedValue { $0 }
            return tls != nil && (!redirect || redirectPort != nil)
        }
        let (tls, redirectPort) = ports.withLockedValue { $0 }
        if listening, let tls {
            return TLSTestServer(server: server, store: store, port: tls, redirectPort: redirectPort, group: group, running: running)
        }
        running.cancel()
        throw TestSocket.Timeout(description: "the TLS server did not start")
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}

/// One HTTP exchange with a client that trusts `tls` and does not follow redirects.
struct TestHTTPS {
    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    static func request(_ url: String, method: String = "GET", body: String? = nil, tls: TLSConfiguration? = nil) async throws -> Answer {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .init(rawValue: method)
            request.tlsConfiguration = tls
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await client.execute(request, timeout: .seconds(5))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let answer = Answer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                body: String(buffer: bytes))
            try await client.shutdown()
            return answer
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// The leaf certificate a TLS server presents to a new connection, fetched without trusting it.
enum PresentedLeaf {
    static func der(port: Int) async throws -> [UInt8] {
        let captured = NIOLockedValueBox<[UInt8]?>(nil)
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(
                        context: context, serverHostname: "localhost",
                        customVerificationCallback: { (chain: [NIOSSLCertificate], promise: EventLoopPromise<NIOSSLVerificationResult>) in
                            captured.withLockedValue { $0 = try? chain.first?.toDERBytes() }
                            promise.succeed(.failed)
                        }))
                }
            }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        try? await channel.closeFuture.get()
        guard let der = captured.withLockedValue({ $0 }) else { throw TestSocket.Timeout(description: "no certificate presented") }
        return der
    }
}
