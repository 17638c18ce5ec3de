import Testing
@testable import KaamosServer
import KaamosWire

@Suite struct ConfigurationFileTests {
    @Test func everyKeyApplies() throws {
        let file = try ConfigurationFile(toml: """
            host = "0.0.0.0"
            port = 9000
            public_url = "https://kaamos.example.com"
            admin_token = "s3cret"
            max_rooms = 10
            max_participants = 6
            ban_seconds = 120
            room_lifetime_seconds = 3600
            create_limit_per_minute = 3
            max_message_bytes = 32768
            web_root = "/srv/web"
            cors_origins = ["https://a.example"]
            trust_forwarded_for = true
            log_level = "debug"

            [[ice_servers]]
            urls = "turn:turn.example.com:3478"
            username = "u"
            credential = "c"
            """)
        var configuration = ServerConfiguration()
        file.apply(to: &configuration)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.publicURL == "https://kaamos.example.com")
        #expect(configuration.effectiveAdminToken == "s3cret")
        #expect(configuration.limits == RoomLimits(maxRooms: 10, maxParticipantsPerRoom: 6, roomLifetime: 3600, banDuration: 120))
        #expect(configuration.createLimit == 3)
        #expect(configuration.maxMessageBytes == 32768)
        #expect(configuration.webRoot == "/srv/web")
        #expect(configuration.corsOrigins == ["https://a.example"])
        #expect(configuration.trustForwardedFor)
        #expect(file.logLevel == "debug")
        #expect(configuration.iceServers == [ICEServer(urls: "turn:turn.example.com:3478", username: "u", credential: "c")])
    }

    @Test func emptyFileKeepsTheDefaults() throws {
        var configuration = ServerConfiguration()
        try ConfigurationFile(toml: "").apply(to: &configuration)
        #expect(configuration.port == 8080)
        #expect(configuration.limits == RoomLimits())
        #expect(configuration.effectiveAdminToken == nil)
    }

    @Test func defaultsFollowTheSpec() {
        let configuration = ServerConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.limits.maxRooms == 50)
        #expect(configuration.limits.maxParticipantsPerRoom == 4)
        #expect(configuration.limits.roomLifetime == 86_400)
        #expect(configuration.limits.banDuration == 60)
        #expect(configuration.createLimit == 10)
        #expect(configuration.iceServers.isEmpty)
    }

    @Test func badFilesAreReportedInOneLine() {
        for text in ["port = \"eighty\"", "this is not toml", "max_rooms = [1]"] {
            #expect {
                try ConfigurationFile(toml: text, path: "server.toml")
            } throws: { error in
                let description = "\(error)"
                return description.hasPrefix("The config file server.toml is not valid") && !description.contains("\n")
            }
        }
    }
}
