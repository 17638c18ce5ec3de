/// Builds our answer to a remote offer (RFC 8829 §5.3.1, RFC 3264 §6): one m-line per offered
/// m-line, in order, each accepted with what both sides support or rejected with port 0.
public enum AnswerBuilder {
    public static func makeAnswer(to offer: SessionDescription, sessionID: UInt64, version: UInt64,
                                  transceivers: [LocalTransceiver], capabilities: LocalCodecCapabilities,
                                  transport: TransportParameters) throws(SDPError) -> SessionDescription {
        try validate(offer)
        var answer = SessionDescription(origin: Origin(sessionID: sessionID, sessionVersion: version))
        answer.msidSemantic = MSIDSemantic(semantics: "WMS", identifiers: [])
        answer.extmapAllowMixed = offer.extmapAllowMixed
        answer.iceLite = transport.iceLite

        // We run one transport, so we can accept only what the offer bundles onto one; without an
        // offered BUNDLE group (an answer may not add one, RFC 8843) only the first usable m-line.
        let offeredBundle = offer.bundleGroups.first.map(Set.init)
        var accepted: [String] = []
        for offered in offer.media {
            let mid = offered.mid ?? ""
            let local = transceivers.first { $0.mid == mid }
            let bundleAllows = offeredBundle.map { $0.contains(mid) } ?? accepted.isEmpty
            if bundleAllows, !offered.isRejected,
               var media = negotiate(offered, in: offer, local: local, capabilities: capabilities) {
                media.applyTransport(transport, setup: (offer.setup(for: offered) ?? .active).answer,
                                     includeCandidates: accepted.isEmpty)
                accepted.append(mid)
                answer.media.append(media)
            } else {
                answer.media.append(rejection(of: offered))
            }
        }
        if offeredBundle != nil { answer.groups = [Group(semantics: "BUNDLE", mids: accepted)] }
        return answer
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

    /// The accepted m-line without transport attributes, or nil when we must reject it.
    static func negotiate(_ offered: MediaDescription, in offer: SessionDescription, local: LocalTransceiver?,
                          capabilities: LocalCodecCapabilities) -> MediaDescription? {
        guard offered.kind == .audio || offered.kind == .video, offered.isRTP else { return nil }
        if let local, local.isStopped || local.kind != offered.kind { return nil }
        let codecs = commonCodecs(offered, capabilities: capabilities.codecs(for: offered.kind))
        guard !codecs.isEmpty else { return nil }

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
        return media
    }

    /// Offered codecs we support, in the offerer's order and with its payload types; fmtp keeps the
    /// offered parameters we understand, feedback keeps what both sides implement.
    static func commonCodecs(_ offered: MediaDescription, capabilities: [CodecCapability]) -> [Codec] {
        offered.codecs.compactMap { codec in
            guard let capability = capabilities.first(where: { $0.codec.matches(codec) }) else { return nil }
            var answer = codec
            answer.parameters = codec.parameters.filter { capability.supportsParameter($0.name) }
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
