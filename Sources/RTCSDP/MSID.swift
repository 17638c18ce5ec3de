/// An `a=msid` line (RFC 8830 §2): the media stream a track belongs to and the track's id.
/// Chrome writes "-" as the stream id for a track without a stream.
public struct MSID: Hashable, Sendable {
    public var streamID: String
    public var trackID: String?

    public init(streamID: String, trackID: String?) {
        self.streamID = streamID
        self.trackID = trackID
    }

    /// Parses "stream [track]"; nil when empty or with more than two fields.
    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard fields.count == 1 || fields.count == 2 else { return nil }
        self.init(streamID: String(fields[0]), trackID: fields.count == 2 ? String(fields[1]) : nil)
    }

    public var sdpValue: String { trackID.map { "\(streamID) \($0)" } ?? streamID }
}
