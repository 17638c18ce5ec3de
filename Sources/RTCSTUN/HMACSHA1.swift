import COpenSSL

/// HMAC-SHA1 (RFC 2104) through OpenSSL's one-shot `HMAC()`, for STUN's MESSAGE-INTEGRITY.
///
/// The one-shot call keeps no C state between calls, so there is no handle to own and free.
/// Public because TURN (RTCTURN) signs with the same function and derives REST passwords with it.
public enum HMACSHA1 {
    public static let length = 20

    public static func authenticationCode(key: [UInt8], message: ArraySlice<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outputLength: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    HMAC(EVP_sha1(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                         messageBuffer.baseAddress, messageBuffer.count,
                         outputBuffer.baseAddress, &outputLength) != nil
                }
            }
        }
        // HMAC-SHA1 with an in-memory key cannot fail short of memory exhaustion; a zero code then
        // simply fails verification instead of trapping.
        guard ok, outputLength == UInt32(length) else { return [UInt8](repeating: 0, count: length) }
        return Array(output.prefix(length))
    }

    /// Compares in time independent of where the first difference is, so a forger learns nothing
    /// from how fast a guess was rejected.
    public static func constantTimeEqual(_ lhs: ArraySlice<UInt8>, _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(lhs, rhs) { difference |= a ^ b }
        return difference == 0
    }
}
