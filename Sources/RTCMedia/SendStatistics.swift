// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// Statistics of one local sending SSRC, named as the W3C webrtc-stats `RTCOutboundRtpStreamStats`
/// and `RTCRemoteInboundRtpStreamStats` members; makes sender reports and measures round-trip time
/// from the report blocks that come back (RFC 3550 6.4.1).
public struct SendStatistics: Sendable {
    /// Unix time at `Instant.zero`, to turn engine time into NTP time.
    public let unixTimeAtZero: Duration

    public private(set) var packetsSent: Int64 = 0
    /// Payload bytes, headers and padding excluded.
    public private(set) var bytesSent: Int64 = 0
    public private(set) var headerBytesSent: Int64 = 0
    public private(set) var retransmittedPacketsSent: Int64 = 0
    public private(set) var retransmittedBytesSent: Int64 = 0
    /// Feedback received about this stream.
    public private(set) var nackCount = 0
    public private(set) var pliCount = 0
    public private(set) var firCount = 0
    /// From the latest report block that carried an LSR.
    public private(set) var roundTripTime: Duration?
    /// Sum and count of RTT measurements (webrtc-stats `totalRoundTripTime`,
    /// `roundTripTimeMeasurements`).
    public private(set) var totalRoundTripTime: Duration = .zero
    public private(set) var roundTripTimeMeasurements = 0
    public private(set) var lastReportBlock: ReportBlock?

    public init(unixTimeAtZero: Duration) {
        self.unixTimeAtZero = unixTimeAtZero
    }

    public mutating func packetSent(_ packet: RTPPacket, isRetransmission: Bool = false) {
        packetSent(payloadSize: packet.payload.count, headerSize: packet.headerSize + Int(packet.paddingSize),
                   isRetransmission: isRetransmission)
    }

    public mutating func packetSent(payloadSize: Int, headerSize: Int, isRetransmission: Bool = false) {
        packetsSent += 1
        bytesSent += Int64(payloadSize)
        headerBytesSent += Int64(headerSize)
        if isRetransmission {
            retransmittedPacketsSent += 1
            retransmittedBytesSent += Int64(payloadSize)
        }
    }

    /// Counts NACK, PLI and FIR packets; other packets are ignored.
    public mutating func feedbackReceived(_ packet: RTCPPacket) {
        switch packet {
        case .genericNACK: nackCount += 1
        case .pictureLossIndication: pliCount += 1
        case .fullIntraRequest: firCount += 1
        default: break
        }
    }

    /// An SR for `now`; the caller maps `now` to its media clock for `rtpTimestamp`.
    public func makeSenderReport(ssrc: UInt32, now: Instant, rtpTimestamp: UInt32, reportBlocks: [ReportBlock] = []) -> SenderReport {
        SenderReport(
            ssrc: ssrc, ntpTime: NTPTime(now, unixTimeAtZero: unixTimeAtZero), rtpTimestamp: rtpTimestamp,
            packetCount: UInt32(truncatingIfNeeded: packetsSent), octetCount: UInt32(truncatingIfNeeded: bytesSent),
            reportBlocks: reportBlocks)
    }

    /// Takes a report block about this stream from the remote RR or SR.
    ///
    /// RFC 3550 6.4.1: RTT = A - LSR - DLSR, all in 1/65536 s, where A is the middle 32 bits of
    /// the NTP time the report arrived. Blocks without an LSR (no SR reached the peer yet) and
    /// results that come out negative (clock trouble) leave `roundTripTime` unchanged.
    public mutating func reportBlockReceived(_ block: ReportBlock, at now: Instant) {
        lastReportBlock = block
        guard block.lastSenderReport != 0 else { return }
        let arrival = NTPTime(now, unixTimeAtZero: unixTimeAtZero).middle32
        let units = Int32(bitPattern: arrival &- block.lastSenderReport &- block.delaySinceLastSenderReport)
        guard units >= 0 else { return }
        let rtt = Duration.nanoseconds(Int64(units) * 1_000_000_000 / 65536)
        roundTripTime = rtt
        totalRoundTripTime += rtt
        roundTripTimeMeasurements += 1
    }

    /// What the remote receiver last reported (webrtc-stats `RTCRemoteInboundRtpStreamStats`):
    /// fraction lost in 0...1, cumulative packets lost, jitter in timestamp units.
    public var remoteFractionLost: Double? { lastReportBlock.map { Double($0.fractionLost) / 256 } }
    public var remotePacketsLost: Int? { lastReportBlock.map { Int($0.cumulativeLost) } }
    public var remoteJitterInTimestampUnits: UInt32? { lastReportBlock?.jitter }
}
