import Testing
import RTCBase
@testable import RTCSDP

@Suite struct OfferBuilderTests {
    static func offer(_ transceivers: [LocalTransceiver]) -> SessionDescription {
        OfferBuilder.makeOffer(sessionID: 7, version: 3, transceivers: transceivers,
                               capabilities: .webRTCDefault, transport: AnswerBuilderTests.transport)
    }

    @Test func offersAudioAndVideoBundled() throws {
        let offer = Self.offer(AnswerBuilderTests.localTransceivers)
        #expect(offer.origin.sessionID == 7 && offer.origin.sessionVersion == 3)
        #expect(offer.bundleGroups == [["0", "1"]])
        #expect(offer.extmapAllowMixed)
        #expect(offer.msidSemantic?.semantics == "WMS")
        #expect(offer.timing == [Timing(start: 0, stop: 0)])
        let audio = offer.media[0]
        #expect(audio.kind == .audio && audio.port == 9 && audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["111"])
        #expect(audio.codecs[0].parameters == [FormatParameter("minptime", "10"), FormatParameter("useinbandfec", "1")])
        #expect(audio.codecs[0].feedback == ["transport-cc"])
        #expect(audio.setup == .actpass && audio.iceOptions == ["trickle"])
        #expect(audio.rtcpMux && audio.rtcpReducedSize)
        #expect(audio.headerExtensions.map(\.uri).contains(HeaderExtension.audioLevelURI))
        #expect(audio.msid == MSID(streamID: "kaamos", trackID: "mic"))
        #expect(audio.ssrcAttributes.map(\.name) == ["cname", "msid"])
        #expect(audio.candidates.count == 1 && audio.endOfCandidates)
        let video = offer.media[1]
        #expect(video.formats == ["96", "97", "102", "103"])
        #expect(video.codecs[0].feedback == ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"])
        #expect(video.codecs[1].isRTX && video.codecs[1].associatedPayloadType == 96)
        #expect(video.codecs[2].name == "H264")
        #expect(video.codecs[2].parameters.value(of: "profile-level-id") == "42e01f")
        #expect(video.codecs[2].parameters.value(of: "packetization-mode") == "1")
        #expect(video.codecs[3].isRTX && video.codecs[3].associatedPayloadType == 102)
        // The media SSRC and its RTX SSRC, paired (RFC 4588 8.7).
        #expect(video.ssrcGroups.map(\.semantics) == ["FID"])
        #expect(video.ssrcGroups.first?.ssrcs.first == video.ssrcAttributes.first?.ssrc)
        #expect(!video.headerExtensions.map(\.uri).contains(HeaderExtension.audioLevelURI))
        #expect(video.candidates.isEmpty)
        // Same URI, same id across the bundle.
        #expect(video.headerExtension(uri: HeaderExtension.midURI)?.id == audio.headerExtension(uri: HeaderExtension.midURI)?.id)
        #expect(try SessionDescription(parsing: offer.serialized()) == offer)
    }

    /// The exact offer Chromium, Firefox and aiortc accepted in the interop run (Fixtures/capture),
    /// with the H.264 payload type added since.
    @Test func matchesTheOfferBrowsersAccepted() {
        let transport = TransportParameters(
            iceUfrag: "kaam", icePwd: "0123456789abcdefghijkl",
            fingerprint: CertificateFingerprint(algorithm: "sha-256", digest: (0..<32).map { UInt8($0 * 7 & 0xff) }),
            candidates: ["candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host"], endOfCandidates: true)
        let transceivers = [
            LocalTransceiver(mid: "0", kind: .audio, sendingTrack: .init(streamID: "kaamos", trackID: "mic", ssrc: 1111, cname: "kc")),
            LocalTransceiver(mid: "1", kind: .video, sendingTrack: .init(streamID: "kaamos", trackID: "cam", ssrc: 2222, cname: "kc")),
        ]
        let offer = OfferBuilder.makeOffer(sessionID: 12345, version: 1, transceivers: transceivers,
                                           capabilities: .webRTCDefault, transport: transport)
        #expect(offer.serialized() == Fixture.kaamosOffer.text)
    }

    @Test func stoppedTransceiverGoesOutWithPortZero() throws {
        var transceivers = AnswerBuilderTests.localTransceivers
        transceivers[0].isStopped = true
        let offer = Self.offer(transceivers)
        #expect(offer.media[0].isRejected)
        #expect(offer.media[0].mid == "0")
        #expect(offer.bundleGroups == [["1"]])
        #expect(offer.media[1].candidates.count == 1)
        #expect(try SessionDescription(parsing: offer.serialized()) == offer)
    }

    @Test func recvonlyTransceiverHasNoTrackLines() {
        let offer = Self.offer([LocalTransceiver(mid: "a", kind: .video, direction: .recvonly,
                                                 sendingTrack: AnswerBuilderTests.track(5, "x"))])
        #expect(offer.media[0].direction == .recvonly)
        #expect(offer.media[0].msids.isEmpty && offer.media[0].ssrcAttributes.isEmpty)
    }

    /// Our offer answered by our own answerer negotiates the same codecs and extensions.
    @Test func selfNegotiation() throws {
        let offer = try SessionDescription(parsing: Self.offer(AnswerBuilderTests.localTransceivers).serialized())
        let answer = try AnswerBuilderTests.answer(offer, transceivers: [
            LocalTransceiver(mid: "0", kind: .audio, direction: .recvonly),
            LocalTransceiver(mid: "1", kind: .video, direction: .sendrecv, sendingTrack: AnswerBuilderTests.track(9, "v")),
        ])
        #expect(answer.media[0].direction == .recvonly)
        #expect(answer.media[0].codecs == offer.media[0].codecs)
        #expect(answer.media[1].codecs == offer.media[1].codecs)
        #expect(answer.media[0].headerExtensions == offer.media[0].headerExtensions)
        let negotiated = NegotiatedMedia(remote: answer)
        #expect(negotiated.mid(forSSRC: 9) == "1")
    }
}
