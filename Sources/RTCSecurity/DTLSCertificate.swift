import COpenSSL
import COpenSSLShims
import RTCBase

/// A self-signed ECDSA P-256 certificate and its private key, for DTLS-SRTP.
///
/// Immutable after creation and shared between peer connections; OpenSSL only reads the key and
/// certificate once built, so concurrent use from several threads is safe. Owns both handles.
public final class DTLSCertificate: @unchecked Sendable {
    let key: OpaquePointer
    let certificate: OpaquePointer
    /// SHA-256 of the DER certificate, as SDP's a=fingerprint carries it.
    public let fingerprint: CertificateFingerprint
    /// The DER encoding.
    public let der: [UInt8]

    /// Common name in the subject and issuer.
    public static let commonName = "kaamos"
    /// Validity from one day ago (tolerates clock skew) to 30 days ahead.
    public static let validityDays = 30

    private init(key: OpaquePointer, certificate: OpaquePointer, der: [UInt8]) throws(DTLSError) {
        self.key = key
        self.certificate = certificate
        self.der = der
        self.fingerprint = try Self.fingerprint(of: der, algorithm: "sha-256")
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(key)
    }

    /// Makes a fresh key pair and a self-signed certificate with a random 64-bit serial.
    public static func generate() throws(DTLSError) -> DTLSCertificate {
        OpenSSLErrorQueue.clear()
        guard let key = kaamos_generate_p256_key() else {
            throw .openSSL(operation: "generate a P-256 key", details: OpenSSLErrorQueue.drain())
        }
        guard let x509 = X509_new() else {
            EVP_PKEY_free(key)
            throw .openSSL(operation: "allocate a certificate", details: OpenSSLErrorQueue.drain())
        }
        var ok = X509_set_version(x509, 2) == 1 // X.509 v3
        var serial = [UInt8](repeating: 0, count: 8)
        ok = ok && RAND_bytes(&serial, Int32(serial.count)) == 1
        // Positive and non-zero: clear the top bit, set a low one.
        serial[0] &= 0x7f
        serial[7] |= 0x01
        let serialValue = serial.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        ok = ok && ASN1_INTEGER_set_uint64(X509_get_serialNumber(x509), serialValue) == 1
        ok = ok && X509_gmtime_adj(X509_getm_notBefore(x509), -86_400) != nil
        ok = ok && X509_gmtime_adj(X509_getm_notAfter(x509), Int(validityDays) * 86_400) != nil
        if ok, let name = X509_get_subject_name(x509) {
            ok = X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1
            ok = ok && X509_set_issuer_name(x509, name) == 1
        } else {
            ok = false
        }
        ok = ok && X509_set_pubkey(x509, key) == 1
        ok = ok && X509_sign(x509, key, EVP_sha256()) > 0
        guard ok, let der = derEncoding(of: x509) else {
            let details = OpenSSLErrorQueue.drain()
            X509_free(x509)
            EVP_PKEY_free(key)
            throw .openSSL(operation: "build a self-signed certificate", details: details)
        }
        return try DTLSCertificate(key: key, certificate: x509, der: der)
    }

    static func derEncoding(of x509: OpaquePointer) -> [UInt8]? {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(x509, &cursor)
        }
        return written == length ? der : nil
    }

    /// Hashes a DER certificate with the SDP-named function (RFC 8122 section 5: sha-1 ... sha-512).
    static func fingerprint(of der: [UInt8], algorithm: String) throws(DTLSError) -> CertificateFingerprint {
        let digestType: OpaquePointer?
        switch algorithm.lowercased() {
        case "sha-1": digestType = EVP_sha1()
        case "sha-224": digestType = EVP_sha224()
        case "sha-256": digestType = EVP_sha256()
        case "sha-384": digestType = EVP_sha384()
        case "sha-512": digestType = EVP_sha512()
        default: throw .unsupportedFingerprintAlgorithm(algorithm)
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(der, der.count, &digest, &length, digestType, nil) == 1 else {
            throw .openSSL(operation: "hash a certificate", details: OpenSSLErrorQueue.drain())
        }
        return CertificateFingerprint(algorithm: algorithm, digest: Array(digest.prefix(Int(length))))
    }
}
