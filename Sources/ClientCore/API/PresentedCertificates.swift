import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Fetches the certificate chain a TLS server presents, without trusting it: what a failed
/// handshake is diagnosed from. The handshake is abandoned as soon as the chain arrives.
enum PresentedCertificates {
    static func fetch(host: String, port: Int, timeout: TimeAmount = .seconds(3)) async -> [NIOSSLCertificate]? {
        let captured = NIOLockedValueBox<[NIOSSLCertificate]?>(nil)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.applicationProtocols = ["http/1.1"]
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        // SNI carries names only; an IP literal is sent without it.
        let serverName = SocketAddressLiteral.isIPAddress(host) ? nil : host
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(
                        context: context, serverHostname: serverName,
                        customVerificationCallback: { (chain: [NIOSSLCertificate], promise: EventLoopPromise<NIOSSLVerificationResult>) in
                            captured.withLockedValue { $0 = chain }
                            promise.succeed(.failed)
                        })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            channel.eventLoop.scheduleTask(in: timeout) { _ = channel.close() }
            try? await channel.closeFuture.get()
        } catch {
            return nil
        }
        return captured.withLockedValue { $0 }
    }
}

/// Whether a host string is an IPv4 or IPv6 literal.
enum SocketAddressLiteral {
    static func isIPAddress(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (try? SocketAddress(ipAddress: bare, port: 0)) != nil
    }
}
