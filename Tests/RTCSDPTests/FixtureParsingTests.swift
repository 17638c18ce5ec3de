import Testing
import RTCBase
@testable import RTCSDP

@Suite struct FixtureParsingTests {
    @Test(arguments: Fixture.allCases)
    func parsesAndRoundTrips(_ fixture: Fixture) throws {
        let description = try fixture.parsed()
        #expect(!description.media.isEmpty)
        let text = description.serialized()
        #expect(text.hasSuffix("\r\n"))
        let again = try SessionDescription(parsing: text)
        #expect(again == description)
        // Serialization is a fixed point after one pass.
        #expect(again.serialized() == text)
    }

    @Test(arguments: Fixture.allCases)
    func parsesWithLineFeedsOnly(_ fixture: Fixture) throws {
        let lf = fixture.text.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(!lf.contains("\r"))
        #expect(try SessionDescription(parsing: lf) == fixture.parsed())
    }

    @Test(arguments: Fixture.allCases)
    func everyLineIsAccountedFor(_ fixture: Fixture) throws {
        // Each a= line of the input comes back in the serialization (order aside), so nothing is
        // dropped. The one rewrite: Chrome's "msid-semantic: WMS" loses its space.
        func lines(_ text: String) -> [String] {
            text.split(separator: "\r\n").map { $0.replacingOccurrences(of: "msid-semantic: ", with: "msid-semantic:") }
                .filter { $0.hasPrefix("a=") }.sorted()
        }
        let original = lines(fixture.text)
        let serialized = lines(try fixture.parsed().serialized())
        #expect(Set(original).subtracting(serialized).isEmpty, "\(Set(original).subtracting(serialized))")
    }

