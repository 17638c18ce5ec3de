/// The uncompressed start of a VP8 frame (RFC 6386 section 9.1): enough to tell keyframes apart and
/// to check a keyframe's picture size before handing the data to libvpx.
struct VP8FrameHeader: Equatable {
    var isKeyframe: Bool
    var width: Int
    var height: Int
    /// Length of the first partition in bytes.
    var firstPartitionSize: Int

    /// Nil when the data is too short for its frame type or a keyframe lacks the start code.
    init?(_ data: [UInt8]) {
        guard data.count >= 3 else { return nil }
        let tag = UInt32(data[0]) | UInt32(data[1]) << 8 | UInt32(data[2]) << 16
        isKeyframe = tag & 1 == 0
        firstPartitionSize = Int(tag >> 5)
        guard Int(tag >> 1) & 7 <= 3 else { return nil } // version 0...3
        if isKeyframe {
            guard data.count >= 10, data[3] == 0x9d, data[4] == 0x01, data[5] == 0x2a else { return nil }
            // The top two bits of each dimension are an upscaling hint, not part of the size.
            width = Int(UInt16(data[6]) | UInt16(data[7]) << 8) & 0x3fff
            height = Int(UInt16(data[8]) | UInt16(data[9]) << 8) & 0x3fff
        } else {
            width = 0
            height = 0
        }
    }
}
