import KaamosWire
import RTC
import RTCBase
import RTCMedia
import RTCICE
import RTCSDP
import RTCSecurity
import RTCSTUN

/// The selective forwarding unit as a sans-IO engine: one ICE-lite peer connection per participant,
/// all on the same sockets, and every participant's audio and video forwarded to the others in its
/// room. The driver feeds datagrams and timeouts; signaling calls come in under the driver's lock.
public final class SFUEngine: DatagramEngine {
    public typealias Event = SFUEvent

    public struct Configuration: Sendable {
        /// Addresses our sockets are bound to: every participant gets them as host candidates.
        public var localAddresses: [TransportAddress] = []
        public var unixTimeAtZero: Duration = .zero
        public init() {}
    }

    private let configuration: Configuration
    private let certificate: DTLSCertificate
    private var participants: [String: SFUParticipant] = [:]
    /// Participant ids per room in join order (the order forwarded tracks are offered in).
    private var rooms: [String: [String]] = [:]
    /// Which participant a flow belongs to, learned from its ICE checks.
    private var routes: [FlowKey: String] = [:]
    private var participantByUfrag: [String: String] = [:]
    private var outputs = OutputQueue<EngineOutput<SFUEvent>>()
    private var nextReceiverEstimates: Instant?
    /// How often publishers hear what their subscribers can take (browsers send REMB about once a second).
    static let receiverEstimateInterval: Duration = .milliseconds(500)

    public private(set) var forwardedPackets: Int64 = 0
    public private(set) var forwardedBytes: Int64 = 0
    public private(set) var droppedDatagrams: Int64 = 0

    private struct FlowKey: Hashable {
        var local: TransportAddress
        var remote: TransportAddress
    }

    public init(configuration: Configuration) throws {
        self.configuration = configuration
        // One certificate for every leg: generating one per join would cost each join ~1 ms of CPU.
        certificate = try DTLSCertificate.generate()
    }

    public var participantCount: Int { participants.count }

    // MARK: Signaling

    public func addParticipant(roomID: String, participantID: String, now: Instant) throws(SFUError) {
        guard participants[participantID] == nil else { throw SFUError("Participant \(participantID) is already connected.") }
        var peerConfiguration = PeerConnectionConfiguration()
        peerConfiguration.iceLite = true
        peerConfiguration.mediaDelivery = .rtpPackets
        peerConfiguration.certificate = certificate
        peerConfiguration.unixTimeAtZero = configuration.unixTimeAtZero
        // Publishers paced what we forward; the legs still number packets and estimate each path.
        peerConfiguration.pacing = false
        let connection: PeerConnection
        do {
            connection = try PeerConnection(configuration: peerConfiguration)
        } catch {
            throw SFUError("Could not set up media for \(participantID): \(error)")
        }
        connection.addLocalAddresses(configuration.localAddresses, now: now)
        let participant = SFUParticipant(id: participantID, roomID: roomID, connection: connection)
        participants[participantID] = participant
        participantByUfrag[connection.localCredentials.ufrag] = participantID
        rooms[roomID, default: []].append(participantID)
        pump(participant, now: now)
    }

    /// Answers a participant's offer (its own audio and video); then offers it everyone else's tracks.
    public func handleOffer(participantID: String, sdp: String, now: Instant) throws(SFUError) -> String {
        let participant = try participant(participantID)
        let answer: SessionDescription
        do {
            try participant.connection.setRemoteDescription(sdp: sdp, isOffer: true, now: now)
            if !participant.initialOfferAnswered { recordVideoCodecs(of: participant) }
            chooseVideoCodecs(for: participant)
            answer = try participant.connection.createAnswer(now: now)
        } catch {
            pump(participant, now: now)
            throw SFUError("\(error)")
        }
        for rejection in participant.connection.rejectedMedia {
            outputs.append(.event(.mediaRejected(participantID: participantID, rejection)))
        }
        pump(participant, now: now)
        if !participant.initialOfferAnswered {
            participant.initialOfferAnswered = true
            // Someone who cannot decode a publisher's codec has joined: switch that publisher to
            // one everybody decodes, when it offered one (it sends the new codec after this offer).
            for otherID in rooms[participant.roomID, default: []] where otherID != participantID {
                guard let other = participants[otherID], other.initialOfferAnswered else { continue }
                if chooseVideoCodecs(for: other) { renegotiate(other, now: now) }
            }
            for otherID in rooms[participant.roomID, default: []] where otherID != participantID {
                guard let other = participants[otherID] else { continue }
                for (mid, track) in other.published.sorted(by: { $0.key < $1.key }) {
                    subscribe(participant, to: other, mid: mid, track: track)
                    participant.renegotiationPending = true
                }
            }
        }
        if participant.renegotiationPending { renegotiate(participant, now: now) }
        return answer.serialized()
    }

