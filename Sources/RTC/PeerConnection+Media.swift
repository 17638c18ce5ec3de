import RTCBase
import RTCMedia
import RTCSDP
import RTCSecurity

extension PeerConnection {
    // MARK: Sending

    /// Whether media sent now would leave: DTLS is done and the m-line sends.
    public func canSend(mid: String) -> Bool {
        srtpOutbound != nil && transceivers.first { $0.mid == mid }?.canSend == true
    }

    /// Sends one Opus packet (RFC 7587: one packet per RTP packet; `samples` at 48 kHz).
    @discardableResult
    public func sendAudio(mid: String, opusPacket: [UInt8], capturedAt capture: Instant, now: Instant) -> Bool {
        guard let transceiver = sendingTransceiver(mid: mid, kind: .audio), let track = transceiver.sender else { return false }
        let timestamp = track.timestamp(forCapture: capture)
        sendRTP(track: track, transceiver: transceiver, payload: opusPacket, marker: false, timestamp: timestamp, now: now)
        return true
    }

    /// Sends one encoded frame of the negotiated codec (`videoCodec(mid:)`): VP8 with the RFC 7741
    /// payload descriptor, H.264 (an Annex B access unit) as RFC 6184 packetization-mode 1.
    @discardableResult
    public func sendVideo(mid: String, frame: [UInt8], capturedAt capture: Instant, now: Instant) -> Bool {
        guard let transceiver = sendingTransceiver(mid: mid, kind: .video), let track = transceiver.sender,
              let codec = transceiver.sendCodec.flatMap({ VideoCodec(encodingName: $0.name) }) else { return false }
        let timestamp = track.timestamp(forCapture: capture)
        if track.packetizer?.codec != codec { track.packetizer = (codec, codec.makePacketizer()) }
        let payloads = track.packetizer!.packetizer.packetize(frame: frame)
        for (index, payload) in payloads.enumerated() {
            sendRTP(track: track, transceiver: transceiver, payload: payload, marker: index == payloads.count - 1,
                    timestamp: timestamp, now: now)
        }
        track.framesSent += 1
        return true
    }

    /// The video codec this m-line sends with, once negotiated; nil before, or for a codec we
    /// cannot encode.
    public func videoCodec(mid: String) -> VideoCodec? {
        transceivers.first { $0.mid == mid && $0.kind == .video }?.sendCodec.flatMap { VideoCodec(encodingName: $0.name) }
    }

    /// Whether this m-line negotiated `codec`, so packets of it can be forwarded into it.
    public func canForward(_ codec: Codec, mid: String) -> Bool {
        transceivers.first { $0.mid == mid }?.payloadType(for: codec) != nil
    }

    /// Sends a packet received elsewhere (an SFU's forwarding) on our track in this m-line: SSRC,
    /// payload type and MID are this leg's; sequence number and timestamp are the publisher's, so
    /// the subscriber sees the publisher's losses and can NACK them from our cache. With `codec`
    /// (the publisher's), the payload type is this leg's for that codec, and a leg that did not
    /// negotiate it gets nothing (false).
    @discardableResult
    public func forwardRTP(_ packet: RTPPacket, codec: Codec? = nil, mid: String, now: Instant) -> Bool {
        guard let transceiver = sendingTransceiver(mid: mid, kind: transceiverKind(mid: mid)),
              let track = transceiver.sender,
              let payloadType = codec.map({ transceiver.payloadType(for: $0) }) ?? transceiver.sendPayloadType
        else { return false }
        var forwarded = packet
        forwarded.ssrc = track.ssrc
        forwarded.payloadType = payloadType
        forwarded.csrcs = []
        forwarded.extensions = outgoingExtensions(mid: transceiver.mid)
        let bytes = forwarded.serialized()
        if transceiver.kind == .video {
            track.retransmissions.store(bytes, sequenceNumber: forwarded.sequenceNumber, now: now)
        }
        track.statistics.packetSent(forwarded)
        if forwarded.marker || transceiver.kind == .audio { track.framesSent += 1 }
        track.lastTimestamp = forwarded.timestamp
        track.lastSendTime = now
        // Forwarding is not paced: the publisher paced it, and holding it here only adds delay.
        transmitCounted(bytes, isRetransmission: false, now: now)
        return true
    }

