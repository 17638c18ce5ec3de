extension MediaDescription {
    /// Writes the lines every accepted WebRTC m-line carries: c= and a=rtcp with the dummy
    /// address of RFC 8829 §5.2.1, our ICE credentials and options, fingerprint and setup.
    mutating func applyTransport(_ transport: TransportParameters, setup: SetupRole, includeCandidates: Bool) {
        connections = [ConnectionData()]
        rtcp = RTCPAttribute()
        iceUfrag = transport.iceUfrag
        icePwd = transport.icePwd
        iceOptions = ["trickle"]
        fingerprints = [transport.fingerprint]
        self.setup = setup
        if includeCandidates {
            candidates = transport.candidates
            endOfCandidates = transport.endOfCandidates
        }
    }

    /// The codecs the parser would find for these formats with no rtpmap lines: the RFC 3551
    /// static payload types. Keeps a built section equal to itself after a round trip.
    mutating func setStaticCodecs() {
        codecs = isRTP ? payloadTypes.compactMap(Codec.staticPayloadType) : []
    }

    /// a=msid and the RFC 5576 ssrc lines (cname, msid) for the track we send.
    /// The track's msid and SSRC lines; with an RTX format among the codecs, also its RTX SSRC,
    /// paired with the media SSRC in an "FID" group (RFC 4588 8.7, RFC 5576 4.2).
    mutating func applySendingTrack(_ track: LocalTransceiver.SendingTrack) {
        msids = [MSID(streamID: track.streamID, trackID: track.trackID)]
        ssrcAttributes = [
            SSRCAttribute(ssrc: track.ssrc, name: "cname", value: track.cname),
            SSRCAttribute(ssrc: track.ssrc, name: "msid", value: "\(track.streamID) \(track.trackID)"),
        ]
        ssrcGroups = []
        if let rtx = track.rtxSSRC, codecs.contains(where: \.isRTX) {
            ssrcGroups = [SSRCGroup(semantics: "FID", ssrcs: [track.ssrc, rtx])]
            ssrcAttributes += [
                SSRCAttribute(ssrc: rtx, name: "cname", value: track.cname),
                SSRCAttribute(ssrc: rtx, name: "msid", value: "\(track.streamID) \(track.trackID)"),
            ]
        }
    }
}
