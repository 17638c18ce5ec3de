import Foundation
import NIOConcurrencyHelpers

/// The certificate new TLS connections get. Reloading swaps it for connections accepted after;
/// connections already open keep the context they were set up with, so calls go on.
public final class TLSCertificateStore: Sendable {
    /// Where the certificate comes from, and so what a reload reads.
    public enum Source: Sendable, Equatable {
        case files(certificatePath: String, keyPath: String)
        /// Made at startup (`--self-signed`): nothing to reload.
        case generated
    }

    public let source: Source
    private let current: NIOLockedValueBox<ServerCertificate>

    public init(certificate: ServerCertificate, source: Source) {
        self.source = source
        current = NIOLockedValueBox(certificate)
    }

    /// Reads and checks the files; fails with the reason when they cannot be served.
    public static func load(certificatePath: String, keyPath: String) throws(TLSCertificateError) -> TLSCertificateStore {
        TLSCertificateStore(
            certificate: try ServerCertificate.load(certificatePath: certificatePath, keyPath: keyPath),
            source: .files(certificatePath: certificatePath, keyPath: keyPath))
    }

    public var certificate: ServerCertificate { current.withLockedValue { $0 } }

    /// What a reload did.
    public enum ReloadOutcome: Sendable {
        case reloaded(ServerCertificate)
        case nothingToReload
    }

    /// Re-reads the files and serves the new certificate to new connections. When the new files
    /// cannot be served the old certificate stays and the error says why.
    @discardableResult
    public func reload() throws(TLSCertificateError) -> ReloadOutcome {
        guard case let .files(certificatePath, keyPath) = source else { return .nothingToReload }
        let fresh = try ServerCertificate.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLockedValue { $0 = fresh }
        return .reloaded(fresh)
    }
}

extension TLSCertificateStore {
    /// The store `configuration.tls` asks for, nil when TLS is off: the certificate files, or a
    /// self-signed certificate for this machine's names, the listen host and the public URL's host.
    public static func make(for configuration: ServerConfiguration) throws(TLSCertificateError) -> TLSCertificateStore? {
        let settings = configuration.tls
        if settings.selfSigned {
            var extraNames = [configuration.host]
            if let publicURL = configuration.publicURL, let host = URLComponents(string: publicURL)?.host {
                extraNames.append(host)
            }
            let names = SelfSignedCertificate.names(adding: extraNames)
            let certificate: ServerCertificate
            if let directory = settings.selfSignedDirectory {
                certificate = try SelfSignedCertificate.loadOrMake(directory: directory, names: names)
            } else {
                certificate = try SelfSignedCertificate.make(names: names)
            }
            return TLSCertificateStore(certificate: certificate, source: .generated)
        }
        guard let certificatePath = settings.certificatePath, let keyPath = settings.keyPath else { return nil }
        return try load(certificatePath: certificatePath, keyPath: keyPath)
    }
}
