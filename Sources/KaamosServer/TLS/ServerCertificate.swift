import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A certificate chain and its private key, checked and ready to serve: the TLS context new
/// connections use, and what the log and `--self-signed` print about it.
public struct ServerCertificate: Sendable {
    /// Leaf first, as the file gave them.
    public let chain: [Certificate]
    /// Built once per certificate; every handshake of this certificate shares it.
    public let sslContext: NIOSSLContext
    /// The PEM texts as served, for writing a generated certificate out.
    public let certificatePEM: String
    public let keyPEM: String

    public var leaf: Certificate { chain[0] }

    /// Checks a chain and key given as PEM text. `certificateSource` and `keySource` name where
    /// they came from in errors (a path, or "the generated certificate").
    public init(certificatePEM: String, keyPEM: String, certificateSource: String, keySource: String) throws(TLSCertificateError) {
        let certificateDocuments = Self.documents(in: certificatePEM).filter { $0.discriminator == "CERTIFICATE" }
        guard !certificateDocuments.isEmpty else {
            if certificatePEM.contains("-----BEGIN CERTIFICATE-----") {
                throw .malformedCertificate(path: certificateSource, reason: "the PEM text is broken (truncated or altered)")
            }
            throw .noCertificate(path: certificateSource)
        }
        var chain: [Certificate] = []
        for document in certificateDocuments {
            do {
                chain.append(try Certificate(pemDocument: document))
            } catch {
                throw .malformedCertificate(path: certificateSource, reason: "\(error)")
            }
        }
        // A key file may carry an EC PARAMETERS block before the key (openssl ecparam -genkey).
        let keyKinds = ["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"]
        guard let keyDocument = Self.documents(in: keyPEM).first(where: { keyKinds.contains($0.discriminator) }) else {
            if keyPEM.contains("ENCRYPTED PRIVATE KEY") {
                throw .malformedPrivateKey(path: keySource, reason: "it is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)")
            }
            throw .noPrivateKey(path: keySource)
        }
        let privateKey: Certificate.PrivateKey
        do {
            privateKey = try Certificate.PrivateKey(pemDocument: keyDocument)
        } catch {
            throw .malformedPrivateKey(path: keySource, reason: "\(error)")
        }
        guard privateKey.publicKey == chain[0].publicKey else {
            throw .keyMismatch(certificatePath: certificateSource, keyPath: keySource)
        }
        let context: NIOSSLContext
        do {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try certificateDocuments.map { .certificate(try NIOSSLCertificate(bytes: $0.derBytes, format: .der)) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyDocument.pemString.utf8), format: .pem)))
            // HTTP/1.1 only: WebSocket upgrades need it, and the server speaks nothing else.
            configuration.applicationProtocols = ["http/1.1"]
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .unusable(reason: "\(error)")
        }
        self.chain = chain
        self.sslContext = context
        self.certificatePEM = certificateDocuments.map(\.pemString).joined(separator: "\n") + "\n"
        self.keyPEM = keyDocument.pemString + "\n"
    }

    /// Reads and checks the PEM files `--tls-cert` and `--tls-key` name.
    public static func load(certificatePath: String, keyPath: String) throws(TLSCertificateError) -> ServerCertificate {
        let certificatePEM = try read(certificatePath)
        let keyPEM = try read(keyPath)
        return try ServerCertificate(
            certificatePEM: certificatePEM, keyPEM: keyPEM, certificateSource: certificatePath, keySource: keyPath)
    }

    /// SHA-256 of the leaf's DER, as colon-separated hex (what browsers and `openssl x509
    /// -fingerprint -sha256` show).
    public var fingerprintSHA256: String {
        let digest = SHA256.hash(data: (try? leaf.serializeAsPEM().derBytes) ?? [])
        return digest.map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// Base64 of the SHA-256 of the leaf's SubjectPublicKeyInfo: what Chromium's
    /// `--ignore-certificate-errors-spki-list` and HTTP public-key pins take.
    public var publicKeySHA256Base64: String {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(leaf.publicKey)) != nil else { return "" }
        return Data(SHA256.hash(data: serializer.serializedBytes)).base64EncodedString()
    }

    /// The DNS names and IP addresses the leaf is valid for.
    public var names: [String] {
        guard let alternatives = try? leaf.extensions.subjectAlternativeNames else { return [] }
        return alternatives.compactMap { name in
            switch name {
            case let .dnsName(dns): return dns
            case let .ipAddress(octets): return Self.ipText(Array(octets.bytes))
            default: return nil
            }
        }
    }

    public var notValidAfter: Date { leaf.notValidAfter }

    /// One line for the log: names, expiry and fingerprint.
    public var summary: String {
        let expiry = ISO8601DateFormatter().string(from: notValidAfter)
        return "for \(names.isEmpty ? "\(leaf.subject)" : names.joined(separator: ", ")), valid until \(expiry), SHA-256 \(fingerprintSHA256)"
    }

    private static func documents(in text: String) -> [PEMDocument] {
        (try? PEMDocument.parseMultiple(pemString: text)) ?? []
    }

    private static func read(_ path: String) throws(TLSCertificateError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw .unreadable(path: path, reason: "no such file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not PEM text") }
        return text
    }

    /// The text of a 4- or 16-byte address (inet_ntop: RFC 5952 for IPv6).
    static func ipText(_ bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let converted = bytes.withUnsafeBytes { address in
            text.withUnsafeMutableBufferPointer { inet_ntop(family, address.baseAddress, $0.baseAddress, socklen_t($0.count)) }
        }
        guard converted != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
