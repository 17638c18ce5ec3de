import RTCBase
import RTCSDP
import Testing
@testable import RTC

/// Two of our peer connections negotiate, connect and exchange media on a virtual clock.
@Suite struct PeerConnectionCallTests {
    static let vp8Keyframe: [UInt8] = [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00] + [UInt8](repeating: 0x55, count: 3000)
    static let vp8DeltaFrame: [UInt8] = [0x31, 0x02, 0x00] + [UInt8](repeating: 0x66, count: 2500)

    struct Call {
        var network = PeerNetwork()
        let offerer: PeerConnection
        let answerer: PeerConnection
        var offererAudioMid = ""
        var offererVideoMid = ""
        var answererAudioMid = ""
        var answererVideoMid = ""

        init(seed: UInt64, answererCapabilities: LocalCodecCapabilities = .kaamos) throws {
            var configuration = PeerConnectionConfiguration()
            configuration.seed = seed
            offerer = try PeerConnection(configuration: configuration)
            configuration.seed = seed + 1
            configuration.capabilities = answererCapabilities
            answerer = try PeerConnection(configuration: configuration)
            network.add(offerer, address: TransportAddress("10.0.0.1:5000")!)
            network.add(answerer, address: TransportAddress("10.0.0.2:6000")!)
        }

        mutating func negotiate() throws {
            offererAudioMid = offerer.addTrack(kind: .audio, streamID: "alice", trackID: "mic")
            offererVideoMid = offerer.addTrack(kind: .video, streamID: "alice", trackID: "cam")
            let now = network.now
            let offer = try offerer.createOffer(now: now)
            // Through text, as signaling would carry it.
            try answerer.setRemoteDescription(sdp: offer.serialized(), isOffer: true, now: now)
            answererAudioMid = answerer.addTrack(kind: .audio, streamID: "bob", trackID: "mic")
            answererVideoMid = answerer.addTrack(kind: .video, streamID: "bob", trackID: "cam")
            let answer = try answerer.createAnswer(now: now)
            try offerer.setRemoteDescription(sdp: answer.serialized(), isOffer: false, now: now)
            network.drain()
        }

        func events(of peer: Int) -> [PeerConnectionEvent] { network.peers[peer].events }
    }

    @Test func connectsAndNamesRemoteTracks() throws {
        var call = try Call(seed: 1)
        try call.negotiate()
        let start = call.network.now
        let connected = call.network.run(for: .seconds(5)) {
            call.offerer.connectionState == .connected && call.answerer.connectionState == .connected
        }
        #expect(connected)
        #expect(call.network.now - start < .milliseconds(200))
        #expect(call.answererAudioMid == call.offererAudioMid)
        let tracks = call.events(of: 1).compactMap { event -> RemoteTrack? in
            if case let .remoteTrackAdded(track) = event { return track } else { return nil }
        }
        #expect(Set(tracks.map(\.trackID)) == ["mic", "cam"])
        #expect(tracks.allSatisfy { $0.streamID == "alice" })
        #expect(call.offerer.stats().srtpProfile != nil)
    }

