import RTCBase
import Testing
@testable import RTCICE

/// The SDP candidate attribute (RFC 8839 section 5.1) as browsers write it.
@Suite struct CandidateTests {
    @Test func chromeHostCandidate() throws {
        let text = "candidate:842163049 1 udp 1677729535 192.168.1.5 54321 typ srflx raddr 10.0.0.5 rport 54321 generation 0 ufrag EsAw network-id 1 network-cost 10"
        let candidate = try Candidate(attribute: "a=" + text)
        #expect(candidate.foundation == "842163049")
        #expect(candidate.component == 1)
        #expect(candidate.isUDP)
        #expect(candidate.priority == 1_677_729_535)
        #expect(candidate.address == TransportAddress("192.168.1.5:54321"))
        #expect(candidate.type == .serverReflexive)
        #expect(candidate.relatedAddress == "10.0.0.5")
        #expect(candidate.relatedPort == 54321)
        #expect(candidate.extensions.map(\.name) == ["generation", "ufrag", "network-id", "network-cost"])
        #expect(candidate.attributeValue == text)
    }

    @Test func firefoxCandidatesWithUpperCaseTransport() throws {
        let text = "candidate:0 1 UDP 2122252543 2001:db8::1 50000 typ host"
        let candidate = try Candidate(attribute: text)
        #expect(candidate.isUDP)
        #expect(candidate.address == TransportAddress("[2001:db8::1]:50000"))
        #expect(candidate.attributeValue == text)
        // The bare value without "candidate:" parses the same.
        #expect(try Candidate(attribute: "0 1 UDP 2122252543 2001:db8::1 50000 typ host\r\n") == candidate)
    }

    @Test func multicastDNSHostnameIsKeptAsText() throws {
        let text = "candidate:1 1 udp 2113937151 3c1a4c5e-7f7a-4b4e-9a63-0c2f8d1e0b6d.local 60321 typ host generation 0 network-cost 999"
        let candidate = try Candidate(attribute: text)
        #expect(candidate.address == nil)
        #expect(candidate.isMulticastDNS)
        #expect(candidate.connectionAddress == "3c1a4c5e-7f7a-4b4e-9a63-0c2f8d1e0b6d.local")
        #expect(candidate.attributeValue == text)
    }

    @Test func tcpCandidateWithTcpType() throws {
        let text = "candidate:3 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active generation 0"
        let candidate = try Candidate(attribute: text)
        #expect(!candidate.isUDP)
        #expect(candidate.tcpType == "active")
        #expect(candidate.extensions == [.init(name: "generation", value: "0")])
        #expect(candidate.attributeValue == text)
    }

    @Test func relayCandidateRoundTrips() throws {
        let original = Candidate(foundation: "r1", priority: 41_885_439, address: TransportAddress("203.0.113.9:3478")!,
                                 type: .relayed, related: TransportAddress("198.51.100.2:61000"))
        let parsed = try Candidate(attribute: original.attributeValue)
        #expect(parsed == original)
        #expect(parsed.attributeValue == "candidate:r1 1 udp 41885439 203.0.113.9 3478 typ relay raddr 198.51.100.2 rport 61000")
    }

    /// RFC 8445 section 5.1.2.1 with the recommended type preferences.
    @Test func priorityFormula() {
        #expect(Candidate.priority(type: .host, localPreference: 65535) == 2_130_706_431)
        #expect(Candidate.priority(type: .host, localPreference: 65535, component: 2) == 2_130_706_430)
        #expect(Candidate.priority(type: .serverReflexive, localPreference: 65535) == 1_694_498_815)
        #expect(Candidate.priority(type: .peerReflexive, localPreference: 0) == 110 << 24 | 255)
        #expect(Candidate.priority(type: .relayed, localPreference: 1) == 511)
        // Type preference dominates local preference.
        #expect(Candidate.priority(type: .host, localPreference: 0) > Candidate.priority(type: .peerReflexive, localPreference: 65535))
    }

    /// RFC 8445 section 6.1.2.3 pair priority, and that it is the same number on both sides.
    @Test func pairPriorityIsSymmetric() {
        let ours = CandidatePair(local: .v4(1, 1, 1, 1, port: 1), remote: .v4(2, 2, 2, 2, port: 2),
                                 localPriority: 100, remotePriority: 200, foundation: "a", state: .waiting)
        let theirs = CandidatePair(local: .v4(2, 2, 2, 2, port: 2), remote: .v4(1, 1, 1, 1, port: 1),
                                   localPriority: 200, remotePriority: 100, foundation: "a", state: .waiting)
        #expect(ours.priority(role: .controlling) == theirs.priority(role: .controlled))
        #expect(ours.priority(role: .controlling) == (100 << 32) + 400 + 0)
        #expect(ours.priority(role: .controlled) == (100 << 32) + 400 + 1)
        let extreme = CandidatePair(local: .v4(1, 1, 1, 1, port: 1), remote: .v4(2, 2, 2, 2, port: 2),
                                    localPriority: .max, remotePriority: .max, foundation: "a", state: .waiting)
        _ = extreme.priority(role: .controlling)
    }

    @Test func malformedCandidatesThrow() {
        let bad = [
            "", "candidate:", "candidate:1 1 udp 1 1.2.3.4 5 typ", "candidate:1 1 udp 1 1.2.3.4 5 type host",
            "candidate:1 0 udp 1 1.2.3.4 5 typ host", "candidate:1 257 udp 1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 4294967296 1.2.3.4 5 typ host", "candidate:1 1 udp -1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 65536 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ bogus",
            "candidate:1 1 udp 1 1.2.3.4 5 typ host generation", "candidate:1 1 udp 1 bad_host! 5 typ host",
            "candidate:f*o 1 udp 1 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ host raddr x_y rport 1",
            "candidate:123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport 70000",
        ]
        for text in bad {
            #expect(throws: ParseError.self, "\(text)") { try Candidate(attribute: text) }
        }
    }
}