    /// Picks the codec each video m-line of a participant's offer is answered with, which is the
    /// codec it then sends: the first it offers that everyone else in the room can decode (a
    /// subscriber gets a publisher's packets as they are, so a codec one of them lacks means no
    /// picture there); when no offered codec suits them all, its own first.
    /// Returns whether any m-line's choice changed.
    @discardableResult
    private func chooseVideoCodecs(for publisher: SFUParticipant) -> Bool {
        let others = (rooms[publisher.roomID] ?? []).filter { $0 != publisher.id }.compactMap { participants[$0] }
        var changed = false
        for (mid, offered) in publisher.offeredVideoCodecs {
            guard let first = offered.first else { continue }
            let chosen = offered.first { name in others.allSatisfy { $0.decodableVideoCodecs.contains(name.lowercased()) } } ?? first
            if publisher.chosenVideoCodecs[mid] != chosen {
                guard (try? publisher.connection.setCodecPreferences(mid: mid, [chosen])) != nil else { continue }
                changed = changed || publisher.chosenVideoCodecs[mid] != nil
                publisher.chosenVideoCodecs[mid] = chosen
            }
        }
        return changed
    }

    private func recordVideoCodecs(of participant: SFUParticipant) {
        guard let offer = participant.connection.remoteDescription else { return }
        for media in offer.media where media.kind == .video && !media.isRejected {
            guard let mid = media.mid else { continue }
            let names = participant.connection.remoteCodecs(mid: mid).map(\.name)
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            participant.offeredVideoCodecs[mid] = unique
            participant.decodableVideoCodecs.formUnion(unique.map { $0.lowercased() })
        }
    }

    public func handleAnswer(participantID: String, sdp: String, now: Instant) throws(SFUError) {
        let participant = try participant(participantID)
        guard participant.awaitingAnswer else { throw SFUError("There is no offer from the server to answer.") }
        do {
            try participant.connection.setRemoteDescription(sdp: sdp, isOffer: false, now: now)
        } catch {
            pump(participant, now: now)
            throw SFUError("\(error)")
        }
        participant.awaitingAnswer = false
        pump(participant, now: now)
        requestOwedKeyframes(for: participant, now: now)
        if participant.renegotiationPending { renegotiate(participant, now: now) }
    }

    public func handleCandidate(participantID: String, candidate: IceCandidateInit, now: Instant) throws(SFUError) {
        let participant = try participant(participantID)
        do {
            try participant.connection.addRemoteCandidate(candidate, now: now)
        } catch {
            throw SFUError("\(error)")
        }
        pump(participant, now: now)
    }

    /// Closes the participant's leg and stops forwarding its tracks to the others.
    public func removeParticipant(participantID: String, now: Instant) {
        guard let participant = participants.removeValue(forKey: participantID) else { return }
        participant.connection.close(now: now)
        drainQuietly(participant)
        participantByUfrag[participant.connection.localCredentials.ufrag] = nil
        routes = routes.filter { $0.value != participantID }
        rooms[participant.roomID]?.removeAll { $0 == participantID }
        if rooms[participant.roomID]?.isEmpty == true { rooms[participant.roomID] = nil }
        for otherID in rooms[participant.roomID] ?? [] {
            guard let other = participants[otherID] else { continue }
            var changed = false
            for (key, mid) in other.subscriptions where key.publisherID == participantID {
                try? other.connection.removeTrack(mid: mid)
                other.subscriptions[key] = nil
                other.keyframesOwed.remove(key)
                other.undecodable.remove(key)
                changed = true
            }
            if changed { renegotiate(other, now: now) }
        }
    }

