/// Builds our offers (RFC 8829 §5.2.1): one m-line per transceiver, all in one BUNDLE group,
/// rtcp-mux and rtcp-rsize, setup actpass, trickle ICE, extmap-allow-mixed.
public enum OfferBuilder {
    public static func makeOffer(sessionID: UInt64, version: UInt64, transceivers: [LocalTransceiver],
                                 capabilities: LocalCodecCapabilities,
                                 transport: TransportParameters) -> SessionDescription {
        var offer = SessionDescription(origin: Origin(sessionID: sessionID, sessionVersion: version))
        offer.extmapAllowMixed = true
        offer.msidSemantic = MSIDSemantic(semantics: "WMS", identifiers: [])
        offer.iceLite = transport.iceLite
        var bundled: [String] = []
        for transceiver in transceivers {
            let codecs = transceiver.codecs(from: capabilities).map(\.codec)
            // An m-line needs at least one format (RFC 8866 §5.14); a kind we have no codec for
            // goes out stopped.
            let stopped = transceiver.isStopped || codecs.isEmpty
            var media = MediaDescription(kind: transceiver.kind, port: stopped ? 0 : 9,
                                         formats: codecs.isEmpty ? ["0"] : codecs.map { String($0.payloadType) })
            media.mid = transceiver.mid
            if stopped {
                // RFC 8829 §5.2.2: a stopped transceiver keeps its m-line with port 0.
                media.connections = [ConnectionData()]
                media.direction = .inactive
                if codecs.isEmpty { media.setStaticCodecs() } else { media.codecs = codecs }
                offer.media.append(media)
                continue
            }
            // Candidates go in the first bundled m-line: all m-lines share its transport.
            media.applyTransport(transport, setup: .actpass, includeCandidates: bundled.isEmpty)
            media.headerExtensions = capabilities.headerExtensions(for: transceiver.kind)
            media.direction = transceiver.direction
            media.rtcpMux = true
            media.rtcpReducedSize = true
            media.codecs = codecs
            if let track = transceiver.sendingTrack, transceiver.direction.sends {
                media.applySendingTrack(track)
            }
            bundled.append(transceiver.mid)
            offer.media.append(media)
        }
        offer.groups = [Group(semantics: "BUNDLE", mids: bundled)]
        return offer
    }
}