    private func transceiverKind(mid: String) -> MediaKind {
        transceivers.first { $0.mid == mid }?.kind ?? .audio
    }

    /// Asks the remote sender in this m-line for a keyframe (PLI, RFC 4585 6.3.1).
    public func requestKeyframe(mid: String, now: Instant) {
        for stream in inbound.values where stream.mid == mid && stream.kind == .video {
            sendPictureLossIndication(for: stream, now: now, force: true)
        }
    }

    private func sendingTransceiver(mid: String, kind: MediaKind) -> Transceiver? {
        guard srtpOutbound != nil, let transceiver = transceivers.first(where: { $0.mid == mid }),
              transceiver.kind == kind, transceiver.canSend else { return nil }
        return transceiver
    }

    private func sendRTP(track: OutboundTrack, transceiver: Transceiver, payload: [UInt8], marker: Bool,
                         timestamp: UInt32, now: Instant) {
        guard let payloadType = transceiver.sendPayloadType else { return }
        let packet = RTPPacket(marker: marker, payloadType: payloadType, sequenceNumber: track.sequenceNumber,
                               timestamp: timestamp, ssrc: track.ssrc, extensions: outgoingExtensions(mid: transceiver.mid),
                               payload: payload[...])
        track.sequenceNumber &+= 1
        let bytes = packet.serialized()
        if transceiver.kind == .video {
            track.retransmissions.store(bytes, sequenceNumber: packet.sequenceNumber, now: now)
        }
        track.statistics.packetSent(packet)
        track.lastTimestamp = timestamp
        track.lastSendTime = now
        sendPaced(bytes, kind: transceiver.kind, isRetransmission: false, now: now)
    }

    func protectAndTransmitRTP(_ bytes: [UInt8]) {
        guard let srtpOutbound else { return }
        var protected = bytes
        do {
            try srtpOutbound.protectRTP(&protected)
            transmit(protected)
        } catch {
            discardedPackets += 1
        }
    }

    func transmitRTCP(_ packets: [RTCPPacket]) {
        guard let srtpOutbound, !packets.isEmpty else { return }
        rtcpSent?(packets)
        var bytes = RTCPPacket.serializeCompound(packets)
        do {
            try srtpOutbound.protectRTCP(&bytes)
            transmit(bytes)
        } catch {
            discardedPackets += 1
        }
    }

    // MARK: Receiving

    func handleSecureMedia(_ payload: [UInt8], now: Instant) {
        guard let srtpInbound else {
            discardedPackets += 1
            return
        }
        var bytes = payload
        if RTPPacket.isRTCP(bytes) {
            do {
                try srtpInbound.unprotectRTCP(&bytes)
                for packet in try RTCPPacket.parseCompound(bytes) { handleRTCP(packet, now: now) }
            } catch {
                discardedPackets += 1
            }
            return
        }
        var packet: RTPPacket
        do {
            try srtpInbound.unprotectRTP(&bytes)
            packet = try RTPPacket(bytes: bytes)
        } catch {
            discardedPackets += 1
            return
        }
        recordTransportSequence(of: packet, now: now)
        switch unwrapRetransmission(packet) {
        case .media:
            break
        case let .repaired(original):
            packet = original
        case .padding:
            return
        case .unmatched:
            discardedPackets += 1
            return
        }
        guard let stream = inbound[packet.ssrc] ?? makeInboundStream(for: packet) else {
            discardedPackets += 1
            return
        }
        stream.statistics.insert(packet, arrival: now)
        if configuration.mediaDelivery == .rtpPackets {
            // An SFU forwards packets as they come, but still repairs loss on this leg itself.
            stream.nack?.insert(sequence: packet.sequenceNumber, now: now)
            let codec = negotiated?.section(mid: stream.mid)?.codecs.first { $0.payloadType == packet.payloadType }
            emit(.rtpPacket(ReceivedRTPPacket(mid: stream.mid, kind: stream.kind, packet: packet, codec: codec, arrival: now)))
            return
        }
        switch stream.kind {
        case .audio:
            emit(.audioPacket(ReceivedAudioPacket(
                mid: stream.mid, ssrc: stream.ssrc, payload: Array(packet.payload), rtpTimestamp: packet.timestamp,
                sequenceNumber: packet.sequenceNumber, arrival: now)))
        case .video:
            receiveVideo(packet, on: stream, now: now)
        default:
            break
        }
    }

