import RTCBase
import Testing
@testable import RTCTURN
import RTCSTUN

/// Random and mutated input into every TURN parser and into the client: errors, never traps or hangs.
@Suite struct TURNRobustnessTests {
    static let iterations = 100_000

    static func seeds() -> [[UInt8]] {
        let id = STUNTransactionID(high: 3, low: 4)
        let allocateSuccess = STUNMessage(messageClass: .successResponse, method: .allocate, transactionID: id, attributes: [
            TURNAttribute.xorRelayedAddress(TransportAddress("192.0.2.1:5000")!).stunAttribute(transactionID: id),
            TURNAttribute.lifetime(seconds: 600).stunAttribute(transactionID: id), .xorMappedAddress(TransportAddress("[2001:db8::1]:9")!),
        ]).encoded(integrityKey: [1, 2], addFingerprint: true)
        let challenge = STUNMessage(messageClass: .errorResponse, method: .allocate, transactionID: id, attributes: [
            .errorCode(code: 401, reason: "Unauthorized"), TURNAttribute.realm("r").stunAttribute(transactionID: id),
            TURNAttribute.nonce("n").stunAttribute(transactionID: id),
        ]).encoded(integrityKey: nil, addFingerprint: false)
        let dataIndication = STUNMessage(messageClass: .indication, method: .data, transactionID: id, attributes: [
            TURNAttribute.xorPeerAddress(TransportAddress("10.1.2.3:4")!).stunAttribute(transactionID: id),
            TURNAttribute.data([1, 2, 3, 4, 5, 6, 7]).stunAttribute(transactionID: id),
        ]).encoded(integrityKey: nil, addFingerprint: false)
        return [allocateSuccess, challenge, dataIndication, ChannelData(channelNumber: 0x4000, payload: [1, 2, 3]).encoded(padded: true)]
    }

    static func mutated(_ random: inout SeededRandom, iteration: Int) -> [UInt8] {
        let seeds = Self.seeds()
        if iteration % 3 == 0 { return random.bytes(Int(random.next() % 100)) }
        var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
        for _ in 0..<(1 + Int(random.next() % 4)) {
            guard !bytes.isEmpty else { break }
            let index = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 3 {
            case 0: bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
            case 1: bytes[index] = UInt8(truncatingIfNeeded: random.next())
            default: bytes = Array(bytes.prefix(index))
            }
        }
        return bytes
    }

    @Test func parsersSurviveRandomAndMutatedInput() {
        var random = SeededRandom(seed: 0x7055)
        var parsed = 0
        for iteration in 0..<Self.iterations {
            let bytes = Self.mutated(&random, iteration: iteration)
            if let message = try? STUNMessage(bytes: bytes) {
                parsed += 1
                _ = message.turnAttributes
                _ = (message.lifetime, message.xorPeerAddress, message.xorRelayedAddress, message.data, message.realm, message.nonce)
            }
            _ = try? ChannelData(bytes: bytes)
            for attribute in [UInt16(0x000C), 0x000D, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0019, 0x001A, 0x8023] {
                _ = try? TURNAttribute(.unknown(type: attribute, value: Array(bytes.prefix(24))), transactionID: STUNTransactionID(high: 1, low: 1))
            }
        }
        #expect(parsed > 1000)
    }

    @Test func framerSurvivesRandomStreams() {
        var random = SeededRandom(seed: 0xF4A3)
        for iteration in 0..<(Self.iterations / 10) {
            var framer = TURNStreamFramer()
            for _ in 0..<4 {
                framer.append(Self.mutated(&random, iteration: iteration))
                // A frame or an error each time round, so this cannot spin.
                for _ in 0..<64 {
                    guard let frame = try? framer.nextFrame() else { break }
                    _ = frame
                }
            }
        }
    }

    @Test func clientSurvivesRandomInputInEveryState() {
        var random = SeededRandom(seed: 0xC11E)
        for transport in TURNTransport.allCases {
            for round in 0..<200 {
                let harness = TURNHarness(transport: transport)
                harness.start()
                if round % 2 == 0 { harness.client.bindChannel(to: TransportAddress("10.1.2.3:4")!, now: harness.now) }
                harness.pump()
                for iteration in 0..<50 {
                    harness.client.handleIncoming(Self.mutated(&random, iteration: iteration), now: harness.now)
                    harness.pump()
                    harness.advance(by: .milliseconds(Int64(random.next() % 2000)))
                }
                // Whatever happened, the client is in a definite state and says why when it failed.
                if harness.client.state == .failed { #expect(!harness.failures.isEmpty) }
            }
        }
    }
}
