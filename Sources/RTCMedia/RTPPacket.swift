// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// An RTP data packet (RFC 3550 5.1) with RFC 8285 header extensions.
///
/// Parsing keeps the payload as a slice of the input, so demultiplexing and forwarding do not copy
/// the media bytes.
public struct RTPPacket: Equatable, Sendable {
    public var marker: Bool
    /// 0...127.
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// At most 15 (the CC field is 4 bits); `serialized()` writes the first 15.
    public var csrcs: [UInt32]
    /// RFC 8285 elements; `serialized()` picks the one-byte form when every element fits it.
    public var extensions: [RTPHeaderExtension]
    public var payload: ArraySlice<UInt8>
    /// Padding bytes (including the final count byte) that `serialized()` appends; parsing strips
    /// the padding from `payload` and records its size here so a parsed packet re-serializes
    /// to the same bytes.
    public var paddingSize: UInt8

    public init(
        marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
        csrcs: [UInt32] = [], extensions: [RTPHeaderExtension] = [], payload: ArraySlice<UInt8>,
        paddingSize: UInt8 = 0
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.extensions = extensions
        self.payload = payload
        self.paddingSize = paddingSize
    }

    public init(
        marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
        csrcs: [UInt32] = [], extensions: [RTPHeaderExtension] = [], payload: [UInt8], paddingSize: UInt8 = 0
    ) {
        self.init(marker: marker, payloadType: payloadType, sequenceNumber: sequenceNumber, timestamp: timestamp,
                  ssrc: ssrc, csrcs: csrcs, extensions: extensions, payload: payload[...], paddingSize: paddingSize)
    }

    /// RFC 8285 4.2 one-byte form marker ("defined by profile" field).
    static let oneByteProfile: UInt16 = 0xBEDE
    /// RFC 8285 4.3 two-byte form: 0x100 in the top 12 bits, "appbits" in the low 4.
    static let twoByteProfileMask: UInt16 = 0xFFF0
    static let twoByteProfile: UInt16 = 0x1000

    public init(bytes: [UInt8]) throws(ParseError) {
        try self.init(bytes: bytes[...])
    }

    public init(bytes: ArraySlice<UInt8>) throws(ParseError) {
        let start = bytes.startIndex
        let end = bytes.endIndex
        guard bytes.count >= 12 else { throw ParseError("RTP packet is \(bytes.count) bytes, shorter than the 12-byte fixed header") }
        let first = bytes[start]
        guard first >> 6 == 2 else { throw ParseError("RTP version is \(first >> 6), expected 2") }
        let hasPadding = first & 0x20 != 0
        let hasExtension = first & 0x10 != 0
        let csrcCount = Int(first & 0x0f)
        marker = bytes[start + 1] & 0x80 != 0
        payloadType = bytes[start + 1] & 0x7f
        sequenceNumber = readUInt16(bytes, start + 2)
        timestamp = readUInt32(bytes, start + 4)
        ssrc = readUInt32(bytes, start + 8)

        var index = start + 12
        guard end - index >= csrcCount * 4 else { throw ParseError("RTP packet ends inside its \(csrcCount) CSRCs") }
        csrcs = []
        if csrcCount > 0 {
            csrcs.reserveCapacity(csrcCount)
            for i in 0..<csrcCount { csrcs.append(readUInt32(bytes, index + 4 * i)) }
            index += 4 * csrcCount
        }

        extensions = []
        if hasExtension {
            guard end - index >= 4 else { throw ParseError("RTP packet ends inside its header extension header") }
            let profile = readUInt16(bytes, index)
            let length = Int(readUInt16(bytes, index + 2)) * 4
            index += 4
            guard end - index >= length else { throw ParseError("RTP header extension claims \(length) bytes, \(end - index) left") }
            let body = bytes[index..<index + length]
            if profile == Self.oneByteProfile {
                extensions = try Self.parseOneByteExtensions(body)
            } else if profile & Self.twoByteProfileMask == Self.twoByteProfile {
                extensions = try Self.parseTwoByteExtensions(body)
            }
            // Other profiles (RFC 3550 5.3.1) carry nothing WebRTC negotiates; they are skipped.
            index += length
        }

        var payloadEnd = end
        paddingSize = 0
        if hasPadding {
            // RFC 3550 5.1: the last octet counts the padding octets, itself included.
            guard payloadEnd > index else { throw ParseError("RTP padding bit set but the packet has no payload") }
            let count = bytes[payloadEnd - 1]
            guard count > 0, Int(count) <= payloadEnd - index else {
                throw ParseError("RTP padding count \(count) does not fit the \(payloadEnd - index) bytes after the header")
            }
            paddingSize = count
            payloadEnd -= Int(count)
        }
        payload = bytes[index..<payloadEnd]
    }