    private func receiveVideo(_ packet: RTPPacket, on stream: InboundStream, now: Instant) {
        stream.nack?.insert(sequence: packet.sequenceNumber, now: now)
        guard let name = negotiated?.section(mid: stream.mid)?.codecs.first(where: { $0.payloadType == packet.payloadType })?.name,
              let codec = VideoCodec(encodingName: name) else {
            stream.packetsOfUnknownPayloadType += 1
            return
        }
        stream.use(codec)
        // In place: a copy would make every insert copy the reassembler's buffers.
        guard let frames = stream.assembler?.insert(packet, now: now) else { return }
        deliver(frames, from: stream, now: now)
        if stream.nack?.takeKeyframeRequest() == true {
            stream.awaitingKeyframe = true
            sendPictureLossIndication(for: stream, now: now, force: false)
        }
    }

    /// Hands complete frames to the application; a frame after a gap that NACK did not fill in time
    /// means the decoder lost its reference, so a keyframe is requested at once (RFC 4585 6.3.1).
    private func deliver(_ frames: [AssembledFrame], from stream: InboundStream, now: Instant) {
        for frame in frames {
            stream.statistics.framesReceived += 1
            if frame.isKeyframe {
                stream.awaitingKeyframe = false
            } else if frame.followsGap || stream.awaitingKeyframe {
                stream.awaitingKeyframe = true
                sendPictureLossIndication(for: stream, now: now, force: false)
            }
            emit(.videoFrame(ReceivedVideoFrame(
                mid: stream.mid, ssrc: stream.ssrc, codec: stream.codec ?? .vp8, data: frame.data, isKeyframe: frame.isKeyframe,
                followsGap: frame.followsGap, rtpTimestamp: frame.timestamp, width: frame.width,
                height: frame.height, arrival: now)))
        }
    }

    /// Finds the m-line of a new SSRC: by the MID extension (RFC 8843 9.2), then by the SSRCs the
    /// remote description lists, then by a payload type only one m-line uses.
    private func makeInboundStream(for packet: RTPPacket) -> InboundStream? {
        guard let negotiated else { return nil }
        var mid: String?
        if let midExtensionID, let value = packet.extension(id: midExtensionID) {
            mid = String(decoding: value, as: UTF8.self)
        }
        mid = mid ?? negotiated.mid(forSSRC: packet.ssrc) ?? negotiated.mid(forPayloadType: packet.payloadType)
        guard let mid, let transceiver = transceivers.first(where: { $0.mid == mid }),
              transceiver.negotiatedDirection.receives, inbound.count < 64 else { return nil }
        let section = negotiated.section(mid: mid)
        let codec = section?.codecs.first { $0.payloadType == packet.payloadType }
        let stream = InboundStream(ssrc: packet.ssrc, mid: mid, kind: transceiver.kind,
                                   clockRate: codec?.clockRate ?? transceiver.clockRate,
                                   nackEnabled: transceiver.nackEnabled)
        inbound[packet.ssrc] = stream
        if transceiver.remoteTrack == nil {
            let track = RemoteTrack(mid: mid, kind: transceiver.kind, streamID: nil, trackID: nil)
            transceiver.remoteTrack = track
            emit(.remoteTrackAdded(track))
        }
        return stream
    }

