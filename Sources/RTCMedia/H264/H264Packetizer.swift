// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Splits H.264 access units into RTP payloads for packetization-mode 1 (RFC 6184 6.3): each
/// NAL unit goes in a single NAL unit packet (5.6) when it fits, consecutive small ones share a
/// STAP-A (5.7.1), and one too large for a packet is cut into FU-As (5.8).
///
/// An IDR access unit whose encoder left out the parameter sets gets the last SPS and PPS seen
/// put in front of it, so every keyframe on the wire is decodable on its own (a receiver that
/// joins late, or lost the stream, needs nothing from before it).
public struct H264Packetizer: Sendable {
    /// Largest RTP payload this packetizer makes: the same budget as VP8's (1200 bytes of UDP
    /// payload less the RTP header and the largest SRTP tag), see `VP8Packetizer`.
    public static let defaultMaxPayloadSize = VP8Packetizer.defaultMaxPayloadSize

    /// Raised to 3 if smaller (an FU-A needs 2 bytes of headers and 1 of data).
    public var maxPayloadSize: Int
    /// Puts consecutive NAL units that fit one packet together into a STAP-A (typically SPS,
    /// PPS and, when small enough, the IDR slice). Off: one packet per NAL unit or fragment.
    public var aggregatesNALUnits: Bool
    /// Puts the last SPS and PPS seen in front of IDR access units that lack them.
    public var repeatsParameterSets: Bool
    /// The last sequence and picture parameter sets the packetizer saw (nil before the first).
    public private(set) var sequenceParameterSet: [UInt8]?
    public private(set) var pictureParameterSet: [UInt8]?

    public init(maxPayloadSize: Int = defaultMaxPayloadSize, aggregatesNALUnits: Bool = true, repeatsParameterSets: Bool = true) {
        self.maxPayloadSize = maxPayloadSize
        self.aggregatesNALUnits = aggregatesNALUnits
        self.repeatsParameterSets = repeatsParameterSets
    }

    /// The RTP payloads for one access unit in Annex B form (what an encoder writes), in order;
    /// the caller sets the marker bit on the last one (RFC 6184 5.1) and gives all of them the
    /// access unit's timestamp. An access unit without NAL units yields no payloads.
    public mutating func packetize(frame: [UInt8]) -> [[UInt8]] {
        packetize(nalUnits: H264AnnexB.split(frame[...]))
    }

    /// The RTP payloads for one access unit given as its NAL units (no start codes).
    public mutating func packetize(nalUnits: [ArraySlice<UInt8>]) -> [[UInt8]] {
        var units = nalUnits.filter { !$0.isEmpty }
        if repeatsParameterSets { addParameterSets(to: &units) }
        let limit = max(maxPayloadSize, H264FragmentationUnit.overhead + 1)
        var payloads: [[UInt8]] = []
        var index = 0
        while index < units.count {
            let unit = units[index]
            if unit.count > limit {
                fragment(unit, limit: limit, into: &payloads)
                index += 1
                continue
            }
            let end = aggregatesNALUnits ? aggregationEnd(units, from: index, limit: limit) : index + 1
            if end - index >= 2 {
                payloads.append(aggregate(units[index..<end]))
                index = end
            } else {
                payloads.append(Array(unit))
                index += 1
            }
        }
        return payloads
    }

    /// Remembers parameter sets, and puts the remembered ones in front of an IDR without them.
    private mutating func addParameterSets(to units: inout [ArraySlice<UInt8>]) {
        var hasSPS = false, hasPPS = false, hasIDR = false
        for unit in units {
            switch H264NALUnitHeader(unit[unit.startIndex]).type {
            case .sps: hasSPS = true; sequenceParameterSet = Array(unit)
            case .pps: hasPPS = true; pictureParameterSet = Array(unit)
            case .idrSlice: hasIDR = true
            default: break
            }
        }
        guard hasIDR, !(hasSPS && hasPPS) else { return }
        var missing: [ArraySlice<UInt8>] = []
        if !hasSPS, let sps = sequenceParameterSet { missing.append(sps[...]) }
        if !hasPPS, let pps = pictureParameterSet { missing.append(pps[...]) }
        guard !missing.isEmpty else { return }
        // After an access unit delimiter, which must stay first (H.264 7.4.1.2.3).
        let position = units.first.map { H264NALUnitHeader($0[$0.startIndex]).type == .accessUnitDelimiter } == true ? 1 : 0
        units.insert(contentsOf: missing, at: position)
    }

    /// One past the last NAL unit, from `start` on, that fits a STAP-A with the ones before it.
    private func aggregationEnd(_ units: [ArraySlice<UInt8>], from start: Int, limit: Int) -> Int {
        let sizeField = H264RTPPayload.aggregationSizeField
        var size = 1
        var end = start
        while end < units.count {
            let count = units[end].count
            guard count <= UInt16.max, size + sizeField + count <= limit else { break }
            size += sizeField + count
            end += 1
        }
        return end
    }

    /// RFC 6184 5.7.1: F is the OR and NRI the maximum of the aggregated units' own.
    private func aggregate(_ units: ArraySlice<ArraySlice<UInt8>>) -> [UInt8] {
        var forbidden = false
        var nri: UInt8 = 0
        var size = 1
        for unit in units {
            let header = H264NALUnitHeader(unit[unit.startIndex])
            forbidden = forbidden || header.forbiddenBit
            nri = max(nri, header.nri)
            size += H264RTPPayload.aggregationSizeField + unit.count
        }
        var payload: [UInt8] = []
        payload.reserveCapacity(size)
        payload.append(H264NALUnitHeader(forbiddenBit: forbidden, nri: nri, type: .stapA).byte)
        for unit in units {
            appendUInt16(&payload, UInt16(unit.count))
            payload.append(contentsOf: unit)
        }
        return payload
    }

    /// RFC 6184 5.8: the NAL unit's bytes after its header, in pieces of equal size (within one
    /// byte) rather than full ones and a runt: the same packet count, and no tiny last packet.
    private func fragment(_ unit: ArraySlice<UInt8>, limit: Int, into payloads: inout [[UInt8]]) {
        let header = H264NALUnitHeader(unit[unit.startIndex])
        let body = unit.dropFirst()
        let capacity = limit - H264FragmentationUnit.overhead
        let count = (body.count + capacity - 1) / capacity
        let base = body.count / count
        let extra = body.count % count
        var offset = body.startIndex
        for index in 0..<count {
            let length = base + (index < extra ? 1 : 0)
            let piece = H264FragmentationUnit(isStart: index == 0, isEnd: index == count - 1, nalUnitHeader: header,
                                              data: body[offset..<offset + length])
            var payload: [UInt8] = []
            payload.reserveCapacity(H264FragmentationUnit.overhead + length)
            piece.write(to: &payload)
            payloads.append(payload)
            offset += length
        }
    }
}
