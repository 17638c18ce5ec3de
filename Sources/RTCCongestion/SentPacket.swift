import RTCBase

/// One packet as it left: the transport-wide sequence number it carried (unwrapped, so it only
/// grows), its size on the wire and when it was sent, on the sender's clock.
public struct SentPacket: Equatable, Sendable {
    public var sequenceNumber: Int64
    /// RTP header and payload plus the SRTP tag: what the link carries besides IP and UDP.
    public var size: Int
    public var sendTime: Instant
    public var isRetransmission: Bool

    public init(sequenceNumber: Int64, size: Int, sendTime: Instant, isRetransmission: Bool = false) {
        self.sequenceNumber = sequenceNumber
        self.size = size
        self.sendTime = sendTime
        self.isRetransmission = isRetransmission
    }
}

/// What a receiver said about one sent packet: when it arrived on the receiver's clock (whose
/// origin is arbitrary; only differences between arrivals mean anything), or that it did not.
public struct PacketResult: Equatable, Sendable {
    public var sent: SentPacket
    public var arrival: Duration?

    public init(sent: SentPacket, arrival: Duration?) {
        self.sent = sent
        self.arrival = arrival
    }

    public var isReceived: Bool { arrival != nil }
}
