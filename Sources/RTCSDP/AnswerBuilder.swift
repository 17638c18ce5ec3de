/// Builds our answer to a remote offer (RFC 8829 §5.3.1, RFC 3264 §6): one m-line per offered
/// m-line, in order, each accepted with what both sides support or rejected with port 0.
public enum AnswerBuilder {
    /// The answer, and the offered m-lines it rejects with the reason for each.
    public struct Answer: Sendable {
        public var description: SessionDescription
        public var rejections: [MediaRejection]
    }

    public static func makeAnswer(to offer: SessionDescription, sessionID: UInt64, version: UInt64,
                                  transceivers: [LocalTransceiver], capabilities: LocalCodecCapabilities,
                                  transport: TransportParameters) throws(SDPError) -> SessionDescription {
        try answer(to: offer, sessionID: sessionID, version: version, transceivers: transceivers,
                   capabilities: capabilities, transport: transport).description
    }

    public static func answer(to offer: SessionDescription, sessionID: UInt64, version: UInt64,
                              transceivers: [LocalTransceiver], capabilities: LocalCodecCapabilities,
                              transport: TransportParameters) throws(SDPError) -> Answer {
        try validate(offer)
        var answer = SessionDescription(origin: Origin(sessionID: sessionID, sessionVersion: version))
        answer.msidSemantic = MSIDSemantic(semantics: "WMS", identifiers: [])
        answer.extmapAllowMixed = offer.extmapAllowMixed
        answer.iceLite = transport.iceLite

        // We run one transport, so we can accept only what the offer bundles onto one; without an
        // offered BUNDLE group (an answer may not add one, RFC 8843) only the first usable m-line.
        // A bundle-only m-line (port 0, RFC 8843 §6) is offered for the BUNDLE group, not stopped;
        // it is answered like the others, with a real port, as browsers answer.
        let offeredBundle = offer.bundleGroups.first.map(Set.init)
        var accepted: [String] = []
        var rejections: [MediaRejection] = []
        for offered in offer.media {
            let mid = offered.mid ?? ""
            let local = transceivers.first { $0.mid == mid }
            let outcome: Result<MediaDescription, Refusal>
            if offered.isRejected {
                outcome = .failure(Refusal("the offer stopped it (port 0)"))
            } else if let offeredBundle, !offeredBundle.contains(mid) {
                outcome = .failure(Refusal("not in the offer's BUNDLE group, and we run one transport"))
            } else if offeredBundle == nil, offered.isBundleOnly {
                outcome = .failure(Refusal("bundle-only, but the offer has no BUNDLE group"))
            } else if offeredBundle == nil, !accepted.isEmpty {
                outcome = .failure(Refusal("the offer has no BUNDLE group, and we run one transport (the first m-line has it)"))
            } else {
                outcome = negotiate(offered, in: offer, local: local, capabilities: capabilities)
            }
            switch outcome {
            case var .success(media):
                media.applyTransport(transport, setup: (offer.setup(for: offered) ?? .active).answer,
                                     includeCandidates: accepted.isEmpty)
                accepted.append(mid)
                answer.media.append(media)
            case let .failure(refusal):
                rejections.append(MediaRejection(mid: mid, kind: offered.kind, reason: refusal.reason))
                answer.media.append(rejection(of: offered))
            }
        }
        if offeredBundle != nil { answer.groups = [Group(semantics: "BUNDLE", mids: accepted)] }
        return Answer(description: answer, rejections: rejections)
    }

    /// Why one offered m-line cannot be accepted.
    struct Refusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// An offer we can answer names a mid on every m-line (unified plan, RFC 8829 §5.2.1), and
    /// ICE credentials and a fingerprint for every m-line it does not reject.
    static func validate(_ offer: SessionDescription) throws(SDPError) {
        var mids = Set<String>()
        for (index, media) in offer.media.enumerated() {
            guard let mid = media.mid else { throw .missingMid(mediaIndex: index) }
            guard mids.insert(mid).inserted else { throw .duplicateMid(mid) }
            guard !media.isRejected else { continue }
            guard offer.iceCredentials(for: media) != nil else { throw .missingICECredentials(mid: mid) }
            guard offer.fingerprint(for: media) != nil else { throw .missingFingerprint(mid: mid) }
        }
    }

