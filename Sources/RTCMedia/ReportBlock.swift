// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// One reception report block of an SR or RR (RFC 3550 6.4.1), 24 bytes on the wire.
public struct ReportBlock: Equatable, Sendable {
    /// The source this block reports on.
    public var ssrc: UInt32
    /// Fraction of packets lost since the previous report, in 1/256.
    public var fractionLost: UInt8
    /// Signed 24-bit: duplicates can make it negative. Serialization clamps to the 24-bit range.
    public var cumulativeLost: Int32
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter in RTP timestamp units.
    public var jitter: UInt32
    /// Middle 32 bits of the NTP time of the last SR from `ssrc` (0 when none was received).
    public var lastSenderReport: UInt32
    /// Delay since that SR was received, in 1/65536 s.
    public var delaySinceLastSenderReport: UInt32

    public init(
        ssrc: UInt32, fractionLost: UInt8 = 0, cumulativeLost: Int32 = 0, extendedHighestSequence: UInt32 = 0,
        jitter: UInt32 = 0, lastSenderReport: UInt32 = 0, delaySinceLastSenderReport: UInt32 = 0
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    static let size = 24

    /// Reads the block at `index`; the caller has checked that 24 bytes are there.
    init(_ bytes: ArraySlice<UInt8>, at index: Int) {
        ssrc = readUInt32(bytes, index)
        fractionLost = bytes[index + 4]
        let raw = readUInt24(bytes, index + 5)
        // Sign-extend the 24-bit two's complement value.
        cumulativeLost = Int32(bitPattern: raw << 8) >> 8
        extendedHighestSequence = readUInt32(bytes, index + 8)
        jitter = readUInt32(bytes, index + 12)
        lastSenderReport = readUInt32(bytes, index + 16)
        delaySinceLastSenderReport = readUInt32(bytes, index + 20)
    }

    static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    func write(to out: inout [UInt8]) {
        appendUInt32(&out, ssrc)
        out.append(fractionLost)
        let clamped = min(max(cumulativeLost, Self.cumulativeLostRange.lowerBound), Self.cumulativeLostRange.upperBound)
        appendUInt24(&out, UInt32(bitPattern: clamped) & 0xFF_FFFF)
        appendUInt32(&out, extendedHighestSequence)
        appendUInt32(&out, jitter)
        appendUInt32(&out, lastSenderReport)
        appendUInt32(&out, delaySinceLastSenderReport)
    }

    /// Reads `count` blocks starting at `index`, checking they fit.
    static func readBlocks(_ body: ArraySlice<UInt8>, from index: Int, count: Int, in packetName: String) throws(ParseError) -> [ReportBlock] {
        guard body.endIndex - index >= count * size else {
            throw ParseError("\(packetName) announces \(count) report blocks but has room for \((body.endIndex - index) / size)")
        }
        var blocks: [ReportBlock] = []
        blocks.reserveCapacity(count)
        for i in 0..<count { blocks.append(ReportBlock(body, at: index + i * size)) }
        return blocks
    }
}
