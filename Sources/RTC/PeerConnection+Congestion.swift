import RTCBase
import RTCCongestion
import RTCMedia
import RTCSDP

extension PeerConnection {
    /// What the estimate says all our media together may send, in bits per second: from the
    /// transport-wide feedback where negotiated, else from REMB and the loss in receiver reports.
    public var targetBitrate: Int { congestion.estimator.targetBitrate }

    /// The estimator's figures, for statistics and the stats overlay.
    public var congestionStats: CongestionStats {
        let estimator = congestion.estimator
        return CongestionStats(
            targetBitrate: estimator.targetBitrate, delayBasedBitrate: estimator.delayBasedBitrate,
            lossBasedCap: estimator.lossBasedCap, acknowledgedBitrate: estimator.acknowledgedBitrate,
            usage: estimator.usage, pacerQueueBytes: congestion.pacer.queuedBytes,
            transportWide: congestion.extensionID != nil,
            feedbackSent: congestion.feedbackSent, feedbackReceived: congestion.feedbackReceived)
    }

    // MARK: Sending

    /// Sends a serialized RTP packet: through the pacer when we pace (our own media), else at once.
    /// The transport-wide number is written as it leaves, so its send time is the real one.
    func sendPaced(_ bytes: [UInt8], kind: MediaKind, isRetransmission: Bool, now: Instant) {
        guard configuration.pacing else {
            transmitCounted(bytes, isRetransmission: isRetransmission, now: now)
            return
        }
        let priority: Pacer<TransportCongestion.PacedPacket>.Priority =
            kind == .audio ? .audio : isRetransmission ? .retransmission : .video
        congestion.pacer.enqueue(.init(bytes: bytes, isRetransmission: isRetransmission), size: bytes.count,
                                 priority: priority, now: now)
        drainPacer(now: now)
    }

    func drainPacer(now: Instant) {
        while let packet = congestion.pacer.dequeue(now: now) {
            transmitCounted(packet.bytes, isRetransmission: packet.isRetransmission, now: now)
        }
    }

    func transmitCounted(_ bytes: [UInt8], isRetransmission: Bool, now: Instant) {
        var bytes = bytes
        if let id = congestion.extensionID {
            let sequence = congestion.estimator.packetSent(size: bytes.count + TransportCongestion.srtpOverhead,
                                                            now: now, isRetransmission: isRetransmission)
            RTPHeaderExtensionLocator.write(sequence, to: id, in: &bytes)
        }
        protectAndTransmitRTP(bytes)
    }

    /// The header extensions every RTP packet we send carries: the MID, and a placeholder for the
    /// transport-wide sequence number.
    func outgoingExtensions(mid: String) -> [RTPHeaderExtension] {
        var extensions: [RTPHeaderExtension] = []
        if let midExtensionID {
            extensions.append(RTPHeaderExtension(id: midExtensionID, data: Array(mid.utf8)))
        }
        if let id = congestion.extensionID {
            extensions.append(RTPHeaderExtension(id: id, data: [0, 0]))
        }
        return extensions
    }

    /// Tells the application when the target moved enough to re-tune its encoders.
    func announceTargetBitrate() {
        if let target = congestion.targetToAnnounce() {
            emit(.targetBitrateChanged(bitsPerSecond: target))
        }
    }

    func handleTransportFeedback(_ feedback: TransportFeedback, now: Instant) {
        congestion.feedbackReceived += 1
        if congestion.estimator.handle(feedback, now: now) { announceTargetBitrate() }
    }

    func handleReceiverEstimate(bitsPerSecond: UInt64, now: Instant) {
        let clamped = Int(min(bitsPerSecond, UInt64(Int.max)))
        if congestion.estimator.handleReceiverEstimate(bitsPerSecond: clamped, now: now) { announceTargetBitrate() }
    }

