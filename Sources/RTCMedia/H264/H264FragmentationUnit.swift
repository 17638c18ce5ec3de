// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// One FU-A packet (RFC 6184 5.8): a piece of a NAL unit too large for one RTP packet.
///
/// ```
/// +---------------+---------------+
/// |0|1|2|3|4|5|6|7|0|1|2|3|4|5|6|7|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |F|NRI|  28     |S|E|R|  Type   |   FU indicator, FU header, then the fragment
/// +---------------+---------------+
/// ```
///
/// The fragmented NAL unit's own header byte is not sent: its F and NRI travel in the FU
/// indicator and its type in the FU header, and the fragments' data concatenated are the NAL
/// unit's bytes after that header.
public struct H264FragmentationUnit: Equatable, Sendable {
    /// S: this fragment begins the NAL unit.
    public var isStart: Bool
    /// E: this fragment ends the NAL unit.
    public var isEnd: Bool
    /// The fragmented NAL unit's header, rebuilt from the FU indicator and the FU header.
    public var nalUnitHeader: H264NALUnitHeader
    /// This fragment's share of the NAL unit after its header byte.
    public var data: ArraySlice<UInt8>

    /// FU indicator and FU header.
    public static let overhead = 2

    public init(isStart: Bool, isEnd: Bool, nalUnitHeader: H264NALUnitHeader, data: ArraySlice<UInt8>) {
        self.isStart = isStart
        self.isEnd = isEnd
        self.nalUnitHeader = nalUnitHeader
        self.data = data
    }

    /// Reads an FU-A payload (its first byte must say type 28).
    ///
    /// Lenient where RFC 6184 allows a receiver to be: the R bit is ignored, and a fragment with
    /// both S and E set (which a sender must not send) is read as a whole NAL unit. Strict where
    /// accepting would corrupt the stream: the fragmented type must be a NAL unit type (1...23).
    public init(parsing payload: ArraySlice<UInt8>) throws(ParseError) {
        guard payload.count >= Self.overhead else {
            throw ParseError("H.264 FU-A is \(payload.count) bytes, shorter than its 2-byte indicator and header")
        }
        let indicator = H264NALUnitHeader(payload[payload.startIndex])
        guard indicator.type == .fuA else { throw ParseError("H.264 payload type \(indicator.type.rawValue) is not FU-A") }
        let header = payload[payload.startIndex + 1]
        let type = H264NALUnitType(rawValue: header & 0x1F)
        guard type.isSingleNALUnit else {
            throw ParseError("H.264 FU-A fragments a NAL unit of type \(type.rawValue), not a NAL unit type 1...23")
        }
        isStart = header & 0x80 != 0
        isEnd = header & 0x40 != 0
        nalUnitHeader = H264NALUnitHeader(forbiddenBit: indicator.forbiddenBit, nri: indicator.nri, type: type)
        data = payload.dropFirst(Self.overhead)
    }

    /// Appends the FU indicator, FU header and data to `out`.
    public func write(to out: inout [UInt8]) {
        out.append(H264NALUnitHeader(forbiddenBit: nalUnitHeader.forbiddenBit, nri: nalUnitHeader.nri, type: .fuA).byte)
        out.append((isStart ? 0x80 : 0) | (isEnd ? 0x40 : 0) | nalUnitHeader.type.rawValue)
        out.append(contentsOf: data)
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.overhead + data.count)
        write(to: &out)
        return out
    }
}