    /// Admin mute: stop (or resume) forwarding these kinds from this participant.
    public func setForwarding(participantID: String, audio: Bool, video: Bool, now: Instant) {
        guard let participant = participants[participantID] else { return }
        let videoResumes = video && !participant.forwardsVideo
        participant.forwardsAudio = audio
        participant.forwardsVideo = video
        if videoResumes {
            for (mid, track) in participant.published where track.kind == .video {
                participant.connection.requestKeyframe(mid: mid, now: now)
            }
            pump(participant, now: now)
        }
    }

    public func statistics(participantID: String, now: Instant) -> MediaStatistics? {
        guard let participant = participants[participantID] else { return nil }
        let stats = participant.connection.stats()
        let bytesIn = stats.inbound.reduce(Int64(0)) { $0 + $1.bytesReceived }
        let bytesOut = stats.outbound.reduce(Int64(0)) { $0 + $1.bytesSent }
        participant.bitrateIn.record(totalBytes: bytesIn, now: now)
        participant.bitrateOut.record(totalBytes: bytesOut, now: now)
        func sending(_ kind: MediaKind) -> Bool {
            guard let last = participant.lastMediaIn[kind] else { return false }
            return now - last < .seconds(2)
        }
        let jitter = stats.inbound.map(\.jitter).max() ?? 0
        return MediaStatistics(
            bitrateInKbps: participant.bitrateIn.kilobitsPerSecond, bitrateOutKbps: participant.bitrateOut.kilobitsPerSecond,
            packetsLost: stats.inbound.reduce(Int64(0)) { $0 + max(0, $1.packetsLost) },
            jitterMs: jitter * 1000, rttMs: stats.roundTripTime?.milliseconds,
            sendingAudio: sending(.audio), sendingVideo: sending(.video),
            estimateKbps: participant.connection.hasMeasuredPath ? Double(participant.connection.targetBitrate) / 1000 : nil)
    }

    private func participant(_ id: String) throws(SFUError) -> SFUParticipant {
        guard let participant = participants[id] else { throw SFUError("No media session for participant \(id).") }
        return participant
    }

    // MARK: Forwarding

    private func subscribe(_ subscriber: SFUParticipant, to publisher: SFUParticipant, mid: String, track: RemoteTrack) {
        let key = TrackKey(publisherID: publisher.id, mid: mid)
        guard subscriber.subscriptions[key] == nil else { return }
        let trackID = track.trackID.map { "\($0)" } ?? "\(track.kind)-\(mid)"
        let localMid = subscriber.connection.addTrack(kind: track.kind, streamID: publisher.id, trackID: trackID)
        subscriber.subscriptions[key] = localMid
        if track.kind == .video { subscriber.keyframesOwed.insert(key) }
    }

    /// Sends the participant a new offer now, or as soon as its pending one is answered: never two
    /// offers in flight to one client.
    private func renegotiate(_ participant: SFUParticipant, now: Instant) {
        guard participant.initialOfferAnswered, !participant.awaitingAnswer else {
            participant.renegotiationPending = true
            return
        }
        participant.renegotiationPending = false
        guard let offer = try? participant.connection.createOffer(now: now) else {
            participant.renegotiationPending = true
            return
        }
        participant.awaitingAnswer = true
        outputs.append(.event(.signal(participantID: participant.id, .offer(sdp: offer.serialized()))))
        pump(participant, now: now)
    }

