import COpenSSL

/// MD5 through OpenSSL's one-shot `EVP_Digest`, only because STUN's long-term credential key is
/// defined with it (RFC 8489 section 9.2.2); nothing here relies on MD5 being collision resistant.
enum MD5 {
    static let length = 16

    static func digest(_ message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outputLength: UInt32 = 0
        let ok = message.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { buffer in
                EVP_Digest(input.baseAddress, input.count, buffer.baseAddress, &outputLength, EVP_md5(), nil) == 1
            }
        }
        // Only memory exhaustion or an OpenSSL built without MD5 fails here; an all-zero key then
        // fails authentication with a 401 instead of trapping.
        guard ok, outputLength == UInt32(length) else { return [UInt8](repeating: 0, count: length) }
        return Array(output.prefix(length))
    }
}
