import Foundation
import RTCTURN
import Testing
@testable import KaamosServer
import KaamosWire

/// TURN servers handed to participants: per-participant REST credentials or a static user.
@Suite struct TURNSettingsTests {
    @Test func sharedSecretGivesEachParticipantItsOwnExpiringCredential() throws {
        let settings = TURNSettings(urls: ["turn:127.0.0.1:3478", "turns:turn.example.com:5349"],
                                    credentials: .sharedSecret("s3cret"), credentialLifetime: 600)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let alice = settings.iceServers(for: "p1", now: now)
        #expect(alice.map(\.urls) == [["turn:127.0.0.1:3478"], ["turns:turn.example.com:5349"]])
        let username = try #require(alice.first?.username)
        #expect(username == "1800000600:p1")
        // What coturn computes from its static-auth-secret for that username.
        #expect(alice.first?.credential == TURNRestCredential.password(forUsername: username, secret: "s3cret"))
        #expect(settings.iceServers(for: "p2", now: now).first?.username == "1800000600:p2")
    }

    @Test func staticUserIsHandedOutAsIs() {
        let settings = TURNSettings(urls: ["turn:127.0.0.1:3478"], credentials: .staticUser(username: "kaamos", password: "pw"))
        #expect(settings.iceServers(for: "p1", now: Date()) == [ICEServer(urls: "turn:127.0.0.1:3478", username: "kaamos", credential: "pw")])
    }

    @Test func configFileTURNKeys() throws {
        let file = try ConfigurationFile(toml: """
            turn_urls = ["turn:127.0.0.1:3478"]
            turn_secret = "s3cret"
            turn_credential_seconds = 3600
            """)
        var configuration = ServerConfiguration()
        file.apply(to: &configuration)
        #expect(configuration.turn == TURNSettings(urls: ["turn:127.0.0.1:3478"], credentials: .sharedSecret("s3cret"), credentialLifetime: 3600))
    }

    @Test(arguments: [
        ("turn_urls = [\"turn:127.0.0.1\"]", "turn_urls needs turn_secret, or turn_username and turn_password"),
        ("turn_secret = \"x\"", "turn_secret or turn_username is set but turn_urls is not"),
        ("turn_urls = [\"http://x\"]\nturn_secret = \"x\"", "http://x is not a STUN or TURN URL"),
        ("turn_urls = [\"stun:x\"]\nturn_secret = \"x\"", "stun:x is not a TURN URL"),
        ("turn_urls = [\"turn:x\"]\nturn_secret = \"x\"\nturn_credential_seconds = 0", "must be positive"),
    ])
    func badTURNKeysAreOneClearLine(text: String, expected: String) {
        #expect {
            try ConfigurationFile(toml: text, path: "server.toml")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("The config file server.toml is not valid") && description.contains(expected)
        }
    }

    @Test func joinedCarriesTheParticipantsCredential() throws {
        var configuration = ServerConfiguration()
        configuration.turn = TURNSettings(urls: ["turn:127.0.0.1:3478"], credentials: .sharedSecret("s3cret"))
        let hub = RoomHub(configuration: configuration, media: FakeMediaRouter(), clock: ManualClock())
        let room = try hub.createRoom(creatorUserID: nil, clientKey: "test").id
        let sink = RecordingSink()
        let connection = hub.connect(roomID: room, clientAddress: "10.0.0.1", sink: sink)
        hub.receive(#"{"type":"join","room_id":"\#(room)"}"#, from: connection)
        let joined = try #require(sink.messages(ofType: "joined").first)
        let participant = try #require(joined["participant_id"] as? String)
        let servers = try #require(joined["ice_servers"] as? [[String: Any]])
        #expect(servers.count == 1)
        #expect(servers.first?["urls"] as? String == "turn:127.0.0.1:3478")
        let username = try #require(servers.first?["username"] as? String)
        #expect(username.hasSuffix(":" + participant))
        #expect(servers.first?["credential"] as? String == TURNRestCredential.password(forUsername: username, secret: "s3cret"))
    }
}
