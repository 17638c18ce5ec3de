import RTCBase
import Testing
@testable import RTCSTUN

/// At least 100,000 random and mutated inputs through the STUN parser: it may throw, never trap or hang.
@Suite struct STUNParserRobustnessTests {
    static let iterations = 100_000

    @Test func stunParserSurvivesRandomAndMutatedInput() {
        var random = SeededRandom(seed: 0x5747)
        let seeds = [STUNMessageTests.sampleRequest, STUNMessageTests.sampleIPv4Response,
                     STUNMessageTests.sampleIPv6Response, STUNMessageTests.sampleLongTermRequest]
        var parsed = 0
        for iteration in 0..<Self.iterations {
            var bytes: [UInt8]
            switch iteration % 4 {
            case 0:
                bytes = random.bytes(Int(random.next() % 120))
            case 1:
                // A valid header over random attribute soup, so the attribute walker gets exercised.
                let body = random.bytes(4 * Int(random.next() % 24))
                bytes = [0x00, 0x01, UInt8(body.count >> 8), UInt8(body.count & 0xFF), 0x21, 0x12, 0xA4, 0x42] + random.bytes(12) + body
            default:
                bytes = seeds[Int(random.next() % UInt64(seeds.count))]
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    guard !bytes.isEmpty else { break }
                    let index = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 3 {
                    case 0: bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                    case 1: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                    default: bytes = Array(bytes.prefix(index))
                    }
                }
            }
            if let message = try? STUNMessage(bytes: bytes) {
                parsed += 1
                _ = message.validatesIntegrity(key: [1, 2, 3])
                _ = message.validatesFingerprint()
                _ = message.encoded(integrityKey: [1], addFingerprint: true)
                _ = message.mappedAddress
            }
            _ = STUNMessage.looksLikeSTUN(bytes)
        }
        // Some mutations leave the message valid (a flipped bit inside a value); the walk is exercised.
        #expect(parsed > 1000)
    }
}
