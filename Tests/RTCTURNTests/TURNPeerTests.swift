import RTCBase
import Testing
@testable import RTCTURN

/// Permissions, channels and payloads through the relay.
@Suite struct TURNPeerTests {
    static let peer = TransportAddress("198.51.100.20:7000")!

    @Test func sendWithoutPermissionQueuesUntilThePermissionExists() {
        let harness = TURNHarness()
        harness.start()
        #expect(harness.server.relayedToPeers.isEmpty)
        harness.send([1, 2, 3], to: Self.peer)
        #expect(harness.server.requests(.createPermission).count == 1)
        #expect(harness.server.requests(.createPermission).first?.xorPeerAddress == Self.peer)
        #expect(harness.allEvents.contains(.permissionCreated(Self.peer.ip)))
        #expect(harness.server.relayedToPeers.map(\.payload) == [[1, 2, 3]])
        #expect(harness.client.stats.sendIndicationsSent == 1)
        harness.send([4], to: Self.peer)
        #expect(harness.server.relayedToPeers.map(\.payload) == [[1, 2, 3], [4]])
        #expect(harness.server.requests(.createPermission).count == 1)
    }

    @Test func permissionAskedBeforeAllocationWaitsForIt() {
        let harness = TURNHarness()
        harness.client.createPermission(for: Self.peer, now: .zero)
        harness.client.send([7], to: Self.peer, now: .zero)
        harness.start()
        #expect(harness.server.permissions == [Self.peer.ip])
        #expect(harness.server.relayedToPeers.map(\.payload) == [[7]])
    }

    @Test func dataIndicationsFromThePeerBecomeEvents() {
        let harness = TURNHarness()
        harness.start()
        harness.client.createPermission(for: Self.peer, now: harness.now)
        harness.pump()
        harness.peerSends([9, 9, 9], from: Self.peer)
        #expect(harness.receivedPayloads.count == 1)
        #expect(harness.receivedPayloads.first?.peer == Self.peer)
        #expect(harness.receivedPayloads.first?.payload == [9, 9, 9])
    }

    @Test func channelDataRoundTripOverUDPAndStreams() {
        for transport in TURNTransport.allCases {
            let harness = TURNHarness(transport: transport)
            harness.streamChunkSize = 3
            harness.start()
            harness.client.bindChannel(to: Self.peer, now: harness.now)
            harness.pump()
            #expect(harness.allEvents.contains(.channelBound(peer: Self.peer, channel: 0x4000)), "\(transport)")
            #expect(harness.allEvents.contains(.permissionCreated(Self.peer.ip)))
            harness.send([1, 2, 3, 4, 5], to: Self.peer)
            #expect(harness.server.relayedToPeers.map(\.payload) == [[1, 2, 3, 4, 5]])
            #expect(harness.client.stats.channelDataSent == 1)
            #expect(harness.sentBytes.last?.count == (transport.isStream ? 12 : 9))
            harness.peerSends([6, 7], from: Self.peer)
            #expect(harness.receivedPayloads.map(\.payload) == [[6, 7]])
            #expect(harness.receivedPayloads.first?.peer == Self.peer)
        }
    }

    @Test func secondChannelGetsTheNextNumber() {
        let harness = TURNHarness()
        harness.start()
        let other = TransportAddress("198.51.100.21:7001")!
        harness.client.bindChannel(to: Self.peer, now: harness.now)
        harness.client.bindChannel(to: other, now: harness.now)
        harness.client.bindChannel(to: Self.peer, now: harness.now)
        harness.pump()
        #expect(harness.server.channels == [0x4000: Self.peer, 0x4001: other])
        #expect(harness.server.requests(.channelBind).count == 2)
    }

    @Test func permissionsAndChannelsAreRefreshedBeforeTheyExpire() {
        let harness = TURNHarness()
        harness.start()
        harness.client.createPermission(for: Self.peer, now: harness.now)
        let channelPeer = TransportAddress("198.51.100.30:9000")!
        harness.client.bindChannel(to: channelPeer, now: harness.now)
        harness.pump()
        harness.advance(by: .seconds(239))
        #expect(harness.server.requests(.createPermission).count == 1)
        harness.advance(by: .seconds(1))
        // Both IPs' permissions at 240 s (80% of 300): the channel's peer needs one too.
        #expect(harness.server.requests(.createPermission).count == 3)
        #expect(harness.server.requests(.channelBind).count == 1)
        harness.advance(to: .seconds(480))
        #expect(harness.server.requests(.channelBind).count == 2)
        #expect(harness.server.requests(.channelBind).last?.channelNumber == 0x4000)
        harness.advance(to: .seconds(1000))
        #expect(harness.server.requests(.createPermission).count == 9)  // 240, 480, 720, 960 for two IPs
        #expect(harness.server.requests(.channelBind).count == 3)  // 0, 480, 960
        #expect(harness.server.requests(.refresh).count == 2)  // 480, 960
        #expect(harness.failures.isEmpty)
        // No event repeats for a refresh.
        #expect(harness.allEvents.filter { $0 == .permissionCreated(Self.peer.ip) }.count == 1)
        #expect(harness.allEvents.filter { if case .channelBound = $0 { true } else { false } }.count == 1)
    }

    @Test func forbiddenPeerFailsThePermissionButNotTheAllocation() {
        let harness = TURNHarness()
        harness.server.forbiddenPeers = [Self.peer.ip]
        harness.start()
        harness.send([1], to: Self.peer)
        harness.send([2], to: Self.peer)
        #expect(harness.failures.count == 2)
        #expect(harness.failures.first?.step == .permission)
        #expect(harness.failures.first?.reason.contains("will not relay to 198.51.100.20") == true)
        #expect(harness.failures.first?.reason.contains("403") == true)
        #expect(harness.client.state == .allocated)
        #expect(harness.client.stats.payloadsDropped == 2)
        harness.client.bindChannel(to: Self.peer, now: harness.now)
        harness.pump()
        #expect(harness.failures.last?.step == .channel)
        #expect(harness.client.state == .allocated)
    }

    @Test func queueForAPeerIsBounded() {
        let harness = TURNHarness { $0.maxQueuedPayloadsPerPeer = 4 }
        harness.serverReachable = false
        harness.start()
        for index in 0..<10 { harness.client.send([UInt8(index)], to: Self.peer, now: harness.now) }
        #expect(harness.client.stats.payloadsDropped == 6)
    }

    @Test func channelDataOnAnUnknownChannelIsDropped() {
        let harness = TURNHarness()
        harness.start()
        harness.client.handleIncoming(ChannelData(channelNumber: 0x4100, payload: [1]).encoded(padded: false), now: harness.now)
        harness.pump()
        #expect(harness.receivedPayloads.isEmpty)
        #expect(harness.client.stats.malformedReceived == 1)
    }
}