    /// The accepted m-line without transport attributes, or why we must reject it.
    static func negotiate(_ offered: MediaDescription, in offer: SessionDescription, local: LocalTransceiver?,
                          capabilities: LocalCodecCapabilities) -> Result<MediaDescription, Refusal> {
        guard offered.kind == .audio || offered.kind == .video else {
            return .failure(Refusal("\(offered.kind) is not supported (audio and video only)"))
        }
        guard offered.isRTP else { return .failure(Refusal("\(offered.proto) is not an RTP profile")) }
        if let local, local.isStopped { return .failure(Refusal("our transceiver for it is stopped")) }
        if let local, local.kind != offered.kind {
            return .failure(Refusal("our transceiver on this mid is \(local.kind), not \(offered.kind)"))
        }
        let ourCodecs = local?.codecs(from: capabilities) ?? capabilities.codecs(for: offered.kind)
        var codecs = commonCodecs(offered, capabilities: ourCodecs)
        if let preferences = local?.codecPreferences {
            // The answerer's order is what the offerer sends with first (RFC 3264 6.1).
            let rank = { (codec: Codec) in preferences.firstIndex { $0.lowercased() == codec.name.lowercased() } ?? preferences.count }
            codecs = codecs.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        }
        guard !codecs.isEmpty else {
            let theirs = Set(offered.codecs.map(\.name)).sorted().joined(separator: ", ")
            let ours = ourCodecs.map(\.codec).filter { !$0.isRTX }.map(\.name).joined(separator: ", ")
            return .failure(Refusal("no codec in common (offered \(theirs.isEmpty ? "none" : theirs); we take \(ours))"))
        }

        var media = MediaDescription(kind: offered.kind, port: 9, proto: offered.proto,
                                     formats: codecs.map { String($0.payloadType) })
        media.mid = offered.mid
        media.codecs = codecs
        // RFC 8285 §6: keep the offerer's ids; answer only extensions we also implement.
        let supported = Set(capabilities.headerExtensions(for: offered.kind).map(\.uri))
        media.headerExtensions = offered.headerExtensions.filter { supported.contains($0.uri) }.map {
            HeaderExtension(id: $0.id, uri: $0.uri, direction: $0.direction?.reversed)
        }
        media.extmapAllowMixed = offered.extmapAllowMixed
        // A remote m-line with no local transceiver gets a new one that only receives (RFC 8829 §5.10).
        let wish = local?.direction ?? .recvonly
        media.direction = wish.intersection(offer.direction(for: offered).reversed)
        media.rtcpMux = offered.rtcpMux
        media.rtcpReducedSize = offered.rtcpReducedSize
        if let track = local?.sendingTrack, media.direction?.sends == true { media.applySendingTrack(track) }
        return .success(media)
    }

    /// Offered codecs we support, in the offerer's order and with its payload types; fmtp keeps the
    /// offered parameters we understand (H.264's are settled by RFC 6184 8.2.2), feedback keeps
    /// what both sides implement.
    /// An RTX format is kept when it repairs a kept codec and we have RTX for that codec.
    static func commonCodecs(_ offered: MediaDescription, capabilities: [CodecCapability]) -> [Codec] {
        let primaries = offered.codecs.filter { codec in !codec.isRTX && capabilities.contains { $0.accepts(codec) } }
        return offered.codecs.compactMap { codec in
            let capability: CodecCapability?
            if codec.isRTX {
                guard let apt = codec.associatedPayloadType, let primary = primaries.first(where: { $0.payloadType == apt }) else {
                    return nil
                }
                capability = capabilities.first { rtx in
                    rtx.codec.isRTX && rtx.accepts(codec)
                        && capabilities.contains { $0.codec.payloadType == rtx.codec.associatedPayloadType && $0.accepts(primary) }
                }
            } else {
                capability = capabilities.first { $0.accepts(codec) }
            }
            guard let capability else { return nil }
            var answer = codec
            answer.parameters = capability.answerParameters(for: codec)
            answer.feedback = offered.effectiveFeedback(for: codec).filter { capability.feedback.contains($0) }
            return answer
        }
    }

    /// RFC 3264 §6: a rejected stream keeps its m-line, with port 0 and the offered formats.
    static func rejection(of offered: MediaDescription) -> MediaDescription {
        var media = MediaDescription(kind: offered.kind, port: 0, proto: offered.proto, formats: offered.formats)
        media.connections = [ConnectionData()]
        media.mid = offered.mid
        media.setStaticCodecs()
        return media
    }
}