    /// One PLI per newly negotiated video subscription, so the subscriber's decoder starts at once.
    private func requestOwedKeyframes(for subscriber: SFUParticipant, now: Instant) {
        for key in subscriber.keyframesOwed {
            guard let mid = subscriber.subscriptions[key], subscriber.connection.canSend(mid: mid),
                  let publisher = participants[key.publisherID] else { continue }
            subscriber.keyframesOwed.remove(key)
            publisher.connection.requestKeyframe(mid: key.mid, now: now)
            pump(publisher, now: now)
        }
    }

    private func forward(_ received: ReceivedRTPPacket, from publisher: SFUParticipant, now: Instant) {
        publisher.lastMediaIn[received.kind] = now
        if received.kind == .audio && !publisher.forwardsAudio { return }
        if received.kind == .video && !publisher.forwardsVideo { return }
        let key = TrackKey(publisherID: publisher.id, mid: received.mid)
        // A payload type the publisher never negotiated means nothing to a subscriber either.
        guard let codec = received.codec else { return }
        for subscriberID in rooms[publisher.roomID] ?? [] where subscriberID != publisher.id {
            guard let subscriber = participants[subscriberID], let mid = subscriber.subscriptions[key] else { continue }
            if subscriber.connection.canSend(mid: mid), !subscriber.connection.canForward(codec, mid: mid) {
                reportUndecodable(codec, of: key, to: subscriber, mid: mid)
                continue
            }
            if subscriber.connection.forwardRTP(received.packet, codec: codec, mid: mid, now: now) {
                forwardedPackets += 1
                forwardedBytes += Int64(received.packet.payload.count + 12)
            }
            pump(subscriber, now: now)
        }
    }

    /// Says once per subscription that a publisher sends a codec the subscriber did not accept.
    private func reportUndecodable(_ codec: Codec, of key: TrackKey, to subscriber: SFUParticipant, mid: String) {
        guard subscriber.undecodable.insert(key).inserted else { return }
        let reason = "\(key.publisherID) sends \(codec.name), which this participant's answer did not accept; its video is not forwarded here"
        outputs.append(.event(.mediaRejected(participantID: subscriber.id, MediaRejection(mid: mid, kind: .video, reason: reason))))
    }

    /// Tells each video publisher the most its slowest measured subscriber can take of its video:
    /// that subscriber's estimate, less audio, shared among the videos it receives. A single-layer
    /// publisher cannot serve two rates; sending at the slowest one's rate beats dropping packets
    /// at random for that one (every frame after a drop is undecodable until a keyframe).
    private func sendReceiverEstimates(now: Instant) {
        for publisher in participants.values where publisher.published.values.contains(where: { $0.kind == .video }) {
            var slowest: Int?
            for subscriberID in rooms[publisher.roomID] ?? [] where subscriberID != publisher.id {
                guard let subscriber = participants[subscriberID], subscriber.connection.hasMeasuredPath else { continue }
                let videos = subscriber.subscriptions.keys.filter { participants[$0.publisherID]?.published[$0.mid]?.kind == .video }
                guard videos.contains(where: { $0.publisherID == publisher.id }) else { continue }
                let audios = subscriber.subscriptions.count - videos.count
                let share = (subscriber.connection.targetBitrate - audios * Self.audioAllowance) / max(videos.count, 1)
                slowest = min(slowest ?? .max, max(share, Self.minimumVideoEstimate))
            }
            guard let slowest else { continue }
            publisher.connection.sendReceiverEstimate(bitsPerSecond: slowest + Self.audioAllowance, now: now)
            pump(publisher, now: now)
        }
    }

    static let audioAllowance = 48_000
    static let minimumVideoEstimate = 60_000

    // MARK: Engine

    public func handleDatagram(_ datagram: Datagram, now: Instant) {
        let flow = FlowKey(local: datagram.destination, remote: datagram.source)
        var participantID = routes[flow]
        if let first = datagram.payload.first, first <= 3,
           let message = try? STUNMessage(bytes: datagram.payload), let username = message.username,
           let localUfrag = username.split(separator: ":").first.map(String.init),
           let owner = participantByUfrag[localUfrag] {
            // ICE checks name their participant (USERNAME is "ours:theirs"); the agent still checks
            // MESSAGE-INTEGRITY before anything is selected.
            if participantID != owner {
                routes[flow] = owner
                participantID = owner
            }
        }
        guard let participantID, let participant = participants[participantID] else {
            droppedDatagrams += 1
            return
        }
        participant.connection.handleDatagram(datagram, now: now)
        pump(participant, now: now)
    }

