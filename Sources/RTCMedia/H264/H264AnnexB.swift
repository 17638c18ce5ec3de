/// The byte-stream format of H.264 Annex B: each NAL unit is preceded by a start code
/// (0x000001, often with a leading zero byte: 0x00000001). Encoders write it and decoders read
/// it; RTP carries the NAL units without start codes (RFC 6184 5.6-5.8).
public enum H264AnnexB {
    /// The 4-byte form `join` writes (H.264 B.1.2: a `zero_byte` and `start_code_prefix_one_3bytes`).
    public static let startCode: [UInt8] = [0, 0, 0, 1]

    /// The NAL units of a byte stream, as slices of `stream`, without start codes, in order.
    ///
    /// Both 3- and 4-byte start codes are recognised; zero bytes before a start code
    /// (`trailing_zero_8bits`, or the zero of a 4-byte start code) are not part of the NAL unit
    /// before it. Bytes before the first start code are skipped, and empty NAL units (two start
    /// codes in a row) are left out. A stream without any start code yields nothing.
    public static func split(_ stream: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var units: [ArraySlice<UInt8>] = []
        var unitStart: Int?
        var index = stream.startIndex
        let end = stream.endIndex
        // Looks at the third byte of each candidate first: when it is above 1, no start code can
        // begin in the next three positions, so most of the stream is skipped three bytes at a time.
        while index + 2 < end {
            let third = stream[index + 2]
            if third > 1 {
                index += 3
            } else if third == 1 {
                if stream[index] == 0, stream[index + 1] == 0 {
                    if let start = unitStart { append(stream[start..<index], to: &units) }
                    unitStart = index + 3
                }
                index += 3
            } else {
                index += 1
            }
        }
        if let start = unitStart, start < end { append(stream[start..<end], to: &units) }
        return units
    }

    public static func split(_ stream: [UInt8]) -> [ArraySlice<UInt8>] { split(stream[...]) }

    /// Drops the zero bytes that belong to the next start code or pad the stream.
    private static func append(_ unit: ArraySlice<UInt8>, to units: inout [ArraySlice<UInt8>]) {
        var last = unit.endIndex
        while last > unit.startIndex, unit[last - 1] == 0 { last -= 1 }
        if last > unit.startIndex { units.append(unit[unit.startIndex..<last]) }
    }

    /// A byte stream of `units`, each after a 4-byte start code.
    public static func join<S: Sequence>(_ units: S) -> [UInt8] where S.Element == ArraySlice<UInt8> {
        var out: [UInt8] = []
        for unit in units { append(unit, to: &out) }
        return out
    }

    public static func join(_ units: [[UInt8]]) -> [UInt8] { join(units.lazy.map { $0[...] }) }

    /// Appends a start code and `unit` to `stream`.
    public static func append(_ unit: ArraySlice<UInt8>, to stream: inout [UInt8]) {
        stream.append(contentsOf: startCode)
        stream.append(contentsOf: unit)
    }
}
