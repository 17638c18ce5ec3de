/// A certificate fingerprint as SDP carries it (`a=fingerprint:sha-256 AB:CD:...`, RFC 8122).
public struct CertificateFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// Lower-case hash function name from the IANA registry ("sha-256").
    public var algorithm: String
    public var digest: [UInt8]

    public init(algorithm: String, digest: [UInt8]) {
        self.algorithm = algorithm.lowercased()
        self.digest = digest
    }

    /// Parses the attribute value "sha-256 AB:CD:..."; nil when malformed.
    public init?(sdpValue: String) {
        let parts = sdpValue.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let digest = [UInt8](hex: String(parts[1])), !digest.isEmpty,
              parts[1].split(separator: ":").allSatisfy({ $0.count == 2 })
        else { return nil }
        self.init(algorithm: String(parts[0]), digest: digest)
    }

    /// Upper-case hex pairs joined by colons, as browsers write it.
    public var hexPairs: String {
        digest.map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + text : text
        }.joined(separator: ":")
    }

    /// "sha-256 AB:CD:..."
    public var sdpValue: String { "\(algorithm) \(hexPairs)" }

    public var description: String { sdpValue }
}
