/// One RTP header extension element (RFC 8285): a local identifier negotiated in SDP `a=extmap`
/// and its opaque value.
///
/// A parsed element's `data` is a slice of the received packet: every array allocation costs a
/// runtime metadata lookup on Linux, and most values are 1 to 4 bytes read once.
public struct RTPHeaderExtension: Equatable, Sendable {
    /// 1...14 fits the one-byte form; 15...255 (or a value longer than 16 bytes or empty) needs the
    /// two-byte form. 0 means padding on the wire, so such elements are not written.
    public var id: UInt8
    public var data: ArraySlice<UInt8>

    public init(id: UInt8, data: ArraySlice<UInt8>) {
        self.id = id
        self.data = data
    }

    public init(id: UInt8, data: [UInt8]) {
        self.init(id: id, data: data[...])
    }

    /// RFC 8285 4.2: the one-byte form carries IDs 1...14 and 1...16 bytes of data.
    var fitsOneByteForm: Bool { (1...14).contains(id) && (1...16).contains(data.count) }
}
