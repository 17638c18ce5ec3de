import Testing
@testable import KaamosServer

@Suite struct ConfigurationResolutionTests {
    let file = try! ConfigurationFile(toml: """
        port = 9000
        admin_token = "from-file"
        max_rooms = 7
        log_level = "warning"
        """)

    @Test func flagsBeatTheEnvironmentWhichBeatsTheFile() {
        var overrides = ConfigurationOverrides()
        var resolved = ServerConfiguration.resolve(file: file, environment: [:], overrides: overrides)
        #expect(resolved.server.effectiveAdminToken == "from-file")
        #expect(resolved.server.port == 9000)
        #expect(resolved.logLevel == "warning")

        resolved = ServerConfiguration.resolve(file: file, environment: ["KAAMOS_ADMIN_TOKEN": "from-env"], overrides: overrides)
        #expect(resolved.server.effectiveAdminToken == "from-env")

        overrides.adminToken = "from-flag"
        overrides.port = 8081
        overrides.maxRooms = 3
        overrides.maxParticipants = 2
        overrides.banSeconds = 5
        overrides.logLevel = "debug"
        overrides.trustForwardedFor = true
        resolved = ServerConfiguration.resolve(file: file, environment: ["KAAMOS_ADMIN_TOKEN": "from-env"], overrides: overrides)
        #expect(resolved.server.effectiveAdminToken == "from-flag")
        #expect(resolved.server.port == 8081)
        #expect(resolved.server.limits.maxRooms == 3)
        #expect(resolved.server.limits.maxParticipantsPerRoom == 2)
        #expect(resolved.server.limits.banDuration == 5)
        #expect(resolved.server.trustForwardedFor)
        #expect(resolved.logLevel == "debug")
    }

    @Test func noTokenAnywhereMeansNone() {
        let resolved = ServerConfiguration.resolve(file: nil, environment: ["KAAMOS_ADMIN_TOKEN": ""], overrides: ConfigurationOverrides())
        #expect(resolved.server.effectiveAdminToken == nil)
        #expect(resolved.logLevel == "info")
        var overrides = ConfigurationOverrides()
        overrides.adminToken = ""
        #expect(ServerConfiguration.resolve(file: nil, environment: [:], overrides: overrides).server.effectiveAdminToken == nil)
    }
}
