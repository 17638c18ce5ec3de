/// How the server speaks TLS: a certificate and key from PEM files (reloaded on SIGHUP), or a
/// self-signed certificate made at startup for development. Disabled when neither is given.
public struct TLSSettings: Sendable, Equatable {
    /// PEM certificate chain, leaf first (`--tls-cert`, `tls_cert`).
    public var certificatePath: String?
    /// PEM private key of the leaf (`--tls-key`, `tls_key`).
    public var keyPath: String?
    /// Generate a certificate at startup instead of reading one (`--self-signed`).
    public var selfSigned = false
    /// Where to write the generated certificate and key, so a client can trust them (`--self-signed-dir`).
    public var selfSignedDirectory: String?
    /// A plain-HTTP port whose every request is answered 308 to the https URL (`--redirect-http`).
    public var redirectHTTPPort: Int?
    /// `Strict-Transport-Security: max-age=` on every TLS answer. Nil picks the default: two years,
    /// or 0 with a self-signed certificate, so that a browser does not pin `localhost` to HTTPS
    /// after a development run.
    public var hstsMaxAge: Int?

    public init() {}

    public var isEnabled: Bool { selfSigned || certificatePath != nil || keyPath != nil }

    public var effectiveHSTSMaxAge: Int { hstsMaxAge ?? (selfSigned ? 0 : 63_072_000) }

    /// Settings that cannot work together, as one sentence; nil when they are usable.
    public var problem: String? {
        if selfSigned, certificatePath != nil || keyPath != nil {
            return "--self-signed and --tls-cert/--tls-key exclude each other: pick one."
        }
        if !selfSigned, (certificatePath == nil) != (keyPath == nil) {
            return certificatePath == nil
                ? "--tls-key needs --tls-cert (the certificate the key belongs to)."
                : "--tls-cert needs --tls-key (the certificate's private key)."
        }
        if selfSignedDirectory != nil, !selfSigned {
            return "--self-signed-dir only applies with --self-signed."
        }
        if redirectHTTPPort != nil, !isEnabled {
            return "--redirect-http needs TLS (--tls-cert and --tls-key, or --self-signed)."
        }
        if let redirectHTTPPort, !(0...65535).contains(redirectHTTPPort) {
            return "--redirect-http must be a port between 0 and 65535."
        }
        if let hstsMaxAge, hstsMaxAge < 0 {
            return "--hsts-max-age must not be negative."
        }
        return nil
    }
}
