import RTCBase
import RTCMedia

/// Our side of one sending track: RTP numbering, packetization, the NACK history and statistics.
final class OutboundTrack {
    let streamID: String
    let trackID: String
    let ssrc: UInt32
    /// Video only: the RTX stream's SSRC and numbering (RFC 4588), used once RTX is negotiated.
    let rtxSSRC: UInt32?
    var rtxSequenceNumber: UInt16
    var retransmissionsAsRTX = 0
    let cname: String
    let clockRate: UInt32
    var sequenceNumber: UInt16
    let timestampOffset: UInt32
    /// The packetizer of the codec sent last; a new one when the negotiated codec changes.
    var packetizer: (codec: VideoCodec, packetizer: any VideoPacketizing)?
    var retransmissions = RetransmissionBuffer(capacity: 1024, maxAge: .seconds(1))
    var statistics: SendStatistics
    var framesSent = 0
    /// The last RTP timestamp sent and when, to extrapolate the timestamp a sender report carries.
    var lastTimestamp: UInt32?
    var lastSendTime: Instant?
    /// The media clock's origin: capture instants map to RTP timestamps through it.
    var firstCapture: Instant?

    init(streamID: String, trackID: String, ssrc: UInt32, cname: String, clockRate: UInt32,
         initialSequence: UInt16, timestampOffset: UInt32, unixTimeAtZero: Duration,
         rtxSSRC: UInt32? = nil, rtxInitialSequence: UInt16 = 0) {
        self.streamID = streamID
        self.trackID = trackID
        self.ssrc = ssrc
        self.rtxSSRC = rtxSSRC
        rtxSequenceNumber = rtxInitialSequence
        self.cname = cname
        self.clockRate = clockRate
        sequenceNumber = initialSequence
        self.timestampOffset = timestampOffset
        statistics = SendStatistics(unixTimeAtZero: unixTimeAtZero)
    }

    /// The RTP timestamp of media captured at `capture`, on this track's clock.
    func timestamp(forCapture capture: Instant) -> UInt32 {
        let origin = firstCapture ?? capture
        if firstCapture == nil { firstCapture = capture }
        let ticks = (capture - origin).nanosecondsClamped / 1000 * Int64(clockRate) / 1_000_000
        return timestampOffset &+ UInt32(truncatingIfNeeded: ticks)
    }

    func senderReportTimestamp(now: Instant) -> UInt32 {
        guard let lastTimestamp, let lastSendTime else { return timestampOffset }
        let ticks = (now - lastSendTime).nanosecondsClamped / 1000 * Int64(clockRate) / 1_000_000
        return lastTimestamp &+ UInt32(truncatingIfNeeded: ticks)
    }
}
