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
    mutating func applySendingTrack(_ track: LocalTransceiver.SendingTrack) {
        msids = [MSID(streamID: track.streamID, trackID: track.trackID)]
        ssrcAttributes = [
            SSRCAttribute(ssrc: track.ssrc, name: "cname", value: track.cname),
            SSRCAttribute(ssrc: track.ssrc, name: "msid", value: "\(track.streamID) \(track.trackID)"),
        ]
    }
}