    /// RFC 8285 4.2: each element is ID (4 bits) and length-1 (4 bits); ID 0 is a padding byte and
    /// ID 15 ends the list.
    static func parseOneByteExtensions(_ body: ArraySlice<UInt8>) throws(ParseError) -> [RTPHeaderExtension] {
        var result: [RTPHeaderExtension] = []
        result.reserveCapacity(4)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            let id = byte >> 4
            if id == 0 { index += 1; continue }
            if id == 15 { break }
            let length = Int(byte & 0x0f) + 1
            index += 1
            guard body.endIndex - index >= length else { throw ParseError("RTP one-byte extension \(id) claims \(length) bytes, \(body.endIndex - index) left") }
            result.append(RTPHeaderExtension(id: id, data: body[index..<index + length]))
            index += length
        }
        return result
    }

    /// RFC 8285 4.3: each element is ID (8 bits) and length (8 bits); ID 0 is a padding byte.
    static func parseTwoByteExtensions(_ body: ArraySlice<UInt8>) throws(ParseError) -> [RTPHeaderExtension] {
        var result: [RTPHeaderExtension] = []
        result.reserveCapacity(4)
        var index = body.startIndex
        while index < body.endIndex {
            let id = body[index]
            if id == 0 { index += 1; continue }
            guard body.endIndex - index >= 2 else { throw ParseError("RTP two-byte extension \(id) has no length byte") }
            let length = Int(body[index + 1])
            index += 2
            guard body.endIndex - index >= length else { throw ParseError("RTP two-byte extension \(id) claims \(length) bytes, \(body.endIndex - index) left") }
            result.append(RTPHeaderExtension(id: id, data: body[index..<index + length]))
            index += length
        }
        return result
    }

    /// The value of extension `id`, if present.
    public func `extension`(id: UInt8) -> ArraySlice<UInt8>? {
        for element in extensions where element.id == id { return element.data }
        return nil
    }

    /// Replaces the value of extension `id`, or appends it.
    public mutating func setExtension(id: UInt8, data: ArraySlice<UInt8>) {
        if let index = extensions.firstIndex(where: { $0.id == id }) {
            extensions[index].data = data
        } else {
            extensions.append(RTPHeaderExtension(id: id, data: data))
        }
    }

    public mutating func setExtension(id: UInt8, data: [UInt8]) {
        setExtension(id: id, data: data[...])
    }

    public mutating func removeExtension(id: UInt8) {
        extensions.removeAll { $0.id == id }
    }

    /// Size of the header (fixed part, CSRCs, extension block) as `serialized()` writes it.
    public var headerSize: Int {
        12 + 4 * min(csrcs.count, 15) + extensionBlockSize
    }

    /// ID 0 means padding in both forms (RFC 8285 4.2, 4.3), so such elements are not written.
    private var usesOneByteForm: Bool { extensions.allSatisfy { $0.id == 0 || $0.fitsOneByteForm } }

    private var extensionBlockSize: Int {
        guard !extensions.isEmpty else { return 0 }
        let perElement = usesOneByteForm ? 1 : 2
        let raw = extensions.reduce(0) { $0 + ($1.id == 0 ? 0 : perElement + min($1.data.count, 255)) }
        return 4 + (raw + 3) / 4 * 4
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerSize + payload.count + Int(paddingSize))
        write(to: &out)
        return out
    }

    /// Appends the packet to `out` (lets a sender reuse one buffer per packet).
    public func write(to out: inout [UInt8]) {
        let csrcCount = min(csrcs.count, 15)
        var first: UInt8 = 2 << 6 | UInt8(csrcCount)
        if paddingSize > 0 { first |= 0x20 }
        if !extensions.isEmpty { first |= 0x10 }
        out.append(first)
        out.append((marker ? 0x80 : 0) | payloadType & 0x7f)
        appendUInt16(&out, sequenceNumber)
        appendUInt32(&out, timestamp)
        appendUInt32(&out, ssrc)
        for csrc in csrcs.prefix(15) { appendUInt32(&out, csrc) }
        if !extensions.isEmpty {
            let oneByte = usesOneByteForm
            appendUInt16(&out, oneByte ? Self.oneByteProfile : Self.twoByteProfile)
            let lengthPosition = out.count
            appendUInt16(&out, 0)
            let bodyStart = out.count
            for element in extensions where element.id != 0 {
                let data = element.data.prefix(255)
                if oneByte {
                    out.append(element.id << 4 | UInt8(data.count - 1))
                } else {
                    out.append(element.id)
                    out.append(UInt8(data.count))
                }
                out.append(contentsOf: data)
            }
            while (out.count - bodyStart) % 4 != 0 { out.append(0) }
            let words = UInt16(truncatingIfNeeded: (out.count - bodyStart) / 4)
            out[lengthPosition] = UInt8(words >> 8)
            out[lengthPosition + 1] = UInt8(truncatingIfNeeded: words)
        }
        out.append(contentsOf: payload)
        if paddingSize > 0 {
            out.append(contentsOf: repeatElement(0, count: Int(paddingSize) - 1))
            out.append(paddingSize)
        }
    }

    /// RFC 5761 4: with RTP and RTCP on one port, a second byte of 192...223 (RTCP packet types
    /// SR..., i.e. RTP payload types 64...95 with the marker bit) means RTCP.
    @inlinable
    public static func isRTCP(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && (192...223).contains(bytes[1])
    }

    @inlinable
    public static func isRTCP(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.count >= 2 && (192...223).contains(bytes[bytes.startIndex + 1])
    }
}
