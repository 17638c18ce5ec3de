import ClientCore
import RTCTURN
import Testing

/// RFC 7065 TURN URLs as turn-check takes them.
@Suite struct TURNServerURLTests {
    @Test func schemesTransportsAndDefaultPorts() throws {
        let cases: [(String, String, UInt16, TURNTransport)] = [
            ("turn:turn.example.com", "turn.example.com", 3478, .udp),
            ("turn:turn.example.com:1234", "turn.example.com", 1234, .udp),
            ("turn:turn.example.com?transport=tcp", "turn.example.com", 3478, .tcp),
            ("TURN:turn.example.com:80?transport=UDP", "turn.example.com", 80, .udp),
            ("turns:turn.example.com", "turn.example.com", 5349, .tls),
            ("turns:turn.example.com:443?transport=tcp", "turn.example.com", 443, .tls),
            ("turn://10.0.0.1:3479", "10.0.0.1", 3479, .udp),
            ("turn:[2001:db8::1]:3478", "2001:db8::1", 3478, .udp),
            ("turns:[::1]", "::1", 5349, .tls),
            ("127.0.0.1:3478", "127.0.0.1", 3478, .udp),
            ("localhost", "localhost", 3478, .udp),
            ("  turn:host  ", "host", 3478, .udp),
        ]
        for (text, host, port, transport) in cases {
            let url = try TURNServerURL(parsing: text)
            #expect(url.host == host, "\(text)")
            #expect(url.port == port, "\(text)")
            #expect(url.transport == transport, "\(text)")
        }
    }

    @Test func descriptionSpellsTheTransportOut() throws {
        #expect(try TURNServerURL(parsing: "turn:h").description == "turn:h:3478?transport=udp")
        #expect(try TURNServerURL(parsing: "turn:h?transport=tcp").description == "turn:h:3478?transport=tcp")
        #expect(try TURNServerURL(parsing: "turns:h").description == "turns:h:5349?transport=tcp")
        #expect(try TURNServerURL(parsing: "turn:[::1]:9").description == "turn:[::1]:9?transport=udp")
        var url = try TURNServerURL(parsing: "turn:h")
        url.transport = .tls
        #expect(url.port == 5349, "a transport chosen later picks its default port when the URL named none")
    }

    @Test func malformedURLsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("stun:host", "not a TURN URL scheme"),
            ("https://host", "not a TURN URL scheme"),
            ("turn:", "names no host"),
            ("turn::3478", "names no host"),
            ("turn:host:0", "port"),
            ("turn:host:99999", "port"),
            ("turn:host:abc", "port"),
            ("turn:2001:db8::1", "brackets"),
            ("turn:[::1", "unclosed"),
            ("turn:[::1]x", "after the IPv6 address"),
            ("turn:host?transport=sctp", "unknown TURN transport"),
            ("turn:host?foo=bar", "unknown TURN URL parameter"),
            ("turns:host?transport=udp", "DTLS"),
            ("turn:user@host", "not a host name"),
        ]
        for (text, words) in cases {
            do {
                let url = try TURNServerURL(parsing: text)
                Issue.record("\(text) parsed as \(url)")
            } catch {
                #expect(error.description.contains(words), "\(text): \(error)")
            }
        }
    }
}
