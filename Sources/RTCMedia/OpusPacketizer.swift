/// Packs Opus frames for RTP (RFC 7587 4.2): one encoded frame per packet, the timestamp
/// advancing by the frame's sample count at the 48 kHz RTP clock whatever the encoder's rate.
public struct OpusPacketizer: Sendable {
    /// RFC 7587 4.1: the Opus RTP clock always runs at 48 kHz.
    public static let clockRate: UInt32 = 48_000

    /// Timestamp the next frame gets.
    public private(set) var timestamp: UInt32

    public init(timestamp: UInt32 = .random(in: 0...UInt32.max)) {
        self.timestamp = timestamp
    }

    /// Returns the payload (the frame itself) and its timestamp, then advances by
    /// `samplesPerChannel` (960 for 20 ms at 48 kHz).
    public mutating func packetize(frame: [UInt8], samplesPerChannel: UInt32 = 960) -> (payload: [UInt8], timestamp: UInt32) {
        defer { timestamp &+= samplesPerChannel }
        return (frame, timestamp)
    }
}
