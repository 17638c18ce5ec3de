import Testing
import RTCBase
@testable import RTCSDP

@Suite struct SessionDescriptionParsingTests {
    static let head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    static let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"

    func parse(_ text: String) throws(SDPError) -> SessionDescription { try SessionDescription(parsing: text) }

    @Test func minimalDescription() throws {
        let description = try parse(Self.head)
        #expect(description.origin == Origin(username: "-", sessionID: 1, sessionVersion: 2))
        #expect(description.sessionName == "-")
        #expect(description.timing == [Timing()])
        #expect(description.media.isEmpty)
        #expect(description.serialized() == Self.head)
    }

    /// The example session description of RFC 8866 §5.
    @Test func rfc8866Example() throws {
        let text = """
            v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call to John Smith\r\n\
            i=SDP Offer #1\r\nu=http://www.jdoe.example.com/home.html\r\ne=Jane Doe <jane@jdoe.example.com>\r\n\
            p=+1 617 555-6011\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n\
            m=audio 49180 RTP/AVP 0\r\nm=video 51372 RTP/AVP 99\r\nc=IN IP6 2001:db8::2\r\n\
            a=rtpmap:99 h263-1998/90000\r\n
            """
        let description = try parse(text)
        #expect(description.origin == Origin(username: "jdoe", sessionID: 3_724_394_400, sessionVersion: 3_724_394_405,
                                             address: "198.51.100.1"))
        #expect(description.sessionName == "Call to John Smith")
        #expect(description.otherLines.map(\.type) == ["i", "u", "e", "p"])
        #expect(description.otherLines[2].value == "Jane Doe <jane@jdoe.example.com>")
        #expect(description.connections == [ConnectionData(address: "198.51.100.1")])
        #expect(description.media.map(\.port) == [49170, 49180, 51372])
        #expect(description.media[0].codecs == [Codec(payloadType: 0, name: "PCMU", clockRate: 8000)])
        #expect(description.media[2].connections == [ConnectionData(addressType: "IP6", address: "2001:db8::2")])
        #expect(description.media[2].codecs == [Codec(payloadType: 99, name: "h263-1998", clockRate: 90000)])
        #expect(description.media.allSatisfy { $0.mid == nil && $0.direction == nil })
        // Only the implied rtpmap lines of the static payload type are added.
        let expected = text.replacingOccurrences(of: "RTP/AVP 0\r\n", with: "RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
        #expect(description.serialized() == expected)
    }

    @Test func serializesInFixedOrder() throws {
        var description = SessionDescription(origin: Origin(sessionID: 5, sessionVersion: 6))
        description.attributes = [Attribute("x-custom", "1")]
        description.groups = [Group(semantics: "BUNDLE", mids: ["a"])]
        description.iceLite = true
        var media = MediaDescription(kind: .audio, formats: ["0"])
        media.mid = "a"
        media.direction = .sendonly
        media.codecs = [Codec(payloadType: 0, name: "PCMU", clockRate: 8000)]
        media.attributes = [Attribute("x-last")]
        description.media = [media]
        #expect(description.serialized() == """
            v=0\r\no=- 5 6 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a\r\na=ice-lite\r\na=x-custom:1\r\n\
            m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\na=sendonly\r\na=rtpmap:0 PCMU/8000\r\na=x-last\r\n
            """)
    }

    @Test func toleratesWhatBrowsersWrite() throws {
        let text = Self.head.replacingOccurrences(of: "\r\n", with: "\n") + """
            a=x-session-thing\na=msid-semantic: WMS a\na=msid-semantic:WMS b\n\nb=AS:100\n\
            m=audio 9 UDP/TLS/RTP/SAVPF 111 0\nc=IN IP4 0.0.0.0\nc=IN IP6 ::\nb=TIAS:64000\n\
            a=rtcp:9 IN IP4 0.0.0.0\na=mid: 0 \na=ssrc:1 cname:x\na=unknown-thing:with: colons\n\
            a=rtpmap:111 opus/48000/2\na=fmtp:111  minptime=10; useinbandfec=1\na=fmtp:99 orphan=1\n\
            i=audio stream\n
            """
        let description = try parse(text)
        #expect(description.attributes == [Attribute("x-session-thing"), Attribute("msid-semantic", "WMS b")])
        #expect(description.msidSemantic == MSIDSemantic(semantics: "WMS", identifiers: ["a"]))
        #expect(description.bandwidths == [Bandwidth(type: "AS", value: 100)] && description.media[0].bandwidths == [Bandwidth(type: "TIAS", value: 64000)])
        let media = description.media[0]
        #expect(media.connections.count == 2)
        #expect(media.mid == "0")
        #expect(media.codecs.map(\.name) == ["opus", "PCMU"])
        #expect(media.codecs[0].parameters == [FormatParameter("minptime", "10"), FormatParameter("useinbandfec", "1")])
        #expect(media.attributes == [Attribute("unknown-thing", "with: colons"), Attribute("fmtp", "99 orphan=1")])
        #expect(media.otherLines == [SDPLine(type: "i", value: "audio stream")])
        #expect(try parse(description.serialized()) == description)
    }

    @Test func sessionLevelTransportFallsThrough() throws {
        let text = Self.head + """
            a=ice-ufrag:sess\r\na=ice-pwd:sesspwd\r\na=setup:passive\r\na=ice-options:trickle renomination\r\n\
            a=fingerprint:sha-256 AB:CD\r\n
            """ + Self.audio + "a=ice-ufrag:media\r\na=ice-pwd:mediapwd\r\n"
        let description = try parse(text)
        let media = description.media[0]
        #expect(description.iceCredentials(for: media) == IceCredentials(ufrag: "media", pwd: "mediapwd"))
        var bare = media
        bare.iceUfrag = nil
        bare.icePwd = nil
        #expect(description.iceCredentials(for: bare) == IceCredentials(ufrag: "sess", pwd: "sesspwd"))
        #expect(description.setup(for: media) == .passive)
        #expect(description.iceOptions(for: media) == ["trickle", "renomination"])
        #expect(description.fingerprint(for: media) == CertificateFingerprint(algorithm: "sha-256", digest: [0xAB, 0xCD]))
        #expect(description.direction(for: media) == .sendrecv)
    }

    @Test func portCountAndStaticPayloadTypes() throws {
        let description = try parse(Self.head + "m=video 5000/2 RTP/AVP 31 34 96\r\n")
        let media = description.media[0]
        #expect(media.port == 5000 && media.portCount == 2)
        #expect(media.codecs.map(\.name) == ["H261", "H263"])
        #expect(media.payloadTypes == [31, 34, 96])
        #expect(try parse(description.serialized()) == description)
    }

    static let broken: [(String, SDPError)] = [
        ("", .missingVersion),
        ("o=- 1 1 IN IP4 0.0.0.0\r\n", .missingVersion),
        ("v=1\r\n", .unsupportedVersion(line: 1, text: "v=1")),
        ("v=0\r\ns=-\r\n", .missingOrigin),
        ("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\ns=-\r\n", .badOrigin(line: 2, text: "o=- x 1 IN IP4 0.0.0.0")),
        ("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n", .badOrigin(line: 2, text: "o=- 1 1 IN IP4")),
        ("v=0\r\no=- 18446744073709551616 1 IN IP4 0.0.0.0\r\ns=-\r\n",
         .badOrigin(line: 2, text: "o=- 18446744073709551616 1 IN IP4 0.0.0.0")),
        ("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", .missingSessionName),
        (head + "m=audio 9 RTP/AVP\r\n", .badMediaLine(line: 5, text: "m=audio 9 RTP/AVP")),
        (head + "m=audio x RTP/AVP 0\r\n", .badPort(line: 5, text: "m=audio x RTP/AVP 0")),
        (head + "m=audio 65536 RTP/AVP 0\r\n", .badPort(line: 5, text: "m=audio 65536 RTP/AVP 0")),
        (head + "m=audio -1 RTP/AVP 0\r\n", .badPort(line: 5, text: "m=audio -1 RTP/AVP 0")),
        (head + "m=audio 9/x RTP/AVP 0\r\n", .badPort(line: 5, text: "m=audio 9/x RTP/AVP 0")),
        (head + "m=audio 9 RTP/AVP opus\r\n", .nonNumericPayloadType(line: 5, text: "m=audio 9 RTP/AVP opus")),
        (head + "m=audio 9 RTP/AVP 128\r\n", .nonNumericPayloadType(line: 5, text: "m=audio 9 RTP/AVP 128")),
        (head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:96 opus/48000\r\n",
         .rtpmapForUnknownPayloadType(line: 6, text: "a=rtpmap:96 opus/48000")),
        (head + "m=audio 9 RTP/AVP 96\r\na=rtpmap:96 opus/48000\r\na=rtpmap:96 opus/48000\r\n",
         .duplicatePayloadType(line: 7, text: "a=rtpmap:96 opus/48000")),
        (head + "m=audio 9 RTP/AVP 96\r\na=rtpmap:x opus/48000\r\n", .nonNumericPayloadType(line: 6, text: "a=rtpmap:x opus/48000")),
        (head + "m=audio 9 RTP/AVP 96\r\na=rtpmap:96 opus\r\n",
         .badAttribute(line: 6, text: "a=rtpmap:96 opus", reason: "rtpmap must be name/clock-rate[/channels]")),
        (head + "m=audio 9 RTP/AVP 96\r\na=rtpmap:96 opus/48k\r\n",
         .badAttribute(line: 6, text: "a=rtpmap:96 opus/48k", reason: "rtpmap must be name/clock-rate[/channels]")),
        (head + "m=audio 9 RTP/AVP 96\r\na=rtcp-fb:96\r\n",
         .badAttribute(line: 6, text: "a=rtcp-fb:96", reason: "needs a payload type and a value")),
        (head + "m=audio 9 RTP/AVP 0\r\na=mid:a\r\na=mid:b\r\n", .duplicateAttribute(line: 7, text: "a=mid:b")),
        (head + "m=audio 9 RTP/AVP 0\r\na=mid:\r\n", .badAttribute(line: 6, text: "a=mid:", reason: "empty value")),
        (head + "m=audio 9 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n", .duplicateAttribute(line: 7, text: "a=recvonly")),
        (head + "m=audio 9 RTP/AVP 0\r\na=setup:sometimes\r\n",
         .badAttribute(line: 6, text: "a=setup:sometimes", reason: "setup must be actpass, active, passive or holdconn")),
        (head + "a=fingerprint:sha-256 XY:12\r\n",
         .badAttribute(line: 5, text: "a=fingerprint:sha-256 XY:12", reason: "not a hash name and colon-separated hex pairs")),
        (head + "m=audio 9 RTP/AVP 0\r\na=extmap:0 urn:x\r\n",
         .badAttribute(line: 6, text: "a=extmap:0 urn:x", reason: "extmap must be id[/direction] uri with id 1-255")),
        (head + "m=audio 9 RTP/AVP 0\r\na=extmap:1/sideways urn:x\r\n",
         .badAttribute(line: 6, text: "a=extmap:1/sideways urn:x", reason: "extmap must be id[/direction] uri with id 1-255")),
        (head + "m=audio 9 RTP/AVP 0\r\na=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n",
         .duplicateAttribute(line: 7, text: "a=extmap:1 urn:y")),
        (head + "m=audio 9 RTP/AVP 0\r\na=ssrc:4294967296 cname:x\r\n",
         .badAttribute(line: 6, text: "a=ssrc:4294967296 cname:x", reason: "ssrc must be a 32-bit number and an attribute")),
        (head + "m=audio 9 RTP/AVP 0\r\na=ssrc:1\r\n",
         .badAttribute(line: 6, text: "a=ssrc:1", reason: "ssrc must be a 32-bit number and an attribute")),
        (head + "m=audio 9 RTP/AVP 0\r\na=ssrc-group:FID 1 x\r\n",
         .badAttribute(line: 6, text: "a=ssrc-group:FID 1 x", reason: "ssrc-group must be semantics and 32-bit numbers")),
        (head + "m=audio 9 RTP/AVP 0\r\na=msid:a b c\r\n",
         .badAttribute(line: 6, text: "a=msid:a b c", reason: "msid must be stream-id [track-id]")),
        (head + "m=audio 9 RTP/AVP 0\r\na=rtcp:9 IN IP4\r\n",
         .badAttribute(line: 6, text: "a=rtcp:9 IN IP4", reason: "rtcp must be port [nettype addrtype address]")),
        (head + "a=:value\r\n", .badAttribute(line: 5, text: "a=:value", reason: "empty name")),
        (head + "c=IN IP4\r\n", .badConnection(line: 5, text: "c=IN IP4")),
        (head + "b=AS\r\n", .badBandwidth(line: 5, text: "b=AS")),
        (head + "b=AS:-3\r\n", .badBandwidth(line: 5, text: "b=AS:-3")),
        ("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=now\r\n", .badTiming(line: 4, text: "t=now")),
        (head + "m=audio 9 RTP/AVP 0\r\nt=0 0\r\n", .unexpectedLine(line: 6, text: "t=0 0")),
        (head + "v=0\r\n", .unexpectedLine(line: 5, text: "v=0")),
        (head + "just text\r\n", .malformedLine(line: 5, text: "just text")),
        (head + "A=upper\r\n", .malformedLine(line: 5, text: "A=upper")),
        (head + "y=why\r\n", .unknownLineType(line: 5, text: "y=why")),
        (head + "a=x\0y\r\n", .invalidCharacter(line: 5)),
        (head + "a=x\ry\r\n", .invalidCharacter(line: 5)),
    ]

    @Test(arguments: 0..<broken.count)
    func rejectsBrokenInput(_ index: Int) {
        let (text, expected) = Self.broken[index]
        #expect(throws: expected) { try parse(text) }
        // One clear sentence that names the line.
        if case let .badAttribute(line, _, _) = expected {
            #expect(expected.description.hasPrefix("Line \(line) "))
        }
        #expect(expected.description.hasSuffix("."))
    }

    @Test func enforcesLimits() {
        let big = Self.head + String(repeating: "a=x-padding:0123456789012345678901234567890123456789\r\n", count: 5000)
        #expect(throws: SDPError.tooLarge(byteCount: big.utf8.count)) { try parse(big) }
        let longLine = Self.head + "a=x:" + String(repeating: "y", count: 8 * 1024) + "\r\n"
        #expect(throws: SDPError.lineTooLong(line: 5)) { try parse(longLine) }
        let atLimit = Self.head + "a=x:" + String(repeating: "y", count: 8 * 1024 - 4) + "\r\n"
        #expect(throws: Never.self) { try parse(atLimit) }
        let sixtyFour = Self.head + String(repeating: "m=audio 9 RTP/AVP 0\r\n", count: 64)
        #expect(throws: Never.self) { try parse(sixtyFour) }
        #expect(throws: SDPError.tooManyMediaSections(line: 69)) { try parse(sixtyFour + "m=audio 9 RTP/AVP 0\r\n") }
    }

    @Test func longErrorLinesAreCut() {
        let text = Self.head + "c=" + String(repeating: "z", count: 500) + "\r\n"
        guard case let .badConnection(_, excerpt)? = captureError(text) else {
            Issue.record("expected badConnection")
            return
        }
        #expect(excerpt.count == 83)
    }

    func captureError(_ text: String) -> SDPError? {
        do { _ = try parse(text); return nil } catch { return error }
    }
}
