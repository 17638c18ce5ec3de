import Testing
import RTCBase
@testable import RTCSDP

@Suite struct AnswerBuilderTests {
    static let transport = TransportParameters(
        iceUfrag: "kaam", icePwd: "0123456789abcdefghijkl",
        fingerprint: CertificateFingerprint(algorithm: "sha-256", digest: Array(0..<32)),
        candidates: ["candidate:1 1 udp 2130706431 192.0.2.9 40000 typ host"], endOfCandidates: true)

    static func track(_ ssrc: UInt32, _ trackID: String, rtx: UInt32? = nil) -> LocalTransceiver.SendingTrack {
        LocalTransceiver.SendingTrack(streamID: "kaamos", trackID: trackID, ssrc: ssrc, cname: "kaamos-cname", rtxSSRC: rtx)
    }

    static let localTransceivers = [
        LocalTransceiver(mid: "0", kind: .audio, direction: .sendrecv, sendingTrack: track(1111, "mic")),
        LocalTransceiver(mid: "1", kind: .video, direction: .sendrecv, sendingTrack: track(2222, "cam", rtx: 2223)),
    ]

    static func answer(_ offer: SessionDescription, transceivers: [LocalTransceiver] = localTransceivers)
        throws -> SessionDescription
    {
        try AnswerBuilder.makeAnswer(to: offer, sessionID: 42, version: 1, transceivers: transceivers,
                                     capabilities: .webRTCDefault, transport: transport)
    }

    /// Checks that hold for every answer we make to a browser offer.
    func checkCommon(_ answer: SessionDescription, offer: SessionDescription) throws {
        #expect(answer.media.count == offer.media.count)
        #expect(answer.media.map(\.mid) == offer.media.map(\.mid))
        #expect(answer.media.map(\.kind) == offer.media.map(\.kind))
        #expect(answer.origin.sessionID == 42 && answer.origin.sessionVersion == 1)
        for media in answer.media where !media.isRejected {
            #expect(media.iceUfrag == "kaam" && media.icePwd == "0123456789abcdefghijkl")
            #expect(media.fingerprint == Self.transport.fingerprint)
            #expect(media.setup == .active)
            #expect(media.rtcpMux)
            #expect(media.formats == media.codecs.map { String($0.payloadType) })
        }
        // The first accepted m-line carries the candidates, the others share its transport.
        let accepted = answer.media.filter { !$0.isRejected }
        #expect(accepted.first?.candidates == Self.transport.candidates)
        #expect(accepted.dropFirst().allSatisfy { $0.candidates.isEmpty })
        #expect(answer.bundleGroups == [accepted.compactMap(\.mid)])
        // Our answer must itself survive our parser.
        #expect(try SessionDescription(parsing: answer.serialized()) == answer)
    }

    @Test(arguments: Fixture.browserOffers)
    func answersEveryOffer(_ fixture: Fixture) throws {
        let offer = try fixture.parsed()
        try checkCommon(try Self.answer(offer), offer: offer)
    }

