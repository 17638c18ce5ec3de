import Testing
@testable import RTCMedia

@Suite struct OpusPacketizerTests {
    @Test func advancesBySamplesAndWraps() {
        var opus = OpusPacketizer(timestamp: UInt32.max - 100)
        let first = opus.packetize(frame: [1, 2])
        let second = opus.packetize(frame: [3])
        let third = opus.packetize(frame: [4], samplesPerChannel: 480)
        #expect(first.payload == [1, 2])
        #expect(first.timestamp == UInt32.max - 100)
        #expect(second.timestamp == 859)  // wraps: max - 100 + 960
        #expect(third.timestamp == 859 + 960)
        #expect(opus.timestamp == 859 + 960 + 480)
    }
}