    /// A report block about a video SSRC we send: its round trip and, without transport-wide
    /// feedback, its loss.
    func congestionReportBlockReceived(_ block: ReportBlock, track: OutboundTrack, now: Instant) {
        if let rtt = track.statistics.roundTripTime { congestion.estimator.updateRoundTripTime(rtt) }
        let fraction = Double(block.fractionLost) / 256
        if congestion.estimator.handleReportedLoss(fractionLost: fraction, packets: 50, now: now) {
            announceTargetBitrate()
        }
    }

    // MARK: Receiving

    /// Notes a received packet's transport-wide number for the next feedback.
    func recordTransportSequence(of packet: RTPPacket, now: Instant) {
        guard let id = congestion.extensionID, let value = packet.extension(id: id), value.count == 2 else { return }
        let sequence = UInt16(value[value.startIndex]) << 8 | UInt16(value[value.startIndex + 1])
        congestion.recorder.record(sequenceNumber: sequence, arrival: now)
        congestion.lastRemoteSSRC = packet.ssrc
        if congestion.nextFeedback == nil { congestion.nextFeedback = now + TransportCongestion.feedbackInterval }
    }

    func nextCongestionTimeout() -> Instant? {
        earliest(congestion.pacer.nextSendTime(), congestion.nextFeedback, congestion.estimator.nextTimeout())
    }

    func handleCongestionTimers(now: Instant) {
        drainPacer(now: now)
        if let due = congestion.nextFeedback, due <= now {
            sendTransportFeedback(now: now)
            congestion.nextFeedback = congestion.recorder.hasUnreportedPackets
                ? now + TransportCongestion.feedbackInterval : nil
        }
        if congestion.estimator.handleTimeout(now: now) { announceTargetBitrate() }
    }

    /// One compound per feedback message, led by an empty RR from the m-line's RTCP SSRC (RFC 3550
    /// wants a report first; we do not negotiate reduced-size RTCP).
    private func sendTransportFeedback(now: Instant) {
        let mid = inbound[congestion.lastRemoteSSRC]?.mid ?? transceivers.first?.mid ?? "0"
        let sender = rtcpSSRC(forMid: mid)
        for feedback in congestion.recorder.makeFeedback(senderSSRC: sender, mediaSSRC: congestion.lastRemoteSSRC, now: now) {
            congestion.feedbackSent += 1
            transmitRTCP([.receiverReport(ReceiverReport(ssrc: sender, reportBlocks: [])), .transportFeedback(feedback)])
        }
    }
}

/// A snapshot of the congestion controller, for statistics.
public struct CongestionStats: Equatable, Sendable {
    public var targetBitrate: Int
    public var delayBasedBitrate: Int
    public var lossBasedCap: Int?
    public var acknowledgedBitrate: Int?
    public var usage: BandwidthUsage
    public var pacerQueueBytes: Int
    /// Transport-wide feedback negotiated (else the estimate follows REMB and receiver reports).
    public var transportWide: Bool
    public var feedbackSent: Int
    public var feedbackReceived: Int
}

extension PeerConnection {
    /// Whether a receiver's transport-wide feedback reaches us, so `targetBitrate` measures this
    /// path rather than standing at its start value.
    public var hasMeasuredPath: Bool { congestion.extensionID != nil && congestion.feedbackReceived > 0 }

    /// Asks the remote sender of our video m-lines to stay under this rate (REMB, the receiver's
    /// estimate): an SFU passes on what the publisher's subscribers can take.
    public func sendReceiverEstimate(bitsPerSecond: Int, now: Instant) {
        let video = inbound.values.filter { $0.kind == .video }.sorted { $0.ssrc < $1.ssrc }
        guard let first = video.first, srtpOutbound != nil else { return }
        let sender = rtcpSSRC(forMid: first.mid)
        let remb = REMB(senderSSRC: sender, bitrate: UInt64(max(bitsPerSecond, 0)), ssrcs: video.map(\.ssrc))
        transmitRTCP([.receiverReport(ReceiverReport(ssrc: sender, reportBlocks: [])), .remb(remb)])
    }
}
