import RTCBase
import Testing
@testable import RTCICE

/// At least 100,000 random and mutated inputs through each parser: they may throw, never trap or hang.
@Suite struct ParserRobustnessTests {
    static let iterations = 100_000

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
