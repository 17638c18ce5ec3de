import RTCBase
import RTCCongestion
import RTCICE
import RTCMedia
import RTCSDP
import RTCSecurity

/// A WebRTC peer connection as a sans-IO engine: ICE, DTLS-SRTP and RTP/RTCP over one bundled flow.
///
/// The application negotiates with `createOffer`/`setRemoteDescription`/`createAnswer`, sends
/// encoded media with `sendAudio`/`sendVideo`, and a driver feeds datagrams and timeouts and drains
/// `pollOutput()`. Nothing here reads a clock or touches a socket, so two of them can be run against
/// each other on a virtual clock.
public final class PeerConnection: DatagramEngine {
    public typealias Event = PeerConnectionEvent

    enum SignalingState { case stable, haveLocalOffer, haveRemoteOffer }

    let configuration: PeerConnectionConfiguration
    public let certificate: DTLSCertificate
    public let localCredentials: IceCredentials
    var random: EngineRandom
    let sessionID: UInt64
    var sessionVersion: UInt64 = 0
    let cname: String
    /// The SSRC our receiver reports and feedback come from when we send nothing.
    /// The SSRC our RTCP about an m-line comes from when we send nothing on it, one per m-line.
    var receiveOnlySSRCs: [String: UInt32] = [:]
    /// Sees each RTCP compound before it is encrypted: for tests of the layout peers must read.
    var rtcpSent: (([RTCPPacket]) -> Void)?

    var signalingState = SignalingState.stable
    public private(set) var localDescription: SessionDescription?
    public private(set) var remoteDescription: SessionDescription?
    /// The offered m-lines the last answer rejected, with the reason for each.
    public private(set) var rejectedMedia: [MediaRejection] = []
    var negotiated: NegotiatedMedia?
    var transceivers: [Transceiver] = []
    /// MID header extension id both sides agreed on, for tagging and routing packets.
    var midExtensionID: UInt8?
    /// Congestion control both ways: estimate and pacer for what we send, feedback for what we get.
    let congestion: TransportCongestion
    /// Our capabilities numbered as the remote side numbers them, once it has said anything.
    var sessionCapabilities: LocalCodecCapabilities

    // ICE
    var ice: IceAgent?
    var localHosts: [TransportAddress] = []
    var localCandidates: [Candidate] = []
    var gatheringComplete = false
    var pendingRemoteCandidates: [Candidate] = []
    var remoteEndOfCandidates = false
    var remoteIceCredentials: IceCredentials?
    public internal(set) var iceConnectionState = IceConnectionState.new
    var selectedPath: (local: TransportAddress, remote: TransportAddress)?

    /// The configuration's STUN servers and those added since.
    var stunServers: [TransportAddress] = []

    // TURN
    var relayServers: [RelayServer] = []
    var relayAllocations: [RelayAllocation] = []
    /// The latest time the driver gave us, for relaying what is sent from paths that carry no time.
    var relayClock: Instant = .zero

    // DTLS and SRTP
    var dtls: DTLSTransport?
    var dtlsStarted = false
    var dtlsConnected = false
    var dtlsFailed = false
    /// Where DTLS records came from before ICE selected a pair (the remote may be quicker than us).
    var dtlsPath: (local: TransportAddress, remote: TransportAddress)?
    /// DTLS records that arrived before we knew our DTLS role; replayed once we do.
    var earlyDTLSRecords: [Datagram] = []
    var srtpOutbound: SRTPSession?
    var srtpInbound: SRTPSession?
    var srtpProfile: SRTPProfile?

    // RTP
    var inbound: [UInt32: InboundStream] = [:]
    var nextReport: Instant?
    var discardedPackets = 0
    /// RTX packets turned back into the media packets they repair.
    var rtxPacketsReceived = 0

    public internal(set) var connectionState = PeerConnectionState.new
    var outputs = OutputQueue<EngineOutput<PeerConnectionEvent>>()

    public init(configuration: PeerConnectionConfiguration = PeerConnectionConfiguration()) throws(PeerConnectionError) {
        self.configuration = configuration
        relayServers = configuration.relayServers
        stunServers = configuration.stunServers
        var random = EngineRandom(seed: configuration.seed)
        if let provided = configuration.certificate {
            certificate = provided
        } else {
            do {
                certificate = try DTLSCertificate.generate()
            } catch {
                throw .certificate(error)
            }
        }
        // Credentials guard the ICE checks: from the system's generator unless a test asked for a seed.
        localCredentials = IceCredentials.random(using: &random)
        sessionID = random.next() >> 2
        cname = random.bytes(12).hexString
        self.random = random
        sessionCapabilities = configuration.capabilities
        congestion = TransportCongestion(configuration: configuration.bandwidth)
    }