    private func sender(ssrc: UInt32) -> (Transceiver, OutboundTrack)? {
        for transceiver in transceivers {
            if let track = transceiver.sender, track.ssrc == ssrc { return (transceiver, track) }
        }
        return nil
    }

    private func handleRTCP(_ packet: RTCPPacket, now: Instant) {
        switch packet {
        case let .senderReport(report):
            inbound[report.ssrc]?.statistics.senderReportReceived(report, at: now)
            for block in report.reportBlocks { reportBlockReceived(block, now: now) }
        case let .receiverReport(report):
            for block in report.reportBlocks { reportBlockReceived(block, now: now) }
        case let .genericNACK(nack):
            guard let (transceiver, track) = sender(ssrc: nack.mediaSSRC) else { return }
            track.statistics.feedbackReceived(packet)
            resend(nack.lostSequenceNumbers, on: track, in: transceiver, now: now)
        case let .pictureLossIndication(pli):
            // Only a request naming one of our video SSRCs asks for a keyframe (a server that
            // misfiled the request may name our audio SSRC: there is no picture to refresh).
            guard let (transceiver, track) = sender(ssrc: pli.mediaSSRC), transceiver.kind == .video else { return }
            track.statistics.feedbackReceived(packet)
            emit(.keyframeRequested(mid: transceiver.mid))
        case let .fullIntraRequest(fir):
            for entry in fir.entries {
                guard let (transceiver, track) = sender(ssrc: entry.ssrc), transceiver.kind == .video else { continue }
                track.statistics.feedbackReceived(packet)
                emit(.keyframeRequested(mid: transceiver.mid))
            }
        case let .remb(remb):
            emit(.bitrateEstimate(bitsPerSecond: remb.bitrate))
            handleReceiverEstimate(bitsPerSecond: remb.bitrate, now: now)
        case let .transportFeedback(feedback):
            handleTransportFeedback(feedback, now: now)
        case let .goodbye(bye):
            for ssrc in bye.sources { inbound[ssrc] = nil }
        case .sourceDescription, .unknown:
            break
        }
    }

    private func reportBlockReceived(_ block: ReportBlock, now: Instant) {
        guard let (transceiver, track) = sender(ssrc: block.ssrc) else { return }
        track.statistics.reportBlockReceived(block, at: now)
        if transceiver.kind == .video { congestionReportBlockReceived(block, track: track, now: now) }
    }

    /// Answers a NACK: each packet at most once per round trip, and none while our own queue is
    /// already longer than a retransmission could still be useful for.
    /// With RTX negotiated for the packet's format they go out on the RTX stream (RFC 4588),
    /// which keeps the media stream's numbering and statistics to the media alone.
    private func resend(_ sequences: [UInt16], on track: OutboundTrack, in transceiver: Transceiver, now: Instant) {
        if configuration.pacing, congestion.pacer.queueDelay(now: now) > Self.retransmissionQueueLimit { return }
        let interval = max(track.statistics.roundTripTime ?? .milliseconds(50), .milliseconds(10))
        for sequence in sequences {
            guard var bytes = track.retransmissions.resend(sequence, minimumInterval: interval, now: now) else { continue }
            if let wrapped = retransmissionPacket(wrapping: bytes, on: track, in: transceiver) { bytes = wrapped }
            track.statistics.packetSent(payloadSize: max(0, bytes.count - 12), headerSize: 12, isRetransmission: true)
            sendPaced(bytes, kind: transceiver.kind, isRetransmission: true, now: now)
        }
    }

    /// Queued this long, a retransmission reaches the receiver after it has given the frame up.
    static var retransmissionQueueLimit: Duration { .milliseconds(250) }

    // MARK: Feedback and reports

    func sendPictureLossIndication(for stream: InboundStream, now: Instant, force: Bool) {
        guard stream.shouldRequestKeyframe(now: now, minimumInterval: force ? .milliseconds(50) : .milliseconds(300)) else { return }
        stream.statistics.pliCount += 1
        let sender = rtcpSSRC(forMid: stream.mid)
        transmitRTCP([feedbackLeader(from: sender, about: stream, now: now),
                      .pictureLossIndication(PictureLossIndication(senderSSRC: sender, mediaSSRC: stream.ssrc))])
    }

