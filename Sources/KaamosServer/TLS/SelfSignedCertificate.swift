import Crypto
import Foundation
import SwiftASN1
import X509

/// `--self-signed`: an ECDSA P-256 certificate for development, made at startup for the names a
/// browser or client on this machine uses. With a directory it is kept there (`cert.pem`,
/// `key.pem`) so that clients can trust it (`--ca-file DIR/cert.pem`) and a restart reuses it.
public enum SelfSignedCertificate {
    /// Long enough for a development setup, short enough that a leaked key does not live on.
    public static let lifetime: TimeInterval = 90 * 24 * 3600

    public static let certificateFile = "cert.pem"
    public static let keyFile = "key.pem"

    /// The names every development certificate covers, plus `extraNames` (the listen host, the
    /// public URL's host); wildcard listen addresses are left out.
    public static func names(adding extraNames: [String]) -> [String] {
        var names = ["localhost", "127.0.0.1", "::1"]
        for name in extraNames {
            let trimmed = name.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            guard !trimmed.isEmpty, trimmed != "0.0.0.0", trimmed != "::", !names.contains(trimmed) else { continue }
            names.append(trimmed)
        }
        return names
    }

    /// A new key and certificate for `names` (DNS names or IP addresses).
    public static func make(names: [String], now: Date = Date()) throws(TLSCertificateError) -> ServerCertificate {
        let key = P256.Signing.PrivateKey()
        let certificateKey = Certificate.PrivateKey(key)
        do {
            let subject = try DistinguishedName {
                OrganizationName("Kaamos")
                CommonName("kaamos-server development certificate")
            }
            let alternativeNames = SubjectAlternativeNames(names.map { name in
                if let address = addressBytes(name) { return GeneralName.ipAddress(ASN1OctetString(contentBytes: address[...])) }
                return GeneralName.dnsName(name)
            })
            // No KeyUsage: with one, BoringSSL (NIOSSL) would demand keyCertSign before taking
            // the certificate as its own issuer, i.e. as the trust anchor --ca-file makes it.
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                alternativeNames
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: certificateKey.publicKey,
                // An hour of slack for clocks a little behind ours.
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(lifetime),
                issuer: subject,
                subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: certificateKey)
            return try ServerCertificate(
                certificatePEM: certificate.serializeAsPEM().pemString,
                keyPEM: key.pemRepresentation,
                certificateSource: "the generated certificate", keySource: "the generated key")
        } catch let error as TLSCertificateError {
            throw error
        } catch {
            throw .unusable(reason: "cannot generate a self-signed certificate: \(error)")
        }
    }

    /// The certificate kept in `directory` when it is still valid for a day and covers `names`;
    /// otherwise a new one, written there (the key readable by its owner only).
    public static func loadOrMake(directory: String, names: [String], now: Date = Date()) throws(TLSCertificateError) -> ServerCertificate {
        let certificatePath = directory + "/" + certificateFile
        let keyPath = directory + "/" + keyFile
        if let kept = try? ServerCertificate.load(certificatePath: certificatePath, keyPath: keyPath),
           kept.notValidAfter > now.addingTimeInterval(24 * 3600),
           Set(names).isSubset(of: Set(kept.names)) {
            return kept
        }
        let made = try make(names: names, now: now)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: "\(error.localizedDescription)")
        }
        try write(made.keyPEM, to: keyPath, permissions: 0o600)
        try write(made.certificatePEM, to: certificatePath, permissions: 0o644)
        return made
    }

    private static func write(_ text: String, to path: String, permissions: Int) throws(TLSCertificateError) {
        // Created with its final permissions, so the key is never readable by others, not even briefly.
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: permissions])
        do {
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// The 4 or 16 bytes of an IP address literal, nil for a DNS name.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
