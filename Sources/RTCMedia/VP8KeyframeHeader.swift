// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The start of a VP8 frame (RFC 6386 9.1, summarized in RFC 7741 4.3): a 3-byte frame tag and,
/// for key frames, a start code and the picture size.
public struct VP8KeyframeHeader: Equatable, Sendable {
    /// 14-bit sizes and 2-bit upscaling hints, as coded.
    public var width: UInt16
    public var height: UInt16
    public var horizontalScale: UInt8
    public var verticalScale: UInt8

    public init(width: UInt16, height: UInt16, horizontalScale: UInt8 = 0, verticalScale: UInt8 = 0) {
        self.width = width
        self.height = height
        self.horizontalScale = horizontalScale
        self.verticalScale = verticalScale
    }

    static let startCode: [UInt8] = [0x9d, 0x01, 0x2a]

    /// RFC 7741 4.3: the P bit (bit 0 of the first byte) is 0 for key frames.
    public static func isKeyframe<C: Collection>(_ frame: C) -> Bool where C.Element == UInt8 {
        guard let first = frame.first else { return false }
        return first & 0x01 == 0
    }

    /// Reads the 10-byte key frame header at the start of `frame`; nil for inter frames or when
    /// the start code is wrong or bytes are missing.
    public init?(frame: ArraySlice<UInt8>) {
        guard frame.count >= 10, Self.isKeyframe(frame) else { return nil }
        let start = frame.startIndex
        guard frame[(start + 3)..<(start + 6)].elementsEqual(Self.startCode) else { return nil }
        // Little-endian 16-bit fields: 14-bit size, 2-bit scale (RFC 6386 9.1).
        let w = UInt16(frame[start + 6]) | UInt16(frame[start + 7]) << 8
        let h = UInt16(frame[start + 8]) | UInt16(frame[start + 9]) << 8
        self.init(width: w & 0x3fff, height: h & 0x3fff, horizontalScale: UInt8(w >> 14), verticalScale: UInt8(h >> 14))
    }

    public init?(frame: [UInt8]) { self.init(frame: frame[...]) }
}