    @Test func carriesAudioAndVideoBothWays() throws {
        var call = try Call(seed: 2)
        try call.negotiate()
        call.network.run(for: .seconds(5)) { call.offerer.connectionState == .connected && call.answerer.connectionState == .connected }
        for frame in 0..<30 {
            let (offerer, answerer, mids) = (call.offerer, call.answerer, call)
            call.network.perform { now in
                let data = frame == 0 ? Self.vp8Keyframe : Self.vp8DeltaFrame
                #expect(offerer.sendVideo(mid: mids.offererVideoMid, frame: data, capturedAt: now, now: now))
                #expect(answerer.sendVideo(mid: mids.answererVideoMid, frame: data, capturedAt: now, now: now))
                offerer.sendAudio(mid: mids.offererAudioMid, opusPacket: [0xF8, 1, 2, 3], capturedAt: now, now: now)
                answerer.sendAudio(mid: mids.answererAudioMid, opusPacket: [0xF8, 4, 5, 6], capturedAt: now, now: now)
            }
            call.network.run(for: .milliseconds(33))
        }
        call.network.run(for: .seconds(2))
        for peer in 0..<2 {
            let frames = call.events(of: peer).compactMap { event -> ReceivedVideoFrame? in
                if case let .videoFrame(frame) = event { return frame } else { return nil }
            }
            let audio = call.events(of: peer).filter { if case .audioPacket = $0 { true } else { false } }
            #expect(frames.count == 30)
            #expect(frames.first?.isKeyframe == true)
            #expect(frames.first?.data == Self.vp8Keyframe)
            #expect(frames.dropFirst().allSatisfy { $0.data == Self.vp8DeltaFrame })
            #expect(audio.count == 30)
        }
        let stats = call.offerer.stats()
        #expect(stats.inbound.count == 2)
        #expect(stats.outbound.allSatisfy { $0.packetsSent > 0 })
        // Reports flowed: both sides know the round trip from RTCP (10 ms of network delay).
        let rtt = try #require(stats.outbound.compactMap(\.roundTripTime).first)
        #expect(rtt >= .milliseconds(9) && rtt <= .milliseconds(12))
    }

