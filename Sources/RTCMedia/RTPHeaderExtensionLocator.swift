// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Finds one header extension's value inside a serialized RTP packet (RFC 8285 4.2, 4.3), so a
/// value set at send time (the transport-wide sequence number) is written in place instead of
/// serializing the packet again.
public enum RTPHeaderExtensionLocator {
    /// The byte range of extension `id`'s value, or nil when the packet has no such element.
    public static func valueRange(of id: UInt8, in packet: [UInt8]) -> Range<Int>? {
        guard packet.count >= 12, packet[0] >> 6 == 2, packet[0] & 0x10 != 0 else { return nil }
        let start = 12 + Int(packet[0] & 0x0F) * 4
        guard packet.count >= start + 4 else { return nil }
        let profile = UInt16(packet[start]) << 8 | UInt16(packet[start + 1])
        let length = (Int(packet[start + 2]) << 8 | Int(packet[start + 3])) * 4
        let end = start + 4 + length
        guard packet.count >= end else { return nil }
        var offset = start + 4
        if profile == 0xBEDE {
            while offset < end {
                let byte = packet[offset]
                if byte == 0 { offset += 1; continue }
                let elementID = byte >> 4
                if elementID == 15 { return nil }
                let size = Int(byte & 0x0F) + 1
                guard offset + 1 + size <= end else { return nil }
                if elementID == id { return (offset + 1)..<(offset + 1 + size) }
                offset += 1 + size
            }
        } else if profile & 0xFFF0 == 0x1000 {
            while offset < end {
                let elementID = packet[offset]
                if elementID == 0 { offset += 1; continue }
                guard offset + 1 < end else { return nil }
                let size = Int(packet[offset + 1])
                guard offset + 2 + size <= end else { return nil }
                if elementID == id { return (offset + 2)..<(offset + 2 + size) }
                offset += 2 + size
            }
        }
        return nil
    }

    /// Writes a 16-bit big-endian value into extension `id` in place; false when it is not there
    /// or is not two bytes long.
    @discardableResult
    public static func write(_ value: UInt16, to id: UInt8, in packet: inout [UInt8]) -> Bool {
        guard let range = valueRange(of: id, in: packet), range.count == 2 else { return false }
        packet[range.lowerBound] = UInt8(value >> 8)
        packet[range.lowerBound + 1] = UInt8(value & 0xFF)
        return true
    }
}
