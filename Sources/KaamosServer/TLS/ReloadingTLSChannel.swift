import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// Wraps a child channel (HTTP/1.1 with WebSocket upgrades) in TLS, taking the certificate from
/// the store at the moment each connection is accepted: a reload changes what new connections
/// get and leaves open ones alone. (HummingbirdTLS fixes its context when the server starts.)
struct ReloadingTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let store: TLSCertificateStore

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let context = store.certificate.sslContext
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
