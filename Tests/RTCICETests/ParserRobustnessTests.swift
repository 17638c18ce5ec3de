import RTCBase
import Testing
@testable import RTCICE

/// At least 100,000 random and mutated inputs through each parser: they may throw, never trap or hang.
@Suite struct ParserRobustnessTests {
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

    @Test func candidateParserSurvivesRandomAndMutatedInput() {
        var random = SeededRandom(seed: 0xCA4D)
        let seeds = [
            "a=candidate:842163049 1 udp 1677729535 192.168.1.5 54321 typ srflx raddr 10.0.0.5 rport 54321 generation 0 ufrag EsAw network-id 1 network-cost 10",
            "candidate:0 1 UDP 2122252543 2001:db8::1 50000 typ host",
            "candidate:1 1 udp 2113937151 3c1a4c5e-7f7a-4b4e-9a63-0c2f8d1e0b6d.local 60321 typ host",
            "candidate:3 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active generation 0",
        ].map { Array($0.utf8) }
        let alphabet = Array(" :.%-0123456789abcdefxyzTCPUDtypraddrportlocal\r\n\t\u{0}é".utf8)
        var parsed = 0
        for iteration in 0..<Self.iterations {
            var bytes: [UInt8]
            if iteration % 4 == 0 {
                bytes = (0..<Int(random.next() % 100)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            } else {
                bytes = seeds[Int(random.next() % UInt64(seeds.count))]
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    guard !bytes.isEmpty else { break }
                    let index = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 4 {
                    case 0: bytes[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    case 1: bytes.remove(at: index)
                    case 2: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: index)
                    default: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                    }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let candidate = try? Candidate(attribute: text) {
                parsed += 1
                // Whatever parses must serialize to something that parses to the same candidate.
                #expect((try? Candidate(attribute: candidate.attributeValue)) == candidate)
                _ = candidate.address
            }
        }
        #expect(parsed > 1000)
    }
}
