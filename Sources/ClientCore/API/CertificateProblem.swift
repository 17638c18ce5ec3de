import Foundation
import NIOCore
import NIOSSL
import X509

/// Why a server's certificate was refused, read from the certificate it presented: the reason a
/// user can act on, in the words of the one-line error.
public enum CertificateProblem: Sendable, Equatable {
    case expired(on: Date)
    case notYetValid(until: Date)
    /// The certificate is for other names than the one connected to.
    case wrongHost(certifiedNames: [String], host: String)
    case selfSigned
    /// Issued by an authority the trust settings do not include.
    case untrustedIssuer(String)
    /// The chain could not be fetched or read again; the TLS library's words.
    case unexplained(String)

    /// The reason after "cannot connect to URL: ", with the remedy that `trust` calls for.
    public func sentence(remedy: String) -> String {
        let hint = remedy.isEmpty ? "" : "; \(remedy)"
        switch self {
        case let .expired(date):
            return "certificate expired on \(Self.day(date)) (the server must renew it)"
        case let .notYetValid(date):
            return "certificate not valid until \(Self.day(date)) (is this machine's clock right?)"
        case let .wrongHost(names, host):
            return "certificate is for \(names.isEmpty ? "no name" : names.joined(separator: ", ")), not \(host)"
        case .selfSigned:
            return "certificate not trusted (self-signed\(hint))"
        case let .untrustedIssuer(issuer):
            return "certificate not trusted (issued by \(issuer)\(hint))"
        case let .unexplained(reason):
            return "certificate not trusted (\(reason)\(hint))"
        }
    }

    /// Reads the presented chain after the TLS library refused it. `hostnameRefused` says that
    /// the chain was trusted and only the name failed.
    static func diagnose(chain: [NIOSSLCertificate], host: String, hostnameRefused: Bool, now: Date = Date()) -> CertificateProblem {
        guard let first = chain.first, let der = try? first.toDERBytes(), let leaf = try? Certificate(derEncoded: der) else {
            return .unexplained("the server presented no readable certificate")
        }
        let names = certifiedNames(leaf)
        if hostnameRefused { return .wrongHost(certifiedNames: names, host: host) }
        if leaf.notValidAfter < now { return .expired(on: leaf.notValidAfter) }
        if leaf.notValidBefore > now { return .notYetValid(until: leaf.notValidBefore) }
        if chain.count == 1, leaf.issuer == leaf.subject { return .selfSigned }
        let root = (try? chain.last.map { try Certificate(derEncoded: $0.toDERBytes()) }) ?? nil
        if let root, root.issuer == root.subject, chain.count > 1 {
            return .untrustedIssuer("\(root.subject), a private CA")
        }
        return .untrustedIssuer("\((root ?? leaf).issuer)")
    }

    /// The DNS names and IP addresses of the subject alternative names.
    static func certifiedNames(_ certificate: Certificate) -> [String] {
        guard let alternatives = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return alternatives.compactMap { name in
            switch name {
            case let .dnsName(dns): return dns
            case let .ipAddress(octets): return ipText(Array(octets.bytes))
            default: return nil
            }
        }
    }

    static func ipText(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        return (try? SocketAddress(packedIPAddress: ByteBuffer(bytes: bytes), port: 0))?.ipAddress
    }

    private static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
