import RTCBase
import RTCSDP
import Testing
@testable import RTC

/// Tracks added and removed on a live connection, the way the SFU renegotiates: new m-lines come and
/// go while ICE and DTLS stay as they are.
@Suite struct RenegotiationTests {
    @Test func answererAddsAndRemovesATrackWithoutRestartingTransport() throws {
        var call = try PeerConnectionCallTests.Call(seed: 11)
        try call.negotiate()
        #expect(call.network.run(for: .seconds(5)) { call.offerer.connectionState == .connected && call.answerer.connectionState == .connected })
        let pairBefore = call.offerer.stats().selectedRemote
        let dtlsBefore = call.offerer.dtls.map(ObjectIdentifier.init)

        // The answerer (like an SFU) starts sending a second video track and offers it.
        let newMid = call.answerer.addTrack(kind: .video, streamID: "carol", trackID: "cam")
        let now = call.network.now
        let offer = try call.answerer.createOffer(now: now)
        #expect(offer.media.count == 3)
        try call.offerer.setRemoteDescription(sdp: offer.serialized(), isOffer: true, now: now)
        let answer = try call.offerer.createAnswer(now: now)
        // The offerer was the DTLS server (it offered actpass, the answer said active): it stays passive.
        #expect(answer.media.filter { !$0.isRejected }.allSatisfy { $0.setup == .passive })
        try call.answerer.setRemoteDescription(sdp: answer.serialized(), isOffer: false, now: now)
        call.network.drain()

        let added = call.events(of: 0).compactMap { event -> RemoteTrack? in
            if case let .remoteTrackAdded(track) = event { return track } else { return nil }
        }
        #expect(added.contains { $0.mid == newMid && $0.streamID == "carol" && $0.kind == .video })

        // Media on the new m-line arrives, over the same ICE pair and DTLS association.
        for index in 0..<10 {
            let (answerer, mid) = (call.answerer, newMid)
            call.network.perform { now in
                let frame = index == 0 ? PeerConnectionCallTests.vp8Keyframe : PeerConnectionCallTests.vp8DeltaFrame
                #expect(answerer.sendVideo(mid: mid, frame: frame, capturedAt: now, now: now))
            }
            call.network.run(for: .milliseconds(33))
        }
        let framesOnNewMid = call.events(of: 0).filter {
            if case let .videoFrame(frame) = $0 { frame.mid == newMid } else { false }
        }
        #expect(framesOnNewMid.count == 10)
        #expect(call.offerer.stats().selectedRemote == pairBefore)
        #expect(call.offerer.dtls.map(ObjectIdentifier.init) == dtlsBefore)
        #expect(call.offerer.connectionState == .connected)

        // The track goes away: the next offer makes the m-line recvonly and the track ends remotely.
        try call.answerer.removeTrack(mid: newMid)
        let later = call.network.now
        let second = try call.answerer.createOffer(now: later)
        try call.offerer.setRemoteDescription(sdp: second.serialized(), isOffer: true, now: later)
        try call.answerer.setRemoteDescription(sdp: try call.offerer.createAnswer(now: later).serialized(), isOffer: false, now: later)
        call.network.drain()
        let removed = call.events(of: 0).contains {
            if case let .remoteTrackRemoved(mid) = $0 { mid == newMid } else { false }
        }
        #expect(removed)
        #expect(call.answerer.sendVideo(mid: newMid, frame: PeerConnectionCallTests.vp8DeltaFrame, capturedAt: later, now: later) == false)
        #expect(call.offerer.connectionState == .connected)
    }

    @Test func anOfferWhileOurOfferWaitsIsRefused() throws {
        var call = try PeerConnectionCallTests.Call(seed: 12)
        call.offerer.addTrack(kind: .audio, streamID: "a", trackID: "a")
        call.answerer.addTrack(kind: .audio, streamID: "b", trackID: "b")
        let now = call.network.now
        _ = try call.offerer.createOffer(now: now)
        let glare = try call.answerer.createOffer(now: now)
        #expect(throws: PeerConnectionError.self) {
            try call.offerer.setRemoteDescription(glare, isOffer: true, now: now)
        }
        call.network.drain()
    }

    @Test func malformedRemoteDescriptionsAreRefusedWithoutHarm() throws {
        let connection = try PeerConnection()
        let now = Instant.zero
        for text in ["", "v=0", "garbage\r\nm=audio x", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"] {
            #expect(throws: PeerConnectionError.self) { try connection.setRemoteDescription(sdp: text, isOffer: true, now: now) }
        }
        #expect(throws: PeerConnectionError.self) { try connection.createAnswer(now: now) }
        #expect(throws: PeerConnectionError.self) {
            try connection.addRemoteCandidate(IceCandidateInit(candidate: "candidate:garbage"), now: now)
        }
        // An mDNS candidate is fine (ignored), and so is end of candidates.
        try connection.addRemoteCandidate(IceCandidateInit(candidate: "candidate:1 1 udp 2122260223 3f1c-aa.local 54321 typ host"), now: now)
        try connection.addRemoteCandidate(IceCandidateInit(candidate: ""), now: now)
    }
}

/// Later offers keep the payload types and extension ids the remote side chose.
@Suite struct CodecNumberingTests {
    @Test func reOffersUseTheRemoteNumbering() throws {
        // An aiortc-like numbering: Opus 96, VP8 97, MID as extension 1.
        let remoteOffer = """
        v=0\r
        o=- 1 1 IN IP4 0.0.0.0\r
        s=-\r
        t=0 0\r
        a=group:BUNDLE 0 1\r
        m=audio 9 UDP/TLS/RTP/SAVPF 96\r
        c=IN IP4 0.0.0.0\r
        a=mid:0\r
        a=sendrecv\r
        a=rtcp-mux\r
        a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r
        a=rtpmap:96 opus/48000/2\r
        a=ice-ufrag:abcd\r
        a=ice-pwd:abcdefghijklmnopqrstuvwx\r
        a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\r
        a=setup:actpass\r
        m=video 9 UDP/TLS/RTP/SAVPF 97\r
        c=IN IP4 0.0.0.0\r
        a=mid:1\r
        a=sendrecv\r
        a=rtcp-mux\r
        a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r
        a=rtpmap:97 VP8/90000\r
        a=rtcp-fb:97 nack\r
        a=ice-ufrag:abcd\r
        a=ice-pwd:abcdefghijklmnopqrstuvwx\r
        a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\r
        a=setup:actpass\r

        """
        let connection = try PeerConnection()
        try connection.setRemoteDescription(sdp: remoteOffer, isOffer: true, now: .zero)
        _ = try connection.createAnswer(now: .zero)
        connection.addTrack(kind: .video, streamID: "p2", trackID: "cam")
        let offer = try connection.createOffer(now: .zero)
        #expect(offer.media.count == 3)
        let added = offer.media[2]
        #expect(added.codecs.first?.name == "VP8")
        #expect(added.codecs.first?.payloadType == 97)
        #expect(added.codecs.allSatisfy { $0.payloadType != 96 })
        #expect(added.headerExtension(uri: HeaderExtension.midURI)?.id == 1)
        let ids = added.headerExtensions.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}