    @Test func candidatesThatArriveBeforeTheOfferAreKeptAndUsed() throws {
        let call = try Call(seed: 5)
        _ = call.offerer.addTrack(kind: .audio, streamID: "alice", trackID: "mic")
        let now = call.network.now
        let offer = try call.offerer.createOffer(now: now).serialized()
        // Trickle as a server that relays candidates ahead of the offer would: the candidates
        // first, then the offer without them.
        let lines = offer.split(separator: "\r\n", omittingEmptySubsequences: false)
        let candidates = lines.filter { $0.hasPrefix("a=candidate:") }.map { String($0.dropFirst(2)) }
        try #require(!candidates.isEmpty, "the offer carries host candidates")
        for candidate in candidates {
            try call.answerer.addRemoteCandidate(IceCandidateInit(candidate: candidate, sdpMid: "0", sdpMLineIndex: 0), now: now)
        }
        let withoutCandidates = lines.filter { !$0.hasPrefix("a=candidate:") }.joined(separator: "\r\n")
        try call.answerer.setRemoteDescription(sdp: withoutCandidates, isOffer: true, now: now)
        _ = call.answerer.addTrack(kind: .audio, streamID: "bob", trackID: "mic")
        // The answer goes without candidates: only the answerer's checks, to the candidates it got
        // early, can make the connection.
        let answer = try call.answerer.createAnswer(now: now).serialized()
            .split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("a=candidate:") }
            .joined(separator: "\r\n")
        try call.offerer.setRemoteDescription(sdp: answer, isOffer: false, now: now)
        call.network.drain()
        #expect(call.network.run(for: .seconds(5)) {
            call.offerer.connectionState == .connected && call.answerer.connectionState == .connected
        }, "the candidates given before the offer were dropped")
    }

    @Test func nackRecoversVideoUnderLoss() throws {
        var call = try Call(seed: 3)
        try call.negotiate()
        call.network.run(for: .seconds(5)) { call.offerer.connectionState == .connected && call.answerer.connectionState == .connected }
        call.network.mediaLoss = 0.05
        for frame in 0..<60 {
            let (offerer, mid) = (call.offerer, call.offererVideoMid)
            call.network.perform { now in
                offerer.sendVideo(mid: mid, frame: frame % 30 == 0 ? Self.vp8Keyframe : Self.vp8DeltaFrame, capturedAt: now, now: now)
            }
            call.network.run(for: .milliseconds(33))
        }
        call.network.mediaLoss = 0
        call.network.run(for: .seconds(2))
        let frames = call.events(of: 1).filter { if case .videoFrame = $0 { true } else { false } }
        // About 6 of some 120 media packets are lost at 5%; the receiver asked for them again.
        #expect(call.network.dropped >= 3)
        #expect((call.answerer.stats().inbound.first { $0.kind == .video }?.nackCount ?? 0) > 0)
        #expect(frames.count >= 58, "NACK should recover lost packets; got \(frames.count) of 60 frames")
        #expect(call.offerer.stats().outbound.first { $0.kind == .video }!.retransmittedPacketsSent > 0)
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func survivesLossAndReorderingWithEveryFrameIntact(seed: UInt64) throws {
        var call = try Call(seed: seed)
        call.network.random = SeededRandom(seed: seed)
        call.network.loss = 0.03
        call.network.jitter = .milliseconds(15)
        try call.negotiate()
        #expect(call.network.run(for: .seconds(10)) { call.offerer.connectionState == .connected && call.answerer.connectionState == .connected })
        var sent: [[UInt8]] = []
        for frame in 0..<90 {
            var data = frame % 30 == 0 ? Self.vp8Keyframe : Self.vp8DeltaFrame
            data[data.count - 1] = UInt8(frame)
            sent.append(data)
            let (offerer, mid) = (call.offerer, call.offererVideoMid)
            call.network.perform { now in offerer.sendVideo(mid: mid, frame: data, capturedAt: now, now: now) }
            call.network.run(for: .milliseconds(33))
        }
        call.network.loss = 0
        call.network.run(for: .seconds(2))
        let received = call.events(of: 1).compactMap { event -> [UInt8]? in
            if case let .videoFrame(frame) = event { return frame.data } else { return nil }
        }
        // Whatever arrives is intact and in order; NACK brings back nearly everything.
        #expect(received.count >= 85, "got \(received.count) of 90")
        var cursor = sent.startIndex
        for frame in received {
            guard let match = sent[cursor...].firstIndex(of: frame) else {
                Issue.record("a frame arrived corrupted or out of order")
                break
            }
            cursor = match + 1
        }
        // Repairs went out on the RTX stream and came back as the packets they repair.
        let sender = call.offerer.stats().outbound.first { $0.kind == .video }
        #expect((sender?.retransmittedPacketsSentAsRTX ?? 0) > 0)
        #expect(sender?.retransmittedPacketsSentAsRTX == Int(sender?.retransmittedPacketsSent ?? -1))
        #expect(call.answerer.stats().rtxPacketsReceived > 0)
        #expect(call.answerer.stats().inbound.filter { $0.kind == .video }.count == 1, "the RTX stream is no track of its own")
    }

    /// A peer that negotiates no RTX (an older server) still gets its NACKs answered, with the
    /// original packets on the media stream.
    @Test func withoutRTXRetransmissionsGoOutOnTheMediaStream() throws {
        var call = try Call(seed: 7, answererCapabilities: LocalCodecCapabilities.kaamos.removingRTX())
        call.network.random = SeededRandom(seed: 7)
        call.network.loss = 0.05
        try call.negotiate()
        #expect(call.network.run(for: .seconds(10)) { call.offerer.connectionState == .connected && call.answerer.connectionState == .connected })
        for frame in 0..<60 {
            let (offerer, mid) = (call.offerer, call.offererVideoMid)
            call.network.perform { now in offerer.sendVideo(mid: mid, frame: frame % 30 == 0 ? Self.vp8Keyframe : Self.vp8DeltaFrame, capturedAt: now, now: now) }
            call.network.run(for: .milliseconds(33))
        }
        call.network.loss = 0
        call.network.run(for: .seconds(2))
        let sender = call.offerer.stats().outbound.first { $0.kind == .video }
        #expect((sender?.retransmittedPacketsSent ?? 0) > 0)
        #expect(sender?.retransmittedPacketsSentAsRTX == 0)
        #expect(call.answerer.stats().rtxPacketsReceived == 0)
        let frames = call.events(of: 1).filter { if case .videoFrame = $0 { true } else { false } }.count
        #expect(frames >= 57, "got \(frames) of 60")
    }
}
