import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the TLS certificate on SIGHUP (what certbot's deploy hook or `systemctl reload` sends).
/// A certificate that cannot be served is logged and the old one stays.
public struct CertificateReloadService: Service {
    let store: TLSCertificateStore
    let logger: Logger

    public init(store: TLSCertificateStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Said once SIGHUP is trapped: before this line a SIGHUP would still end the process.
        logger.info("SIGHUP reloads the TLS certificate")
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                reload()
            }
        }
    }

    /// One reload, logged: the new certificate's summary, or why the old one stays.
    public func reload() {
        do {
            switch try store.reload() {
            case let .reloaded(certificate):
                logger.notice("TLS certificate reloaded: new connections get it", metadata: ["certificate": "\(certificate.summary)"])
            case .nothingToReload:
                logger.notice("SIGHUP: the certificate is self-signed and made at startup; nothing to reload")
            }
        } catch {
            logger.error("TLS certificate not reloaded, the old one stays: \(error)")
        }
    }
}