    // MARK: Local tracks

    /// Adds a track we send; it appears in the next offer (or in an answer, when the remote offer
    /// has an m-line of this kind without a sender). Returns the track's mid.
    @discardableResult
    public func addTrack(kind: MediaKind, streamID: String, trackID: String) -> String {
        let clockRate: UInt32 = kind == .audio ? 48_000 : 90_000
        let track = OutboundTrack(
            streamID: streamID, trackID: trackID,
            ssrc: UInt32(truncatingIfNeeded: random.next()) | 1, cname: cname, clockRate: clockRate,
            initialSequence: UInt16(truncatingIfNeeded: random.next() & 0x7FFF),
            timestampOffset: UInt32(truncatingIfNeeded: random.next()),
            unixTimeAtZero: configuration.unixTimeAtZero,
            rtxSSRC: kind == .video ? UInt32(truncatingIfNeeded: random.next()) | 1 : nil,
            rtxInitialSequence: UInt16(truncatingIfNeeded: random.next() & 0x7FFF))
        if let free = transceivers.first(where: { $0.kind == kind && $0.sender == nil && !$0.isStopped
            && signalingState == .haveRemoteOffer }) {
            free.sender = track
            return free.mid
        }
        let transceiver = Transceiver(mid: nextMid(), kind: kind)
        transceiver.sender = track
        transceiver.clockRate = clockRate
        transceivers.append(transceiver)
        return transceiver.mid
    }

    /// Adds an m-line that only receives (a participant without camera or microphone still sees and
    /// hears the others). Returns its mid.
    @discardableResult
    public func addReceiver(kind: MediaKind) -> String {
        let transceiver = Transceiver(mid: nextMid(), kind: kind)
        transceiver.clockRate = kind == .audio ? 48_000 : 90_000
        transceivers.append(transceiver)
        return transceiver.mid
    }

    /// Stops sending a track; its m-line turns inactive (or recvonly) at the next negotiation.
    public func removeTrack(mid: String) throws(PeerConnectionError) {
        guard let transceiver = transceivers.first(where: { $0.mid == mid }) else { throw .unknownMid(mid) }
        transceiver.sender = nil
    }

    /// Limits an m-line to these codecs (encoding names, most wanted first) in the offers and
    /// answers from now on, as W3C `setCodecPreferences` does; nil lifts the limit. Names we have
    /// no codec for are refused, so a typo cannot leave the m-line without one.
    public func setCodecPreferences(mid: String, _ names: [String]?) throws(PeerConnectionError) {
        guard let transceiver = transceivers.first(where: { $0.mid == mid }) else { throw .unknownMid(mid) }
        if let names {
            let ours = sessionCapabilities.codecs(for: transceiver.kind).map { $0.codec.name.lowercased() }
            let unknown = names.filter { !ours.contains($0.lowercased()) }
            guard unknown.isEmpty, !names.isEmpty else {
                throw .invalidState("No \(transceiver.kind) codec named \(unknown.isEmpty ? "at all" : unknown.joined(separator: ", ")) to prefer.")
            }
        }
        transceiver.codecPreferences = names
    }

    /// The codecs the remote description offers in an m-line that we could use, in its order.
    public func remoteCodecs(mid: String) -> [Codec] {
        guard let media = remoteDescription?.media.first(where: { $0.mid == mid }) else { return [] }
        let ours = sessionCapabilities.codecs(for: media.kind)
        return media.codecs.filter { codec in !codec.isRTX && ours.contains { $0.accepts(codec) } }
    }

    private func nextMid() -> String {
        var index = transceivers.count
        while transceivers.contains(where: { $0.mid == String(index) }) { index += 1 }
        return String(index)
    }

    // MARK: Negotiation

    /// Makes an offer with every transceiver and applies it as the local description.
    public func createOffer(now: Instant) throws(PeerConnectionError) -> SessionDescription {
        guard signalingState == .stable else {
            throw .invalidState("Cannot make an offer while another offer is being negotiated.")
        }
        ensureIceAgent(role: .controlling, now: now)
        sessionVersion += 1
        let offer = OfferBuilder.makeOffer(
            sessionID: sessionID, version: sessionVersion,
            transceivers: transceivers.map { $0.localTransceiver() },
            capabilities: sessionCapabilities, transport: transportParameters(setup: .actpass))
        localDescription = offer
        signalingState = .haveLocalOffer
        return offer
    }

    /// Applies the remote side's offer or answer.
    public func setRemoteDescription(_ description: SessionDescription, isOffer: Bool, now: Instant) throws(PeerConnectionError) {
        if isOffer {
            guard signalingState == .stable else {
                throw .invalidState("An offer arrived while our own offer is waiting for its answer.")
            }
            try applyRemoteOffer(description, now: now)
        } else {
            guard signalingState == .haveLocalOffer, let offer = localDescription else {
                throw .invalidState("An answer arrived but no offer of ours is waiting for one.")
            }
            try applyRemoteAnswer(description, to: offer, now: now)
        }
    }

