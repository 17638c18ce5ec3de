// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Reads the bits of an H.264 RBSP: fixed-width fields and Exp-Golomb codes (H.264 9.1), over a
/// NAL unit whose emulation prevention bytes (7.4.1: 0x000003) are skipped as it goes, so no
/// copy of the unit is made.
struct H264BitReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int
    /// Bits left in `current`, 0...8.
    private var bitsLeft = 0
    private var current: UInt8 = 0
    /// Zero bytes in a row just read, for spotting emulation prevention.
    private var zeros = 0

    /// `rbsp` starts after the NAL unit header.
    init(_ rbsp: ArraySlice<UInt8>) {
        bytes = rbsp
        index = rbsp.startIndex
    }

    private mutating func loadByte() throws(ParseError) {
        guard index < bytes.endIndex else { throw ParseError("H.264 parameter set ends early") }
        var byte = bytes[index]
        index += 1
        if zeros >= 2, byte == 0x03 {
            guard index < bytes.endIndex else { throw ParseError("H.264 parameter set ends early") }
            byte = bytes[index]
            index += 1
            zeros = 0
        }
        zeros = byte == 0 ? zeros + 1 : 0
        current = byte
        bitsLeft = 8
    }

    mutating func readBit() throws(ParseError) -> UInt32 {
        if bitsLeft == 0 { try loadByte() }
        bitsLeft -= 1
        return UInt32((current >> UInt8(bitsLeft)) & 1)
    }

    /// u(n), n at most 32.
    mutating func readBits(_ count: Int) throws(ParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count { value = value << 1 | (try readBit()) }
        return value
    }

    mutating func readFlag() throws(ParseError) -> Bool { try readBit() == 1 }

    /// ue(v): leading zeros, a 1, then as many bits; values up to 2^32 - 2.
    mutating func readUnsignedExpGolomb() throws(ParseError) -> UInt32 {
        var leadingZeros = 0
        while try readBit() == 0 {
            leadingZeros += 1
            guard leadingZeros < 32 else { throw ParseError("H.264 Exp-Golomb code longer than 32 bits") }
        }
        guard leadingZeros > 0 else { return 0 }
        return (UInt32(1) << UInt32(leadingZeros)) - 1 + (try readBits(leadingZeros))
    }

    /// se(v): 1, -1, 2, -2, ... from ue(v) 1, 2, 3, 4, ...
    mutating func readSignedExpGolomb() throws(ParseError) -> Int32 {
        let code = try readUnsignedExpGolomb()
        let magnitude = Int32(truncatingIfNeeded: (UInt64(code) + 1) / 2)
        return code & 1 == 1 ? magnitude : -magnitude
    }
}
