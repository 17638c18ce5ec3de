/// A candidate as signaling carries it: the shape of W3C's `RTCIceCandidateInit`, which browsers
/// send as JSON, so the peer connection and the wire share one type.
public struct IceCandidateInit: Sendable, Hashable, Codable {
    /// "candidate:..." or empty for end of candidates.
    public var candidate: String
    public var sdpMid: String?
    public var sdpMLineIndex: Int?

    public init(candidate: String, sdpMid: String? = nil, sdpMLineIndex: Int? = nil) {
        self.candidate = candidate
        self.sdpMid = sdpMid
        self.sdpMLineIndex = sdpMLineIndex
    }
}
