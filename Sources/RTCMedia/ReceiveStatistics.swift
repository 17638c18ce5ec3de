// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Reception statistics for one remote SSRC (RFC 3550 6.4, A.3, A.8), named as the W3C
/// webrtc-stats `RTCInboundRtpStreamStats` members, and the report block that describes them.
public struct ReceiveStatistics: Sendable {
    public let ssrc: UInt32
    /// RTP clock rate of the stream (90000 for video, 48000 for Opus).
    public let clockRate: UInt32

    public private(set) var packetsReceived: Int64 = 0
    /// Payload bytes, headers and padding excluded (webrtc-stats `bytesReceived`).
    public private(set) var bytesReceived: Int64 = 0
    public private(set) var headerBytesReceived: Int64 = 0
    public private(set) var lastPacketReceived: Instant?
    /// Interarrival jitter in timestamp units, unrounded (RFC 3550 A.8).
    public private(set) var jitterInTimestampUnits: Double = 0

    /// Counters the caller keeps: feedback sent about this stream and frames decoded from it.
    public var nackCount = 0
    public var pliCount = 0
    public var firCount = 0
    public var framesReceived = 0

    private var unwrapper = SequenceNumberUnwrapper()
    private var baseSequence: Int64 = 0
    private var previousTransit: (arrival: Instant, timestamp: UInt32)?
    private var expectedPrior: Int64 = 0
    private var receivedPrior: Int64 = 0
    private var lastSenderReport: (ntp: NTPTime, receivedAt: Instant)?

    public init(ssrc: UInt32, clockRate: UInt32) {
        self.ssrc = ssrc
        self.clockRate = clockRate
    }

    /// Interarrival jitter in seconds (webrtc-stats `jitter`).
    public var jitter: Double { clockRate == 0 ? 0 : jitterInTimestampUnits / Double(clockRate) }

    /// Extended highest sequence number received: cycles in the high 16 bits (RFC 3550 6.4.1).
    public var extendedHighestSequence: UInt32 {
        UInt32(truncatingIfNeeded: unwrapper.highestExtended ?? 0)
    }

    /// Packets expected minus packets received (RFC 3550 A.3); negative with duplicates.
    public var packetsLost: Int64 { expected - packetsReceived }

    private var expected: Int64 {
        guard let highest = unwrapper.highestExtended else { return 0 }
        return highest - baseSequence + 1
    }

    public mutating func insert(_ packet: RTPPacket, arrival: Instant) {
        insert(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, payloadSize: packet.payload.count,
               headerSize: packet.headerSize + Int(packet.paddingSize), arrival: arrival)
    }

    /// Same as `insert(_:arrival:)` from header fields (for example an `RTPHeaderPeek` and the
    /// sizes the caller knows), for paths that do not parse the packet.
    public mutating func insert(sequenceNumber: UInt16, timestamp: UInt32, payloadSize: Int, headerSize: Int, arrival: Instant) {
        let isFirst = unwrapper.highestExtended == nil
        let sequence = unwrapper.unwrap(sequenceNumber)
        if isFirst || sequence < baseSequence { baseSequence = sequence }
        packetsReceived += 1
        bytesReceived += Int64(payloadSize)
        headerBytesReceived += Int64(headerSize)
        lastPacketReceived = arrival

        // RFC 3550 A.8: D(i,j) = (Rj - Ri) - (Sj - Si) in timestamp units; J += (|D| - J) / 16.
        if let previous = previousTransit {
            let arrivalDelta = Double((arrival - previous.arrival).nanosecondsClamped) * Double(clockRate) / 1e9
            let timestampDelta = Double(Int32(bitPattern: timestamp &- previous.timestamp))
            let d = abs(arrivalDelta - timestampDelta)
            jitterInTimestampUnits += (d - jitterInTimestampUnits) / 16
        }
        previousTransit = (arrival, timestamp)
    }

    /// Remembers the sender's last SR for the LSR and DLSR fields of the next report block.
    public mutating func senderReportReceived(_ report: SenderReport, at now: Instant) {
        lastSenderReport = (report.ntpTime, now)
    }

    /// The report block for the next RR or SR; starts a new interval for `fractionLost`
    /// (RFC 3550 A.3).
    public mutating func makeReportBlock(now: Instant) -> ReportBlock {
        let block = currentReportBlock(now: now)
        expectedPrior = expected
        receivedPrior = packetsReceived
        return block
    }

    /// The report block as it stands, the interval left running: for the RR that leads a feedback
    /// compound, which must not cut the regular reports' interval short.
    public func currentReportBlock(now: Instant) -> ReportBlock {
        let expected = self.expected
        let expectedInterval = expected - expectedPrior
        let receivedInterval = packetsReceived - receivedPrior
        let lostInterval = expectedInterval - receivedInterval
        let fraction: UInt8 = expectedInterval <= 0 || lostInterval <= 0
            ? 0 : UInt8(min(255, (lostInterval << 8) / expectedInterval))
        let lost = min(max(packetsLost, Int64(ReportBlock.cumulativeLostRange.lowerBound)), Int64(ReportBlock.cumulativeLostRange.upperBound))

        var lsr: UInt32 = 0
        var dlsr: UInt32 = 0
        if let sr = lastSenderReport {
            lsr = sr.ntp.middle32
            // Delay in 1/65536 s units, saturating rather than wrapping.
            let seconds = Double(max(0, (now - sr.receivedAt).nanosecondsClamped)) / 1e9
            dlsr = UInt32(min(seconds * 65536, Double(UInt32.max)))
        }
        return ReportBlock(
            ssrc: ssrc, fractionLost: fraction, cumulativeLost: Int32(lost),
            extendedHighestSequence: extendedHighestSequence,
            jitter: UInt32(min(jitterInTimestampUnits, Double(UInt32.max))),
            lastSenderReport: lsr, delaySinceLastSenderReport: dlsr)
    }
}