    /// The SSRC our RTCP about m-line `mid` comes from: what we send on it, or a receive-only SSRC
    /// of that m-line's own. Servers file a compound under the m-line of its first sender SSRC
    /// (Janus does), so feedback about video must never come from our audio SSRC (RFC 8108 §5.4:
    /// each media type reports from its own SSRCs).
    func rtcpSSRC(forMid mid: String) -> UInt32 {
        if let ssrc = transceivers.first(where: { $0.mid == mid })?.sender?.ssrc { return ssrc }
        if let ssrc = receiveOnlySSRCs[mid] { return ssrc }
        let taken = Set(transceivers.compactMap(\.sender?.ssrc)).union(receiveOnlySSRCs.values).union(inbound.keys)
        var ssrc = UInt32(truncatingIfNeeded: random.next()) | 1
        while taken.contains(ssrc) { ssrc = UInt32(truncatingIfNeeded: random.next()) | 1 }
        receiveOnlySSRCs[mid] = ssrc
        return ssrc
    }

    /// The report that opens a feedback compound (RFC 3550 §6.1 wants one first): an RR from the
    /// same SSRC as the feedback, with the block about the stream it concerns, so a server that
    /// does not know a receive-only SSRC still finds the m-line by the block. The regular reports'
    /// interval is left running.
    private func feedbackLeader(from sender: UInt32, about stream: InboundStream, now: Instant) -> RTCPPacket {
        .receiverReport(ReceiverReport(ssrc: sender, reportBlocks: [stream.statistics.currentReportBlock(now: now)]))
    }

    func nextMediaTimeout() -> Instant? {
        guard srtpOutbound != nil else { return nil }
        var deadline = earliest(nextReport, nextCongestionTimeout())
        for stream in inbound.values {
            deadline = earliest(deadline, stream.nack?.nextTimeout(), stream.assembler?.nextTimeout())
        }
        return deadline
    }

    func handleMediaTimers(now: Instant) {
        guard srtpOutbound != nil else { return }
        handleCongestionTimers(now: now)
        let rtt = transceivers.compactMap { $0.sender?.statistics.roundTripTime }.min()
            ?? ice?.stats.roundTripTime ?? .milliseconds(100)
        for stream in inbound.values {
            if stream.assembler != nil {
                // Wait for a retransmission about one round trip before giving up on a gap.
                stream.assembler?.maxReorderDelay = min(max(.milliseconds(50), rtt * 3 / 2 + .milliseconds(20)), .milliseconds(300))
                if let due = stream.assembler?.nextTimeout(), due <= now, let frames = stream.assembler?.poll(now: now) {
                    deliver(frames, from: stream, now: now)
                }
            }
            guard var nack = stream.nack else { continue }
            if let due = nack.nextTimeout(), due <= now, let lost = nack.pollNACK(now: now, rtt: rtt), !lost.isEmpty {
                stream.statistics.nackCount += 1
                let sender = rtcpSSRC(forMid: stream.mid)
                transmitRTCP([feedbackLeader(from: sender, about: stream, now: now),
                              .genericNACK(GenericNACK(senderSSRC: sender, mediaSSRC: stream.ssrc, lostSequenceNumbers: lost))])
            }
            stream.nack = nack
        }
        if let due = nextReport, due <= now {
            sendReports(now: now)
            // RFC 3550 6.3.1: randomize the interval by 0.5-1.5 so reports do not synchronize.
            let factor = 0.5 + Double(random.next() % 1000) / 1000
            nextReport = now + .nanoseconds(Int64(Double(configuration.rtcpInterval.nanosecondsClamped) * factor))
        }
    }