    /// Parses SDP text and applies it; a convenience for signaling code.
    public func setRemoteDescription(sdp: String, isOffer: Bool, now: Instant) throws(PeerConnectionError) {
        let description: SessionDescription
        do {
            description = try SessionDescription(parsing: sdp)
        } catch {
            throw .sessionDescription(error)
        }
        try setRemoteDescription(description, isOffer: isOffer, now: now)
    }

    /// Answers the remote offer set last and applies the answer as the local description.
    public func createAnswer(now: Instant) throws(PeerConnectionError) -> SessionDescription {
        guard signalingState == .haveRemoteOffer, let offer = remoteDescription else {
            throw .invalidState("Cannot answer: no remote offer is waiting.")
        }
        sessionVersion += 1
        var answer: SessionDescription
        do {
            let built = try AnswerBuilder.answer(
                to: offer, sessionID: sessionID, version: sessionVersion,
                transceivers: transceivers.map { $0.localTransceiver() },
                capabilities: sessionCapabilities, transport: transportParameters(setup: .active))
            answer = built.description
            rejectedMedia = built.rejections
        } catch {
            throw .sessionDescription(error)
        }
        if let dtls {
            // Renegotiation keeps the DTLS association, so the answer keeps our established role
            // (RFC 8842 5.5) whatever the new offer says.
            let established: SetupRole = dtls.role == .client ? .active : .passive
            for index in answer.media.indices where !answer.media[index].isRejected {
                answer.media[index].setup = established
            }
        }
        localDescription = answer
        signalingState = .stable
        // RFC 5763 5: the answerer says active (we are the DTLS client) unless the offer said active.
        let ourSetup = answer.media.first(where: { !$0.isRejected }).flatMap { answer.setup(for: $0) } ?? .active
        try ensureDTLS(role: ourSetup == .passive ? .server : .client, remote: offer, now: now)
        applyNegotiation(answer: answer, answerIsOurs: true)
        return answer
    }

    private func applyRemoteOffer(_ offer: SessionDescription, now: Instant) throws(PeerConnectionError) {
        try validateTransport(of: offer)
        for media in offer.media {
            guard let mid = media.mid, media.kind == .audio || media.kind == .video else { continue }
            if let existing = transceivers.first(where: { $0.mid == mid }) {
                if media.isRejected { stop(existing) }
            } else if !media.isRejected {
                let transceiver = Transceiver(mid: mid, kind: media.kind)
                transceiver.clockRate = media.kind == .audio ? 48_000 : 90_000
                // A track added before this offer arrived rides in the first free m-line of its kind.
                transceivers.append(transceiver)
            }
        }
        remoteDescription = offer
        negotiated = NegotiatedMedia(remote: offer)
        sessionCapabilities = sessionCapabilities.adoptingNumbering(of: offer)
        signalingState = .haveRemoteOffer
        ensureIceAgent(role: offer.iceLite ? .controlling : .controlled, now: now)
        applyRemoteTransport(offer, now: now)
        announceRemoteTracks()
    }

    private func applyRemoteAnswer(_ answer: SessionDescription, to offer: SessionDescription, now: Instant) throws(PeerConnectionError) {
        try validateTransport(of: answer)
        guard answer.media.count == offer.media.count else {
            throw .invalidState("The answer has \(answer.media.count) media sections but our offer has \(offer.media.count).")
        }
        remoteDescription = answer
        negotiated = NegotiatedMedia(remote: answer)
        sessionCapabilities = sessionCapabilities.adoptingNumbering(of: answer)
        signalingState = .stable
        applyRemoteTransport(answer, now: now)
        let remoteSetup = answer.media.first(where: { !$0.isRejected }).flatMap { answer.setup(for: $0) }
        guard let remoteSetup, remoteSetup == .active || remoteSetup == .passive else {
            throw .invalidState("The answer must say setup:active or setup:passive (RFC 5763 5).")
        }
        try ensureDTLS(role: remoteSetup == .active ? .server : .client, remote: answer, now: now)
        for (index, media) in answer.media.enumerated() where media.isRejected {
            if let mid = offer.media[index].mid, let transceiver = transceivers.first(where: { $0.mid == mid }) {
                stop(transceiver)
            }
        }
        applyNegotiation(answer: answer, answerIsOurs: false)
        announceRemoteTracks()
    }

