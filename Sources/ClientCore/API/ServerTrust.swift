import Foundation
import NIOSSL

/// How a client decides that the server at an https:// or wss:// URL is the real one.
public enum ServerTrust: Sendable, Equatable {
    /// The system's certificate authorities (Debian: /etc/ssl/certs/ca-certificates.crt).
    case system
    /// Only the certificates in this PEM file (`--ca-file`): a private CA, or a self-signed
    /// server certificate itself. Like curl's --cacert, it replaces the system's list.
    case certificateAuthority(path: String)
    /// No check at all (`--insecure`): only when asked for, and always said on screen.
    case insecure

    /// `--ca-file` and `--insecure` as given; both together is a usage error.
    public init(caFile: String?, insecure: Bool) throws(ServerTrustError) {
        switch (caFile, insecure) {
        case (.some, true): throw .contradictory
        case (.some(let path), false): self = .certificateAuthority(path: path)
        case (nil, true): self = .insecure
        case (nil, false): self = .system
        }
    }

    /// The warning every command shows while the check is off; nil when it is on.
    public var warning: String? {
        guard self == .insecure else { return nil }
        return "--insecure: the server's certificate is not checked; anyone on the network path can read and change this session."
    }

    /// The hint a certificate error ends with.
    var remedy: String {
        switch self {
        case .system: return "pass --ca-file or --insecure"
        case .certificateAuthority(let path): return "\(path) does not vouch for it; pass the right --ca-file, or --insecure"
        case .insecure: return ""
        }
    }

    /// The client TLS configuration; the CA file is read now, so a bad one fails here with its reason.
    public func makeTLSConfiguration() throws(ServerTrustError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // A WebSocket we close stops reading before the server's close_notify arrives; NIOSSL
        // would hold the socket 5 s waiting for it.
        configuration.shutdownTimeout = .seconds(1)
        switch self {
        case .system:
            break
        case .certificateAuthority(let path):
            configuration.trustRoots = .certificates(try Self.certificates(at: path))
        case .insecure:
            configuration.certificateVerification = .none
        }
        return configuration
    }

    /// Checks the CA file before a command starts, so a typo is one line and status 64, not a
    /// connection error later.
    public func validate() throws(ServerTrustError) {
        if case .certificateAuthority(let path) = self { _ = try Self.certificates(at: path) }
    }

    static func certificates(at path: String) throws(ServerTrustError) -> [NIOSSLCertificate] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .caFileMissing(path) }
        guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: path) else { throw .caFileUnreadable(path) }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .caFileNotPEM(path)
        }
        guard !certificates.isEmpty else { throw .caFileNotPEM(path) }
        return certificates
    }
}

/// Why `--ca-file`/`--insecure` cannot be used, in one sentence.
public enum ServerTrustError: Error, Sendable, Equatable, CustomStringConvertible {
    case contradictory
    case caFileMissing(String)
    case caFileUnreadable(String)
    case caFileNotPEM(String)

    public var description: String {
        switch self {
        case .contradictory: return "--ca-file and --insecure exclude each other: trust a CA or check nothing, not both."
        case let .caFileMissing(path): return "--ca-file \(path): no such file."
        case let .caFileUnreadable(path): return "--ca-file \(path) cannot be read."
        case let .caFileNotPEM(path): return "--ca-file \(path) holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)."
        }
    }
}
