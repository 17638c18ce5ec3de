/// Why a certificate or key cannot be served, in one sentence naming the file.
public enum TLSCertificateError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case noCertificate(path: String)
    case malformedCertificate(path: String, reason: String)
    case noPrivateKey(path: String)
    case malformedPrivateKey(path: String, reason: String)
    case keyMismatch(certificatePath: String, keyPath: String)
    case unusable(reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .noCertificate(path):
            return "\(path) holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"
        case let .malformedCertificate(path, reason):
            return "the certificate in \(path) is not valid: \(reason)"
        case let .noPrivateKey(path):
            return "\(path) holds no PEM private key (expected -----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY)"
        case let .malformedPrivateKey(path, reason):
            return "the private key in \(path) is not valid: \(reason)"
        case let .keyMismatch(certificatePath, keyPath):
            return "the key in \(keyPath) does not belong to the certificate in \(certificatePath)"
        case let .unusable(reason):
            return "the certificate cannot be used for TLS: \(reason)"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
