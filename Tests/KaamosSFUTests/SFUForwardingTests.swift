import KaamosSFU
import RTC
import RTCBase
import RTCSDP
import Testing

@Suite struct SFUForwardingTests {
    static let keyframe: [UInt8] = [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00] + [UInt8](repeating: 0x55, count: 2500)
    static let delta: [UInt8] = [0x31, 0x02, 0x00] + [UInt8](repeating: 0x66, count: 1500)

    /// Every client sends a frame and an audio packet on its own tracks (the first two m-lines).
    func sendMedia(_ network: SFUTestNetwork, frames: Int) throws {
        for index in 0..<frames {
            try network.perform { now in
                for (_, client) in network.clients {
                    client.sendVideo(mid: "1", frame: index == 0 ? Self.keyframe : Self.delta, capturedAt: now, now: now)
                    client.sendAudio(mid: "0", opusPacket: [0xF8, UInt8(index)], capturedAt: now, now: now)
                }
            }
            _ = try network.run(for: .milliseconds(33))
        }
    }

    @Test func twoParticipantsReceiveEachOtherNamedByParticipantID() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice")
        let bob = try network.join("bob")
        #expect(try network.run(for: .seconds(3)) { alice.connectionState == .connected && bob.connectionState == .connected })
        try sendMedia(network, frames: 30)
        _ = try network.run(for: .seconds(1))

        #expect(Set(network.remoteTracks(of: "alice").map(\.streamID)) == ["bob"])
        #expect(Set(network.remoteTracks(of: "bob").map(\.streamID)) == ["alice"])
        #expect(Set(network.remoteTracks(of: "bob").compactMap(\.trackID)) == ["alice-mic", "alice-cam"])
        // Frames arrive whole; the subscriber's first frame is a keyframe (the SFU asked for one).
        let bobFrames = network.frames(of: "bob")
        #expect(bobFrames.count >= 25)
        #expect(bobFrames.first?.isKeyframe == true)
        #expect(network.frames(of: "alice").count >= 25)
        #expect(network.audioPackets(of: "bob").count >= 25)
        #expect(network.sfu.forwardedPackets > 100)
    }

    @Test func aThirdParticipantIsOfferedToTheOthersAndLeavingRemovesItsTracks() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice")
        let bob = try network.join("bob")
        let carol = try network.join("carol")
        #expect(try network.run(for: .seconds(3)) { [alice, bob, carol].allSatisfy { $0.connectionState == .connected } })
        try sendMedia(network, frames: 15)
        _ = try network.run(for: .seconds(1))
        for id in ["alice", "bob", "carol"] {
            let senders = Set(network.frames(of: id).compactMap { frame in
                network.remoteTracks(of: id).first { $0.mid == frame.mid }?.streamID
            })
            #expect(senders == Set(["alice", "bob", "carol"]).subtracting([id]), "\(id) got video from \(senders)")
        }
        try network.leave("carol")
        _ = try network.run(for: .milliseconds(200))
        for id in ["alice", "bob"] {
            let removed = network.events(of: id).compactMap { event -> String? in
                if case let .remoteTrackRemoved(mid) = event { return mid } else { return nil }
            }
            let carolMids = Set(network.remoteTracks(of: id).filter { $0.streamID == "carol" }.map(\.mid))
            #expect(carolMids.count == 2)
            #expect(carolMids.isSubset(of: Set(removed)), "\(id) still has carol's tracks")
        }
        #expect(alice.connectionState == .connected)
    }

    @Test func mutedParticipantIsNotForwarded() throws {
        let network = try SFUTestNetwork()
        let alice = try network.join("alice")
        let bob = try network.join("bob")
        #expect(try network.run(for: .seconds(3)) { alice.connectionState == .connected && bob.connectionState == .connected })
        network.sfu.setForwarding(participantID: "alice", audio: false, video: false, now: network.now)
        try sendMedia(network, frames: 10)
        _ = try network.run(for: .milliseconds(500))
        #expect(network.frames(of: "bob").isEmpty)
        #expect(network.audioPackets(of: "bob").isEmpty)
        #expect(network.frames(of: "alice").count >= 8)
        let stats = try #require(network.sfu.statistics(participantID: "alice", now: network.now))
        #expect(stats.sendingVideo && stats.sendingAudio)
    }

    @Test func badSignalingIsRefusedWithAClearError() throws {
        let network = try SFUTestNetwork()
        #expect(throws: SFUError.self) { _ = try network.sfu.handleOffer(participantID: "ghost", sdp: "v=0", now: network.now) }
        try network.sfu.addParticipant(roomID: "Room000001", participantID: "alice", now: network.now)
        #expect(throws: SFUError.self) { try network.sfu.addParticipant(roomID: "Room000001", participantID: "alice", now: network.now) }
        #expect(throws: SFUError.self) { _ = try network.sfu.handleOffer(participantID: "alice", sdp: "not sdp", now: network.now) }
        #expect(throws: SFUError.self) { try network.sfu.handleAnswer(participantID: "alice", sdp: "v=0", now: network.now) }
        #expect(throws: SFUError.self) {
            try network.sfu.handleCandidate(participantID: "alice", candidate: IceCandidateInit(candidate: "candidate:x"), now: network.now)
        }
        // Garbage datagrams from strangers are dropped.
        network.sfu.handleDatagram(Datagram(source: TransportAddress("10.9.9.9:1")!, destination: network.sfuAddress, payload: [0, 1, 2, 3]), now: network.now)
        #expect(network.sfu.droppedDatagrams == 1)
    }
}
