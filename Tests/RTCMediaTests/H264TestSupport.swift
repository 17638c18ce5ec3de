import RTCBase
@testable import RTCMedia

/// Real parameter sets from libopenh264 2.3.1 (Debian 12), Constrained Baseline, one slice.
enum H264Vectors {
    /// 640x360: profile 42, constraint_set0 and 1 (c0), level 3.0.
    static let sps640x360 = hex("67 42 c0 1e 8c 8d 40 50 17 fc b0 0f 08 84 6a")
    /// 1920x1080: coded as 1920x1088 with 8 rows cropped at the bottom, level 4.0.
    static let sps1920x1080 = hex("67 42 c0 28 8c 8d 40 3c 01 13 f2 c0 3c 22 11 a8")
    static let pps = hex("68 ce 3c 80")
    /// The first bytes of an IDR slice: first_mb_in_slice 0 (the first bit after the header is 1).
    static let idrSliceStart = hex("65 b8 00 04 00 00 08 f8 b4 47 db c6 e0 38 00 17")
    /// The start of a later IDR slice of the same picture (first_mb_in_slice not 0).
    static let idrSecondSliceStart = hex("65 1c e0 00 10 00 00 23 e2 d1 b0 b5 ad ee 07 00")
}

/// NAL units and access units made up for packetizer and assembler tests: headers and the first
/// slice-header bit are real, the rest random.
struct H264StreamMaker {
    var random: SeededRandom

    /// A slice of `size` bytes (at least 2) of `type`, first in its picture or not.
    mutating func slice(_ type: H264NALUnitType, size: Int, first: Bool) -> [UInt8] {
        var unit = random.bytes(max(size, 2))
        unit[0] = H264NALUnitHeader(nri: type == .idrSlice ? 3 : 2, type: type).byte
        if first { unit[1] |= 0x80 } else { unit[1] &= 0x7F }
        // No start code may appear inside a NAL unit: break any 00 00 0x (x <= 3) run.
        for index in 2..<unit.count where unit[index - 2] == 0 && unit[index - 1] == 0 && unit[index] <= 3 {
            unit[index] = 0x55
        }
        if unit[unit.count - 1] == 0 { unit[unit.count - 1] = 0x80 }
        return unit
    }

    /// One access unit's NAL units: SPS, PPS and IDR slices for a keyframe, slices otherwise;
    /// slice sizes random in `minSliceSize...maxSliceSize`.
    mutating func accessUnit(keyframe: Bool, slices: Int = 1, maxSliceSize: Int = 2000, minSliceSize: Int = 2) -> [[UInt8]] {
        var units: [[UInt8]] = keyframe ? [H264Vectors.sps640x360, H264Vectors.pps] : []
        for index in 0..<max(slices, 1) {
            let size = minSliceSize + Int(random.next() % UInt64(max(maxSliceSize - minSliceSize + 1, 1)))
            units.append(slice(keyframe ? .idrSlice : .slice, size: size, first: index == 0))
        }
        return units
    }
}

/// Packets of one access unit with the marker on the last, as a sender makes them.
func rtpPackets(_ payloads: [[UInt8]], firstSequence: UInt16, timestamp: UInt32, marker: Bool = true) -> [RTPPacket] {
    payloads.enumerated().map { index, payload in
        RTPPacket(marker: marker && index == payloads.count - 1, payloadType: 102,
                  sequenceNumber: firstSequence &+ UInt16(truncatingIfNeeded: index), timestamp: timestamp, ssrc: 7,
                  payload: payload)
    }
}