    @Test func chromeOffer() throws {
        let offer = try Fixture.chromeOffer.parsed()
        #expect(offer.origin.username == "-")
        #expect(offer.origin.sessionID == 9_185_723_929_132_175_280)
        #expect(offer.origin.sessionVersion == 2)
        #expect(offer.bundleGroups == [["0", "1"]])
        #expect(offer.extmapAllowMixed)
        #expect(offer.msidSemantic == MSIDSemantic(semantics: "WMS", identifiers: ["9a484925-2937-4e2f-b433-f8a79cfb7b50"]))
        #expect(offer.media.map(\.mid) == ["0", "1"])
        #expect(offer.media.map(\.kind) == [.audio, .video])

        let audio = offer.media[0]
        #expect(audio.port == 49748)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["111", "63", "9", "0", "8", "13", "110", "126"])
        #expect(audio.codecs.map(\.payloadType) == [111, 63, 9, 0, 8, 13, 110, 126])
        let opus = try #require(audio.codec(payloadType: 111))
        #expect(opus.name == "opus" && opus.clockRate == 48000 && opus.channels == 2)
        #expect(opus.parameters == [FormatParameter("minptime", "10"), FormatParameter("useinbandfec", "1")])
        #expect(opus.feedback == ["transport-cc"])
        #expect(audio.codec(payloadType: 63)?.parameters == [FormatParameter("111/111")])
        #expect(audio.headerExtensions.map(\.id) == [1, 2, 3, 4])
        #expect(audio.headerExtension(uri: HeaderExtension.midURI)?.id == 4)
        #expect(audio.candidates.count == 4)
        #expect(audio.candidates.allSatisfy { $0.hasPrefix("candidate:") })
        #expect(audio.iceUfrag == "hfpA" && audio.icePwd == "bJkCuFKtRR+LRGKX3Ll9GwS/")
        #expect(audio.iceOptions == ["trickle"])
        #expect(audio.setup == .actpass)
        #expect(audio.fingerprint?.algorithm == "sha-256")
        #expect(audio.fingerprint?.digest.count == 32)
        #expect(audio.fingerprint?.digest.first == 0x4D)
        #expect(audio.direction == .sendrecv)
        #expect(audio.rtcpMux && audio.rtcpReducedSize)
        #expect(audio.rtcp == RTCPAttribute(port: 9, connection: ConnectionData()))
        #expect(audio.connections == [ConnectionData(address: "192.0.2.2")])
        #expect(audio.msid == MSID(streamID: "9a484925-2937-4e2f-b433-f8a79cfb7b50",
                                   trackID: "298a5620-48a2-4ff8-b407-e20112843e81"))
        #expect(audio.ssrcAttributes.count == 2)
        #expect(audio.ssrcAttributes[0] == SSRCAttribute(ssrc: 2_955_255_398, name: "cname", value: "S89K/q64NhMfSNoB"))
        #expect(audio.attributes == [Attribute("rtcp-xr", "rcvr-rtt=all")])
        #expect(!audio.endOfCandidates)

        let video = offer.media[1]
        #expect(video.codecs.count == 23)
        let vp8 = try #require(video.codec(payloadType: 96))
        #expect(vp8.name == "VP8" && vp8.clockRate == 90000 && vp8.channels == nil)
        #expect(vp8.feedback == ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"])
        #expect(video.codec(payloadType: 97)?.parameters.value(of: "apt") == "96")
        #expect(video.codec(payloadType: 102)?.parameters.value(of: "profile-level-id") == "42001f")
        #expect(video.headerExtensions.count == 11)
        #expect(video.headerExtension(uri: HeaderExtension.midURI)?.id == 4)
        #expect(video.headerExtension(uri: "urn:ietf:params:rtp-hdrext:toffset")?.id == 14)
        #expect(video.ssrcGroups == [SSRCGroup(semantics: "FID", ssrcs: [2_040_214_091, 1_320_654_653])])
        #expect(video.ssrcAttributes.count == 4)
    }

    @Test func chromeOfferWithDataChannel() throws {
        let offer = try Fixture.chromeOfferDataChannel.parsed()
        #expect(offer.bundleGroups == [["0", "1", "2"]])
        #expect(offer.msidSemantic == MSIDSemantic(semantics: "WMS", identifiers: []))
        #expect(offer.media.map(\.kind) == [.audio, .video, .application])
        #expect(offer.media[0].direction == .recvonly)
        #expect(offer.media[0].msids.isEmpty)
        let data = offer.media[2]
        #expect(!data.isRTP)
        #expect(data.proto == "UDP/DTLS/SCTP")
        #expect(data.formats == ["webrtc-datachannel"])
        #expect(data.codecs.isEmpty)
        #expect(data.attributeValues("sctp-port") == ["5000"])
        #expect(data.attributeValues("max-message-size") == ["262144"])
    }

    @Test func chromeAnswer() throws {
        let answer = try Fixture.chromeAnswer.parsed()
        #expect(answer.media.map(\.mid) == ["0", "1"])
        #expect(answer.media.allSatisfy { $0.setup == .active })
        #expect(answer.media.allSatisfy { $0.direction == .sendrecv })
        #expect(answer.media[0].codecs.first?.name == "opus")
        #expect(answer.media[1].codecs.first?.name == "VP8")
    }

    @Test func firefoxOffer() throws {
        let offer = try Fixture.firefoxOffer.parsed()
        #expect(offer.origin.username == "mozilla...THIS_IS_SDPARTA-99.0")
        #expect(offer.origin.address == "0.0.0.0")
        // Firefox keeps the fingerprint and a direction at session level.
        #expect(offer.fingerprint?.algorithm == "sha-256")
        #expect(offer.fingerprint?.digest.first == 0x90)
        #expect(offer.attributes.contains(Attribute("sendrecv")))
        #expect(offer.iceOptions == ["trickle"])
        #expect(offer.bundleGroups == [["0", "1"]])
        #expect(offer.msidSemantic == MSIDSemantic(semantics: "WMS", identifiers: ["*"]))

        let audio = offer.media[0]
        #expect(audio.fingerprints.isEmpty)
        #expect(offer.fingerprint(for: audio) == offer.fingerprint)
        #expect(offer.setup(for: audio) == .actpass)
        #expect(offer.iceCredentials(for: audio)?.ufrag == "6bae6b6c")
        #expect(audio.candidates.count == 8)
        #expect(audio.endOfCandidates)
        #expect(audio.extmapAllowMixed)
        #expect(audio.rtcp == RTCPAttribute(port: 56372, connection: ConnectionData(address: "192.0.2.2")))
        // fmtp and rtcp-fb come before their rtpmap in Firefox's output.
        let opus = try #require(audio.codec(payloadType: 109))
        #expect(opus.parameters.value(of: "stereo") == "1")
        #expect(opus.parameters.value(of: "maxplaybackrate") == "48000")
        #expect(opus.feedback == ["transport-cc"])
        #expect(audio.codec(payloadType: 9)?.channels == 1)
        #expect(audio.codec(payloadType: 101)?.parameters == [FormatParameter("0-15")])
        #expect(audio.headerExtensions.first { $0.id == 2 }?.direction == .recvonly)
        #expect(audio.ssrcAttributes.map(\.name) == ["cname"])

        let video = offer.media[1]
        #expect(video.codec(payloadType: 120)?.name == "VP8")
        #expect(video.codec(payloadType: 120)?.feedback == ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"])
        #expect(video.codec(payloadType: 124)?.parameters.value(of: "apt") == "120")
    }

    @Test func aiortcOffer() throws {
        let offer = try Fixture.aiortcOffer.parsed()
        #expect(offer.origin.sessionID == 4_004_345_588)
        let audio = offer.media[0]
        #expect(audio.fingerprints.map(\.algorithm) == ["sha-256", "sha-384", "sha-512"])
        #expect(audio.fingerprints.map(\.digest.count) == [32, 48, 64])
        #expect(audio.codecs.map(\.name) == ["opus", "G722", "PCMU", "PCMA"])
        #expect(audio.candidates.count == 2)
        #expect(audio.endOfCandidates)
        #expect(!audio.rtcpReducedSize)
        #expect(offer.media[1].codec(payloadType: 97)?.name == "VP8")
    }
}
