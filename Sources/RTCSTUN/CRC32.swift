/// CRC-32 as ISO/IEC 3309 and ITU-T V.42 define it (reflected polynomial 0xEDB88320, initial value and
/// final XOR 0xFFFFFFFF), which STUN's FINGERPRINT attribute uses (RFC 5389 section 15.5).
enum CRC32 {
    /// One entry per byte value, built once: the table-driven form is about eight times faster than
    /// bit-at-a-time, which matters because every STUN message we send and receive is fingerprinted.
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        // Raw buffers: with the generic Collection form the per-byte table lookup was not optimised
        // and a 100-byte message took about 10 µs; this takes well under 1 µs.
        table.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { buffer in
                var crc: UInt32 = 0xFFFF_FFFF
                for byte in buffer {
                    crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
                }
                return crc ^ 0xFFFF_FFFF
            }
        }
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { checksum(bytes[...]) }
}
