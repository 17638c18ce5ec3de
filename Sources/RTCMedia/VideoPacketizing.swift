/// What a sender needs from a video packetizer, whatever the codec: one encoded frame in, its
/// RTP payloads out; the caller sets the marker bit on the last and one timestamp on all.
public protocol VideoPacketizing: Sendable {
    var maxPayloadSize: Int { get set }
    mutating func packetize(frame: [UInt8]) -> [[UInt8]]
}

extension VP8Packetizer: VideoPacketizing {}
extension H264Packetizer: VideoPacketizing {}
