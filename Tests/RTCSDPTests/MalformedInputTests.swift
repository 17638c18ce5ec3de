import Testing
import RTCBase
@testable import RTCSDP

/// 100,000+ random and mutated inputs through the parser: none may trap or hang, and every input
/// that parses must survive a round trip through the serializer.
@Suite struct MalformedInputTests {
    struct Tally: CustomStringConvertible {
        var parsed = 0
        var thrown = 0
        var total: Int { parsed + thrown }
        var thrownFraction: Double { total == 0 ? 0 : Double(thrown) / Double(total) }
        var description: String { "\(total) inputs, \(thrown) thrown (\(Int(thrownFraction * 100))%)" }
    }

    static let fixtureLines: [[[UInt8]]] = Fixture.allCases.map { fixture in
        Array(fixture.text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    }

    /// Parses; when that works, checks parse(serialize(x)) == x.
    static func run(_ bytes: [UInt8], into tally: inout Tally) {
        let text = String(decoding: bytes, as: UTF8.self)
        // Plain checks rather than #expect per input: the macro's bookkeeping would dominate.
        do {
            let description = try SessionDescription(parsing: text)
            tally.parsed += 1
            let again = try? SessionDescription(parsing: description.serialized())
            if again != description { Issue.record("round trip failed for:\n\(text)") }
        } catch {
            tally.thrown += 1
        }
    }

    static let fixtureBytes: [[UInt8]] = fixtureLines.map(joined)
    static let fixtureDigits: [[Int]] = fixtureBytes.map { bytes in
        bytes.indices.filter { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }
    }

    static let digitReplacements: [UInt8] = Array("0123456789-x /:".utf8) + [0xFF, 0]

    static func joined(_ lines: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "\n")) }
            out += line
        }
        return out
    }

    static func pick<T>(_ array: [T], _ random: inout SeededRandom) -> T {
        array[Int(random.next() % UInt64(array.count))]
    }

    /// Whole browser descriptions cost about a millisecond each to parse in a debug build, so
    /// fewer of them: 48,000 random + 40,000 shaped + 12,000 mutated = 100,000 inputs.
    static let mutationRounds = 12_000

    @Test func randomBytes() {
        var random = SeededRandom(seed: 1)
        var tally = Tally()
        for _ in 0..<48_000 {
            Self.run(random.bytes(Int(random.next() % 160)), into: &tally)
        }
        // Random bytes almost never start with "v=0\n".
        #expect(tally.thrownFraction > 0.999, "\(tally)")
    }

    /// Lines assembled from SDP-shaped pieces, so that the parser gets past the header.
    @Test func randomSDPShapedLines() {
        let heads = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "c=IN IP4 0.0.0.0", "b=AS:30",
                     "m=audio 9 UDP/TLS/RTP/SAVPF 111 0", "m=video 0 RTP/AVP 96", "m=application 9 UDP/DTLS/SCTP x",
                     "a=mid:", "a=rtpmap:", "a=fmtp:", "a=rtcp-fb:", "a=extmap:", "a=ssrc:", "a=ssrc-group:",
                     "a=msid:", "a=setup:", "a=fingerprint:sha-256 ", "a=group:BUNDLE ", "a=rtcp:", "a=sendrecv",
                     "a=candidate:", "a=ice-ufrag:", "a=ice-options:", "i=", "k=", "z=", "x=", "a="]
        let tails = ["", "0", "1", "96", "111", "127", "128", "65535", "4294967296", " ", "opus/48000/2", "VP8/90000",
                     "nack pli", "* transport-cc", "urn:x", "1/sendonly urn:y", "actpass", "AB:CD", "1 cname:x",
                     "FID 1 2", "-", "a b c", "9 IN IP4 0.0.0.0", ":", "/", ";", "=", "x=1;y", "\r", "\t", "é"]
        var random = SeededRandom(seed: 2)
        var tally = Tally()
        let prefix: [[UInt8]] = [Array("v=0".utf8), Array("o=- 1 1 IN IP4 0.0.0.0".utf8), Array("s=-".utf8)]
        for _ in 0..<40_000 {
            var lines = random.next() % 8 == 0 ? [] : prefix
            for _ in 0..<(1 + random.next() % 12) {
                var line = Array(Self.pick(heads, &random).utf8)
                for _ in 0..<(random.next() % 3) {
                    line += Array(Self.pick(tails, &random).utf8)
                    if random.next() % 2 == 0 { line.append(UInt8(ascii: " ")) }
                }
                lines.append(line)
            }
            Self.run(Self.joined(lines), into: &tally)
        }
        // About 87% throw with seed 2: most random lines break a typed attribute somewhere.
        #expect(tally.thrownFraction > 0.5 && tally.thrownFraction < 0.99, "\(tally)")
    }

    @Test func mutatedFixtures() {
        var random = SeededRandom(seed: 3)
        var byKind = [Tally](repeating: Tally(), count: 5)
        for round in 0..<Self.mutationRounds {
            let which = round % Self.fixtureLines.count
            let fixture = Self.fixtureLines[which]
            let kind = Int(random.next() % 5)
            var bytes: [UInt8]
            switch kind {
            case 0: // truncation
                bytes = Self.fixtureBytes[which]
                bytes.removeLast(Int(random.next() % UInt64(bytes.count + 1)))
            case 1: // line deletions
                var lines = fixture
                for _ in 0..<(1 + random.next() % 3) where !lines.isEmpty {
                    lines.remove(at: Int(random.next() % UInt64(lines.count)))
                }
                bytes = Self.joined(lines)
            case 2: // line duplications and swaps
                var lines = fixture
                let a = Int(random.next() % UInt64(lines.count))
                let b = Int(random.next() % UInt64(lines.count))
                if random.next() % 2 == 0 { lines.insert(lines[a], at: b) } else { lines.swapAt(a, b) }
                bytes = Self.joined(lines)
            case 3: // digit flips
                bytes = Self.fixtureBytes[which]
                let digits = Self.fixtureDigits[which]
                for _ in 0..<(1 + random.next() % 4) {
                    let index = Self.pick(digits, &random)
                    bytes[index] = Self.pick(Self.digitReplacements, &random)
                }
            default: // random byte overwrites and insertions
                bytes = Self.fixtureBytes[which]
                for _ in 0..<(1 + random.next() % 4) {
                    let index = Int(random.next() % UInt64(bytes.count))
                    let byte = UInt8(truncatingIfNeeded: random.next())
                    if random.next() % 2 == 0 { bytes[index] = byte } else { bytes.insert(byte, at: index) }
                }
            }
            Self.run(bytes, into: &byKind[kind])
        }
        let total = byKind.reduce(0) { $0 + $1.total }
        #expect(total == Self.mutationRounds)
        // Cutting a description mostly leaves a valid shorter one; a flipped digit often lands
        // in a checked field; none of the kinds is all-or-nothing.
        for (kind, tally) in byKind.enumerated() {
            #expect(tally.parsed > 0 && tally.thrown > 0, "kind \(kind): \(tally)")
        }
        #expect(byKind[0].thrownFraction < 0.5, "truncation: \(byKind[0])")
        #expect(byKind[1].thrownFraction < 0.3, "line deletions: \(byKind[1])")
        #expect(byKind[3].thrownFraction > 0.2, "digit flips: \(byKind[3])")
    }
}
