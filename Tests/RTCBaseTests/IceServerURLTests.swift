import RTCBase
import Testing

@Suite struct IceServerURLTests {
    @Test func turnWithDefaultsAndTransport() throws {
        let plain = try IceServerURL(parsing: "turn:turn.example.com")
        #expect(plain.scheme == .turn && plain.host == "turn.example.com" && plain.port == 3478 && plain.transport == .udp)
        let tcp = try IceServerURL(parsing: "turn:192.0.2.1:3479?transport=tcp")
        #expect(tcp.host == "192.0.2.1" && tcp.port == 3479 && tcp.transport == .tcp)
        #expect(tcp.description == "turn:192.0.2.1:3479?transport=tcp")
        let secure = try IceServerURL(parsing: "TURNS:turn.example.com")
        #expect(secure.scheme == .turns && secure.port == 5349 && secure.transport == .tls)
        let stun = try IceServerURL(parsing: "stun:stun.example.org:19302")
        #expect(stun.scheme == .stun && !stun.scheme.isTURN && stun.port == 19302)
    }

    @Test func ipv6Literals() throws {
        let url = try IceServerURL(parsing: "turn:[2001:db8::1]:3478?transport=udp")
        #expect(url.host == "2001:db8::1" && url.port == 3478)
        #expect(url.description == "turn:[2001:db8::1]:3478")
        #expect(try IceServerURL(parsing: "turn:[::1]").port == 3478)
    }

    @Test(arguments: [
        "", "turn", "http://turn.example.com", "turn://turn.example.com:3478", "turn::3478", "turn:host:0",
        "turn:host:70000", "turn:host:abc", "turn:host?transport=sctp", "stun:host?transport=tcp",
        "turns:host?transport=udp", "turn:[2001:db8::1", "turn:user@host", "turn:2001:db8::1",
    ])
    func rejectsWithAReason(_ text: String) {
        do {
            let url = try IceServerURL(parsing: text)
            Issue.record("accepted \(text) as \(url)")
        } catch {
            #expect(error.description.hasPrefix("\(text) is not a STUN or TURN URL: "))
        }
    }
}