    private func validateTransport(of description: SessionDescription) throws(PeerConnectionError) {
        guard let first = description.media.first(where: { !$0.isRejected }) else { return }
        guard description.iceCredentials(for: first) != nil else {
            throw .invalidState("The remote description has no ICE credentials (ice-ufrag/ice-pwd).")
        }
        guard description.fingerprints(for: first).contains(where: { $0.algorithm == "sha-256" }) else {
            throw .invalidState("The remote description has no sha-256 certificate fingerprint.")
        }
        if let remote = remoteIceCredentials, let credentials = description.iceCredentials(for: first),
           credentials.ufrag != remote.ufrag {
            throw .unsupportedRenegotiation("The remote side restarted ICE, which this client does not support; rejoin instead.")
        }
    }

    /// Sets the negotiated direction, payload type and feedback of each transceiver from the answer.
    private func applyNegotiation(answer: SessionDescription, answerIsOurs: Bool) {
        for media in answer.media {
            guard let mid = media.mid, let transceiver = transceivers.first(where: { $0.mid == mid }) else { continue }
            guard !media.isRejected else {
                stop(transceiver)
                continue
            }
            let answerDirection = answer.direction(for: media)
            // The answer's direction is the answerer's view; flip it when the answer is theirs.
            transceiver.negotiatedDirection = answerIsOurs ? answerDirection : answerDirection.reversed
            // Only codecs we offered or accepted count: an answer naming others is not followed.
            let ours = sessionCapabilities.codecs(for: media.kind)
            transceiver.negotiatedCodecs = media.codecs.filter { codec in ours.contains { $0.accepts(codec) } }
            if let codec = transceiver.negotiatedCodecs.first(where: { !$0.isRTX }) {
                transceiver.sendCodec = codec
                transceiver.clockRate = codec.clockRate
                transceiver.nackEnabled = media.effectiveFeedback(for: codec).contains("nack")
            }
            if let id = media.headerExtension(uri: HeaderExtension.midURI)?.id, (1...14).contains(id) {
                midExtensionID = UInt8(id)
            }
            if let id = media.headerExtension(uri: HeaderExtension.transportWideCCURI)?.id, (1...14).contains(id),
               let codec = media.codecs.first, media.effectiveFeedback(for: codec).contains("transport-cc") {
                congestion.extensionID = UInt8(id)
            }
        }
    }

    private func stop(_ transceiver: Transceiver) {
        transceiver.isStopped = true
        transceiver.negotiatedDirection = .inactive
        if transceiver.remoteTrack != nil {
            transceiver.remoteTrack = nil
            emit(.remoteTrackRemoved(mid: transceiver.mid))
        }
    }

    /// Tells the application about tracks the remote side now sends, and those it stopped sending.
    private func announceRemoteTracks() {
        guard let negotiated else { return }
        for transceiver in transceivers {
            guard let section = negotiated.section(mid: transceiver.mid) else { continue }
            let sends = !section.isRejected && section.direction.sends && !transceiver.isStopped
            if sends {
                let msid = section.msid ?? section.remoteSources.first?.msid
                let track = RemoteTrack(mid: transceiver.mid, kind: transceiver.kind,
                                        streamID: msid?.streamID, trackID: msid?.trackID)
                if transceiver.remoteTrack != track {
                    if transceiver.remoteTrack != nil { emit(.remoteTrackRemoved(mid: transceiver.mid)) }
                    transceiver.remoteTrack = track
                    emit(.remoteTrackAdded(track))
                }
            } else if transceiver.remoteTrack != nil {
                transceiver.remoteTrack = nil
                emit(.remoteTrackRemoved(mid: transceiver.mid))
            }
        }
    }

    func transportParameters(setup: SetupRole) -> TransportParameters {
        TransportParameters(
            iceUfrag: localCredentials.ufrag, icePwd: localCredentials.pwd, iceLite: configuration.iceLite,
            fingerprint: certificate.fingerprint, setup: setup,
            candidates: localCandidates.map(\.attributeValue), endOfCandidates: gatheringComplete)
    }

    // MARK: Outputs

    func emit(_ event: PeerConnectionEvent) { outputs.append(.event(event)) }

    func transmit(_ payload: [UInt8]) {
        guard let path = selectedPath ?? dtlsPath else { return }
        route(Datagram(source: path.local, destination: path.remote, payload: payload))
    }

    public func pollOutput() -> EngineOutput<PeerConnectionEvent>? {
        outputs.take()
    }

    /// Closes DTLS (close_notify) and ICE; the connection state becomes closed.
    public func close(now: Instant) {
        // Even after the remote side closed DTLS: TURN allocations are released only by us.
        closeRelays(now: now)
        guard connectionState != .closed else { return }
        dtls?.close()
        pumpDTLS(now: now)
        ice?.close()
        srtpOutbound = nil
        srtpInbound = nil
        setConnectionState(.closed)
    }
}
