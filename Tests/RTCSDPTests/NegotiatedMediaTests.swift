import Testing
@testable import RTCSDP

@Suite struct NegotiatedMediaTests {
    @Test func routesChromeOffer() throws {
        let negotiated = NegotiatedMedia(remote: try Fixture.chromeOffer.parsed())
        #expect(negotiated.sections.map(\.mid) == ["0", "1"])
        #expect(negotiated.midExtensionID == 4)
        #expect(negotiated.bundleGroups == [["0", "1"]])
        let audio = try #require(negotiated.section(mid: "0"))
        #expect(audio.kind == .audio && audio.direction == .sendrecv)
        #expect(audio.payloadTypes.first == 111)
        #expect(audio.headerExtensionIDs[HeaderExtension.transportWideCCURI] == 3)
        #expect(audio.remoteSources == [NegotiatedMedia.RemoteSource(
            ssrc: 2_955_255_398, cname: "S89K/q64NhMfSNoB",
            msid: MSID(streamID: "9a484925-2937-4e2f-b433-f8a79cfb7b50", trackID: "298a5620-48a2-4ff8-b407-e20112843e81"))])
        #expect(negotiated.mid(forSSRC: 1_320_654_653) == "1")
        #expect(negotiated.mid(forSSRC: 1) == nil)
        #expect(negotiated.mid(forPayloadType: 96) == "1")
        #expect(negotiated.mid(forPayloadType: 127) == nil)
        #expect(negotiated.section(mid: "1")?.ssrcGroups.first?.semantics == "FID")
        let transport = try #require(negotiated.transport)
        #expect(transport.mid == "0")
        #expect(transport.iceUfrag == "hfpA" && transport.icePwd == "bJkCuFKtRR+LRGKX3Ll9GwS/")
        #expect(!transport.iceLite && transport.iceOptions == ["trickle"])
        #expect(transport.setup == .actpass)
        #expect(transport.fingerprints.first?.digest.first == 0x4D)
        #expect(transport.candidates.count == 4 && !transport.endOfCandidates)
    }

    @Test func transportOfAnAnswerWithRejectedTag() throws {
        var answer = try Fixture.chromeAnswer.parsed()
        answer.media[0].port = 0
        answer.groups = [Group(semantics: "BUNDLE", mids: ["1"])]
        let transport = try #require(NegotiatedMedia(remote: answer).transport)
        #expect(transport.mid == "1")
        #expect(transport.setup == .active)
        #expect(transport.candidates.isEmpty)
        answer.media[1].port = 0
        #expect(NegotiatedMedia(remote: answer).transport == nil)
    }

    /// Answers that Chromium, Firefox and aiortc gave to our offer: what we will route by.
    @Test(arguments: Fixture.answersToKaamos)
    func answersToOurOffer(_ fixture: Fixture) throws {
        let negotiated = NegotiatedMedia(remote: try fixture.parsed())
        #expect(negotiated.sections.map(\.mid) == ["0", "1"])
        #expect(negotiated.sections.allSatisfy { !$0.isRejected && $0.direction == .sendrecv })
        #expect(negotiated.section(mid: "0")?.codecs.map(\.name) == ["opus"])
        #expect(negotiated.section(mid: "0")?.payloadTypes == [111])
        #expect(negotiated.section(mid: "1")?.codecs.map(\.name) == ["VP8"])
        #expect(negotiated.section(mid: "1")?.payloadTypes == [96])
        #expect(negotiated.midExtensionID == 4)
        #expect(negotiated.transport?.setup == .active)
        #expect(negotiated.transport?.mid == "0")
        #expect(negotiated.sections.allSatisfy { $0.remoteSources.count >= 1 && $0.remoteSources.allSatisfy { $0.cname != nil } })
        let video = try #require(negotiated.section(mid: "1"))
        #expect(video.codecs[0].feedback.contains("nack pli"))
        for source in video.remoteSources { #expect(negotiated.mid(forSSRC: source.ssrc) == "1") }
    }

    @Test func firefoxSourcesTakeTheMediaMsid() throws {
        let negotiated = NegotiatedMedia(remote: try Fixture.firefoxOffer.parsed())
        let audio = try #require(negotiated.section(mid: "0"))
        #expect(audio.remoteSources.count == 1)
        #expect(audio.remoteSources[0].cname == "{f537360d-ed24-4c75-b99e-d58fa1899a19}")
        #expect(audio.remoteSources[0].msid?.trackID == "{8bd3c7ab-4f00-43a5-b3e3-22c5527af65f}")
        #expect(negotiated.midExtensionID == 3)
        // The session-level a=sendrecv applies.
        #expect(audio.direction == .sendrecv)
        // Session-level fingerprint, media-level credentials.
        let transport = try #require(negotiated.transport)
        #expect(transport.fingerprints.first?.digest.first == 0x90)
        #expect(transport.iceUfrag == "6bae6b6c")
        #expect(transport.candidates.count == 8 && transport.endOfCandidates)
    }

    @Test func wildcardFeedbackIsFoldedIn() throws {
        let text = """
        v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:v\r\n\
        a=rtpmap:96 VP8/90000\r\na=rtpmap:97 VP9/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:* transport-cc\r\n
        """
        let description = try SessionDescription(parsing: text)
        #expect(description.media[0].feedbackForAllCodecs == ["transport-cc"])
        #expect(description.media[0].codecs[0].feedback == ["nack"])
        let section = try #require(NegotiatedMedia(remote: description).section(mid: "v"))
        #expect(section.codecs[0].feedback == ["nack", "transport-cc"])
        #expect(section.codecs[1].feedback == ["transport-cc"])
        #expect(section.midExtensionID == nil)
    }
}
