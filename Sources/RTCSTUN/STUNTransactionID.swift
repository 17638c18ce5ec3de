import RTCBase

/// The 96-bit transaction ID that pairs a STUN response with its request (RFC 5389 section 6).
public struct STUNTransactionID: Hashable, Sendable, CustomStringConvertible {
    /// Kept as two integers rather than an array so that using it as a dictionary key allocates nothing.
    public var high: UInt32
    public var low: UInt64

    public init(high: UInt32, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Exactly 12 bytes in network order; nil for any other length.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == 12 else { return nil }
        var high: UInt32 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 4 { high = high << 8 | UInt32(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    public var bytes: [UInt8] {
        var writer = ByteWriter(capacity: 12)
        writer.write(high)
        writer.write(low)
        return writer.bytes
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> STUNTransactionID {
        STUNTransactionID(high: UInt32(truncatingIfNeeded: generator.next()), low: generator.next())
    }

    public var description: String { bytes.hexString }
}
