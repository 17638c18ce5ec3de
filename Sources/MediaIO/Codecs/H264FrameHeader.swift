/// What the H.264 decoder looks at before handing an access unit to libopenh264: which NAL unit
/// types it holds. (RTCMedia's `H264AnnexB` and `H264AccessUnitInfo` do the same and more on the
/// RTP side; MediaIO does not depend on RTCMedia, as `VP8FrameHeader` mirrors `VP8KeyframeHeader`.)
struct H264FrameHeader: Equatable {
    var nalUnitCount = 0
    var containsIDR = false
    var containsSPS = false
    var containsPPS = false
    /// A NAL unit header has forbidden_zero_bit set: not a valid bitstream.
    var hasForbiddenBit = false

    /// Nil when `data` holds no NAL unit after an Annex B start code.
    init?(_ data: [UInt8]) {
        var index = 0
        while index + 3 < data.count {
            guard data[index + 2] <= 1 else { index += 3; continue }
            guard data[index] == 0, data[index + 1] == 0, data[index + 2] == 1 else { index += 1; continue }
            let header = data[index + 3]
            // Two start codes in a row, or zeros before the next one: not a NAL unit header.
            if header != 0 {
                nalUnitCount += 1
                hasForbiddenBit = hasForbiddenBit || header & 0x80 != 0
                switch header & 0x1F {
                case 5: containsIDR = true
                case 7: containsSPS = true
                case 8: containsPPS = true
                default: break
                }
            }
            index += 3
        }
        guard nalUnitCount > 0 else { return nil }
    }
}