    @Test func answersChromeOffer() throws {
        let offer = try Fixture.chromeOffer.parsed()
        let answer = try Self.answer(offer)
        try checkCommon(answer, offer: offer)
        #expect(answer.extmapAllowMixed)

        let audio = answer.media[0]
        #expect(audio.port == 9 && audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.direction == .sendrecv)
        #expect(audio.codecs == [Codec(payloadType: 111, name: "opus", clockRate: 48000, channels: 2,
                                       parameters: [FormatParameter("minptime", "10"), FormatParameter("useinbandfec", "1")],
                                       feedback: ["transport-cc"])])
        #expect(audio.headerExtensions == [
            HeaderExtension(id: 1, uri: HeaderExtension.audioLevelURI),
            HeaderExtension(id: 2, uri: HeaderExtension.absSendTimeURI),
            HeaderExtension(id: 3, uri: HeaderExtension.transportWideCCURI),
            HeaderExtension(id: 4, uri: HeaderExtension.midURI),
        ])
        #expect(audio.msid == MSID(streamID: "kaamos", trackID: "mic"))
        #expect(audio.ssrcAttributes == [
            SSRCAttribute(ssrc: 1111, name: "cname", value: "kaamos-cname"),
            SSRCAttribute(ssrc: 1111, name: "msid", value: "kaamos mic"),
        ])
        #expect(audio.rtcpReducedSize)

        let video = answer.media[1]
        // VP8, and of Chrome's six H.264 payload types the one Constrained Baseline with
        // packetization-mode 1 (42001f is Baseline; mode 0 is another format).
        // Each with the RTX format that repairs it (97 for 96, 109 for 108).
        #expect(video.codecs.map(\.payloadType) == [96, 97, 108, 109])
        #expect(video.codecs[1].associatedPayloadType == 96 && video.codecs[3].associatedPayloadType == 108)
        #expect(video.codecs[2].parameters.value(of: "profile-level-id") == "42e01f")
        #expect(video.codecs[2].parameters.value(of: "packetization-mode") == "1")
        #expect(video.codecs[2].parameters.value(of: "level-asymmetry-allowed") == "1")
        // Offerer's order: goog-remb, transport-cc, ccm fir, nack, nack pli.
        #expect(video.codecs[0].feedback == ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"])
        #expect(video.codecs[0].parameters.isEmpty)
        #expect(video.headerExtensions.map(\.id) == [2, 3, 4])
        #expect(video.headerExtension(uri: "urn:ietf:params:rtp-hdrext:toffset") == nil)
        #expect(video.ssrcAttributes.first?.ssrc == 2222)
    }

    @Test func answersChromeDataChannelOfferRejectingApplication() throws {
        let offer = try Fixture.chromeOfferDataChannel.parsed()
        var transceivers = Self.localTransceivers
        transceivers.append(LocalTransceiver(mid: "2", kind: .application))
        let answer = try Self.answer(offer, transceivers: transceivers)
        try checkCommon(answer, offer: offer)
        // Offer audio is recvonly: we may only send.
        #expect(answer.media[0].direction == .sendonly)
        #expect(answer.media[0].msid?.trackID == "mic")
        #expect(answer.media[1].direction == .sendrecv)
        let data = answer.media[2]
        #expect(data.isRejected)
        #expect(data.proto == "UDP/DTLS/SCTP" && data.formats == ["webrtc-datachannel"])
        #expect(data.mid == "2")
        #expect(answer.bundleGroups == [["0", "1"]])
    }

    @Test func answersFirefoxOfferWithSessionLevelFingerprint() throws {
        let offer = try Fixture.firefoxOffer.parsed()
        let answer = try Self.answer(offer)
        try checkCommon(answer, offer: offer)
        let audio = answer.media[0]
        #expect(audio.codecs.count == 1)
        let opus = audio.codecs[0]
        #expect(opus.payloadType == 109)
        // stereo and useinbandfec kept as offered; maxplaybackrate we do not implement.
        #expect(opus.parameters == [FormatParameter("stereo", "1"), FormatParameter("useinbandfec", "1")])
        #expect(opus.feedback == ["transport-cc"])
        // The offered recvonly csrc-audio-level (id 2) is not something we support.
        #expect(audio.headerExtensions.map(\.id) == [1, 3, 7])
        #expect(audio.extmapAllowMixed)
        #expect(audio.direction == .sendrecv)
        let video = answer.media[1]
        // VP8 and its RTX (Firefox without its OpenH264 plugin offers no H.264).
        #expect(video.codecs.map(\.payloadType) == [120, 124])
        #expect(video.codecs[1].associatedPayloadType == 120)
        #expect(video.codecs[0].feedback == ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"])
        #expect(video.headerExtensions.map(\.uri) == [HeaderExtension.midURI, HeaderExtension.absSendTimeURI,
                                                      HeaderExtension.transportWideCCURI])
        #expect(video.headerExtensions.map(\.id) == [3, 4, 7])
    }

    @Test func acceptsFirefoxsBundleOnlyVideoOfAMaxBundleOffer() throws {
        let offer = try Fixture.firefoxOfferMaxBundle.parsed()
        #expect(offer.media[1].port == 0 && offer.media[1].isBundleOnly && !offer.media[1].isRejected)
        let built = try AnswerBuilder.answer(to: offer, sessionID: 42, version: 1, transceivers: Self.localTransceivers,
                                             capabilities: .webRTCDefault, transport: Self.transport)
        let answer = built.description
        try checkCommon(answer, offer: offer)
        // Answered like any bundled m-line: a real port, in the group, no bundle-only of ours.
        #expect(answer.bundleGroups == [["0", "1"]])
        #expect(answer.media.map(\.port) == [9, 9])
        #expect(!answer.media[1].isBundleOnly)
        #expect(answer.media[1].codecs.map(\.name) == ["VP8", "rtx"])
        #expect(answer.media[1].direction == .sendrecv)
        #expect(built.rejections.isEmpty)
        // Opus keeps only parameters we implement, each with a real value (Firefox's own reading of
        // an answer writes maxplaybackrate=0; that is its serializer, not our text).
        let opus = answer.media[0].codecs[0]
        #expect(opus.parameters == [FormatParameter("stereo", "1"), FormatParameter("useinbandfec", "1")])
    }

    @Test func bundleOnlyWithoutABundleGroupIsRejectedAndSaysWhy() throws {
        var offer = try Fixture.firefoxOfferMaxBundle.parsed()
        offer.groups = []
        let built = try AnswerBuilder.answer(to: offer, sessionID: 42, version: 1, transceivers: Self.localTransceivers,
                                             capabilities: .webRTCDefault, transport: Self.transport)
        #expect(!built.description.media[0].isRejected)
        #expect(built.description.media[1].isRejected)
        #expect(built.rejections == [MediaRejection(mid: "1", kind: .video, reason: "bundle-only, but the offer has no BUNDLE group")])
    }

    @Test func everyRejectedMLineComesWithItsReason() throws {
        // A data channel, and a video m-line whose only codec we lack.
        var offer = try Fixture.chromeOfferDataChannel.parsed()
        let video = try #require(offer.media.firstIndex { $0.kind == .video })
        offer.media[video].codecs = offer.media[video].codecs.filter { $0.name == "VP9" || $0.name == "rtx" }
        offer.media[video].formats = offer.media[video].codecs.map { String($0.payloadType) }
        let built = try AnswerBuilder.answer(to: offer, sessionID: 42, version: 1, transceivers: [],
                                             capabilities: .webRTCDefault, transport: Self.transport)
        let reasons = Dictionary(uniqueKeysWithValues: built.rejections.map { ($0.mid, $0.reason) })
        #expect(reasons[offer.media[video].mid!]?.hasPrefix("no codec in common (offered VP9, rtx; we take VP8, H264)") == true,
                "\(built.rejections)")
        let data = try #require(offer.media.first { $0.kind == .application }?.mid)
        #expect(reasons[data] == "application is not supported (audio and video only)")
        #expect(built.rejections.count == built.description.media.filter(\.isRejected).count)
    }

    @Test func answersFirefoxDataChannelOffer() throws {
        let offer = try Fixture.firefoxOfferDataChannel.parsed()
        let answer = try Self.answer(offer, transceivers: [])
        try checkCommon(answer, offer: offer)
        // No local transceivers: new ones only receive (RFC 8829 §5.10).
        #expect(answer.media[0].direction == .inactive)  // offered recvonly
        #expect(answer.media[1].direction == .recvonly)
        #expect(answer.media[1].msids.isEmpty && answer.media[1].ssrcAttributes.isEmpty)
        #expect(answer.media[2].isRejected)
    }

    @Test func answersAiortcOffer() throws {
        let offer = try Fixture.aiortcOffer.parsed()
        let answer = try Self.answer(offer)
        try checkCommon(answer, offer: offer)
        #expect(answer.media[0].codecs.map(\.payloadType) == [96])
        #expect(answer.media[0].codecs[0].name == "opus")
        #expect(answer.media[1].codecs.first?.name == "VP8")
        #expect(!answer.media[0].rtcpReducedSize)
        #expect(!answer.extmapAllowMixed)
    }

    @Test func setupFollowsTheOffer() throws {
        var offer = try Fixture.chromeOffer.parsed()
        offer.media[0].setup = .active
        offer.media[1].setup = .passive
        let answer = try Self.answer(offer)
        #expect(answer.media.map(\.setup) == [.passive, .active])
    }

    @Test func missingSetupMeansActiveAndIceLiteIsDeclared() throws {
        // RFC 4145 §4: an absent setup attribute means active, so we take passive.
        var offer = try Fixture.chromeOffer.parsed()
        offer.media[0].setup = nil
        offer.media[1].setup = nil
        var transport = Self.transport
        transport.iceLite = true
        let answer = try AnswerBuilder.makeAnswer(to: offer, sessionID: 1, version: 1, transceivers: [],
                                                  capabilities: .webRTCDefault, transport: transport)
        #expect(answer.media.map(\.setup) == [.passive, .passive])
        #expect(answer.iceLite)
        #expect(answer.serialized().contains("\r\na=ice-lite\r\n"))
    }

    @Test func extensionDirectionIsReversedAndCodecMatchingIgnoresCase() throws {
        var offer = try Fixture.chromeOffer.parsed()
        offer.media[0].headerExtensions = [HeaderExtension(id: 9, uri: HeaderExtension.midURI, direction: .sendonly),
                                           HeaderExtension(id: 10, uri: "urn:example:unknown")]
        offer.media[0].codecs[0].name = "OPUS"
        offer.media[0].codecs[0].parameters.append(FormatParameter("maxaveragebitrate", "20000"))
        let answer = try Self.answer(offer)
        #expect(answer.media[0].headerExtensions == [HeaderExtension(id: 9, uri: HeaderExtension.midURI, direction: .recvonly)])
        #expect(answer.media[0].codecs.map(\.name) == ["OPUS"])
        #expect(answer.media[0].codecs[0].parameters.value(of: "maxaveragebitrate") == nil)
        #expect(answer.media[0].codecs[0].parameters.value(of: "useinbandfec") == "1")
    }

    @Test func rejectsWithoutCommonCodecOrStoppedTransceiver() throws {
        var offer = try Fixture.chromeOffer.parsed()
        offer.media[1].codecs.removeAll { $0.name == "VP8" || ($0.name == "H264" && $0.parameters.value(of: "profile-level-id") == "42e01f") }
        offer.media[1].formats = offer.media[1].codecs.map { String($0.payloadType) }
        var transceivers = Self.localTransceivers
        transceivers[0].isStopped = true
        let answer = try Self.answer(offer, transceivers: transceivers)
        #expect(answer.media.allSatisfy { $0.isRejected })
        #expect(answer.bundleGroups == [[]])
    }

    @Test func refusesOffersItCannotAnswer() throws {
        let offer = try Fixture.chromeOffer.parsed()
        var noMid = offer
        noMid.media[1].mid = nil
        #expect(throws: SDPError.missingMid(mediaIndex: 1)) { try Self.answer(noMid) }
        var duplicateMid = offer
        duplicateMid.media[1].mid = "0"
        #expect(throws: SDPError.duplicateMid("0")) { try Self.answer(duplicateMid) }
        var noICE = offer
        noICE.media[0].icePwd = nil
        #expect(throws: SDPError.missingICECredentials(mid: "0")) { try Self.answer(noICE) }
        var noFingerprint = try Fixture.firefoxOffer.parsed()
        noFingerprint.fingerprints = []
        #expect(throws: SDPError.missingFingerprint(mid: "0")) { try Self.answer(noFingerprint) }
    }

    @Test func withoutBundleOnlyTheFirstUsableLineIsAccepted() throws {
        var offer = try Fixture.chromeOffer.parsed()
        offer.groups = []
        let answer = try Self.answer(offer)
        #expect(answer.media.map(\.isRejected) == [false, true])
        #expect(answer.groups.isEmpty)
    }
}

@Suite struct AnswerBuilderRegressionTests {
    /// Found by SDPFuzz: a rejected m-line listing static payload type 0 did not round-trip,
    /// because the parser gives PCMU a codec entry and the rejection had none.
    @Test func rejectedLineWithStaticPayloadTypeRoundTrips() throws {
        let offer = try SessionDescription(parsing: """
            v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=fingerprint:sha-256 AB:CD\r\n\
            a=ice-ufrag:u\r\na=ice-pwd:p\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n\
            a=rtpmapo:111 opus/48000/2\r\na=fmtp:111 minptime=10;stereo=1\r\n
            """)
        let answer = try AnswerBuilderTests.answer(offer)
        #expect(answer.media[0].isRejected)
        #expect(try SessionDescription(parsing: answer.serialized()) == answer)
        let stopped = OfferBuilder.makeOffer(
            sessionID: 1, version: 1, transceivers: [LocalTransceiver(mid: "d", kind: .application)],
            capabilities: .webRTCDefault, transport: AnswerBuilderTests.transport)
        #expect(stopped.media[0].isRejected)
        #expect(try SessionDescription(parsing: stopped.serialized()) == stopped)
    }
}