    /// One compound per m-line, each about that m-line only (RFC 3550 §6.1, RFC 8108 §5.4): an SR
    /// from what we send on it, then an RR from the same SSRC with the blocks about what we receive
    /// on it (or only the RR, from the m-line's receive-only SSRC), then SDES. One compound for the
    /// whole session reads as one medium to servers that file RTCP by its first SSRC.
    private func sendReports(now: Instant) {
        var streamsByMid: [String: [InboundStream]] = [:]
        for stream in inbound.values { streamsByMid[stream.mid, default: []].append(stream) }
        for transceiver in transceivers {
            let sending = transceiver.sender.flatMap { $0.statistics.packetsSent > 0 ? $0 : nil }
            let streams = (streamsByMid[transceiver.mid] ?? []).sorted { $0.ssrc < $1.ssrc }
            guard sending != nil || !streams.isEmpty else { continue }
            let ssrc = rtcpSSRC(forMid: transceiver.mid)
            var packets: [RTCPPacket] = []
            if let track = sending {
                packets.append(.senderReport(track.statistics.makeSenderReport(
                    ssrc: track.ssrc, now: now, rtpTimestamp: track.senderReportTimestamp(now: now), reportBlocks: [])))
            }
            // An RR after the SR carries the blocks (RFC 3550 §6.4.2 allows it): some servers read
            // blocks only from RRs.
            var remaining = streams[...]
            while !remaining.isEmpty || packets.isEmpty {
                let blocks = remaining.prefix(31).map { $0.statistics.makeReportBlock(now: now) }
                remaining = remaining.dropFirst(31)
                packets.append(.receiverReport(ReceiverReport(ssrc: ssrc, reportBlocks: blocks)))
            }
            packets.append(.sourceDescription(SourceDescription(ssrc: ssrc, cname: cname)))
            transmitRTCP(packets)
        }
    }

    // MARK: Statistics

    public func stats() -> PeerConnectionStats {
        let outbound = transceivers.compactMap { transceiver -> PeerConnectionStats.Outbound? in
            guard let track = transceiver.sender else { return nil }
            let statistics = track.statistics
            return PeerConnectionStats.Outbound(
                mid: transceiver.mid, kind: transceiver.kind, ssrc: track.ssrc,
                packetsSent: statistics.packetsSent, bytesSent: statistics.bytesSent,
                retransmittedPacketsSent: statistics.retransmittedPacketsSent,
                retransmittedPacketsSentAsRTX: track.retransmissionsAsRTX, framesSent: track.framesSent,
                nackCount: statistics.nackCount, pliCount: statistics.pliCount, firCount: statistics.firCount,
                roundTripTime: statistics.roundTripTime,
                remoteFractionLost: statistics.lastReportBlock.map { Double($0.fractionLost) / 256 },
                remoteJitter: statistics.lastReportBlock.map { Double($0.jitter) / Double(track.clockRate) })
        }
        let inboundStats = inbound.values.sorted { $0.mid < $1.mid }.map { stream in
            PeerConnectionStats.Inbound(
                mid: stream.mid, kind: stream.kind, ssrc: stream.ssrc,
                packetsReceived: stream.statistics.packetsReceived, bytesReceived: stream.statistics.bytesReceived,
                packetsLost: stream.statistics.packetsLost, jitter: stream.statistics.jitter,
                nackCount: stream.statistics.nackCount, pliCount: stream.statistics.pliCount,
                firCount: stream.statistics.firCount, framesReceived: stream.statistics.framesReceived)
        }
        return PeerConnectionStats(
            connectionState: connectionState, iceConnectionState: iceConnectionState,
            selectedLocal: selectedPath?.local, selectedRemote: selectedPath?.remote,
            selectedLocalType: selectedPath.map { path in
                relayAllocations.contains { $0.relayed == path.local } ? .relayed
                    : localCandidates.first { $0.address == path.local }?.type ?? .host
            },
            iceRoundTripTime: ice?.stats.roundTripTime, srtpProfile: srtpProfile.map { "\($0)" },
            outbound: outbound, inbound: inboundStats, discardedPackets: discardedPackets,
            rtxPacketsReceived: rtxPacketsReceived)
    }
}
