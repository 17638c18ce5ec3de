// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The transport-wide sequence number RTP header extension
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 2): one 16-bit big-endian counter for every
/// packet the sender puts on the transport, whatever its SSRC, retransmissions included. Transport
/// feedback reports arrivals by this number.
///
/// The extension's ID comes from SDP `a=extmap` with `uri` (RTCSDP's
/// `HeaderExtension.transportWideCCURI`); this type only codes the value.
public enum TransportSequenceNumber {
    public static let uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"

    /// Reads the value of the extension element. Exactly 2 bytes: the 4-byte form with a feedback
    /// request belongs to a different URI (transport-wide-cc-02).
    public static func parse(_ data: ArraySlice<UInt8>) throws(ParseError) -> UInt16 {
        guard data.count == 2 else {
            throw ParseError("transport-wide sequence number extension is \(data.count) bytes, expected 2")
        }
        return readUInt16(data, data.startIndex)
    }

    /// The 2-byte value of the extension element.
    public static func encode(_ sequenceNumber: UInt16) -> [UInt8] {
        [UInt8(sequenceNumber >> 8), UInt8(truncatingIfNeeded: sequenceNumber)]
    }
}

extension RTPPacket {
    /// The transport-wide sequence number carried in extension `id`; nil when the packet has no
    /// such element or it is not 2 bytes long.
    public func transportSequenceNumber(extensionID id: UInt8) -> UInt16? {
        guard let data = `extension`(id: id) else { return nil }
        return try? TransportSequenceNumber.parse(data)
    }

    /// Sets (or replaces) the transport-wide sequence number in extension `id`.
    public mutating func setTransportSequenceNumber(_ sequenceNumber: UInt16, extensionID id: UInt8) {
        setExtension(id: id, data: TransportSequenceNumber.encode(sequenceNumber))
    }
}