    public func handleTimeout(now: Instant) {
        if nextReceiverEstimates.map({ now >= $0 }) ?? true {
            sendReceiverEstimates(now: now)
            nextReceiverEstimates = now + Self.receiverEstimateInterval
        }
        for participant in participants.values {
            if let due = participant.connection.nextTimeout(), due <= now {
                participant.connection.handleTimeout(now: now)
                pump(participant, now: now)
            }
        }
    }

    public func nextTimeout() -> Instant? {
        var earliestDeadline: Instant? = participants.isEmpty ? nil : nextReceiverEstimates
        for participant in participants.values {
            earliestDeadline = earliest(earliestDeadline, participant.connection.nextTimeout())
        }
        return earliestDeadline
    }

    public func pollOutput() -> EngineOutput<SFUEvent>? { outputs.take() }

    /// Moves a connection's outputs into ours, acting on its events.
    private func pump(_ participant: SFUParticipant, now: Instant) {
        while let output = participant.connection.pollOutput() {
            switch output {
            case let .transmit(datagram):
                routes[FlowKey(local: datagram.source, remote: datagram.destination)] = participant.id
                outputs.append(.transmit(datagram))
            case let .event(event):
                handle(event, of: participant, now: now)
            }
        }
    }

    private func drainQuietly(_ participant: SFUParticipant) {
        while let output = participant.connection.pollOutput() {
            if case let .transmit(datagram) = output { outputs.append(.transmit(datagram)) }
        }
    }

    private func handle(_ event: PeerConnectionEvent, of participant: SFUParticipant, now: Instant) {
        switch event {
        case let .rtpPacket(received):
            forward(received, from: participant, now: now)
        case let .remoteTrackAdded(track):
            participant.published[track.mid] = track
            for subscriberID in rooms[participant.roomID] ?? [] where subscriberID != participant.id {
                guard let subscriber = participants[subscriberID], subscriber.initialOfferAnswered else { continue }
                subscribe(subscriber, to: participant, mid: track.mid, track: track)
                renegotiate(subscriber, now: now)
            }
        case let .remoteTrackRemoved(mid):
            participant.published[mid] = nil
            let key = TrackKey(publisherID: participant.id, mid: mid)
            for subscriberID in rooms[participant.roomID] ?? [] where subscriberID != participant.id {
                guard let subscriber = participants[subscriberID], let localMid = subscriber.subscriptions[key] else { continue }
                try? subscriber.connection.removeTrack(mid: localMid)
                subscriber.subscriptions[key] = nil
                subscriber.keyframesOwed.remove(key)
                renegotiate(subscriber, now: now)
            }
        case let .keyframeRequested(mid):
            // A subscriber lost its picture: ask the publisher of that track.
            guard let key = participant.subscriptions.first(where: { $0.value == mid })?.key,
                  let publisher = participants[key.publisherID] else { return }
            publisher.connection.requestKeyframe(mid: key.mid, now: now)
            pump(publisher, now: now)
        case let .connectionStateChanged(state):
            outputs.append(.event(.connectionStateChanged(participantID: participant.id, state)))
            if state == .connected { requestOwedKeyframes(for: participant, now: now) }
        case let .failure(message):
            outputs.append(.event(.failure(participantID: participant.id, message: message)))
        case let .localCandidate(candidate):
            outputs.append(.event(.signal(participantID: participant.id, .candidate(candidate))))
        case .gatheringComplete, .iceConnectionStateChanged, .audioPacket, .videoFrame, .bitrateEstimate,
             .targetBitrateChanged:
            break
        }
    }
}
