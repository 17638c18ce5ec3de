import ClientCore
import Foundation
import Testing

@Suite struct ClientConfigurationTests {
    @Test func readsTheThreeKeysWithCommentsAndTables() throws {
        let text = """
        # kaamos client settings
        server = "https://kaamos.example.com"   # the usual one
        admin_token = 'se#cret'
        name = "Ann \\"the admin\\""
        unknown = 42

        [other.tool]
        server = "http://ignored"
        """
        let configuration = try ClientConfiguration(toml: text)
        #expect(configuration == ClientConfiguration(server: "https://kaamos.example.com", adminToken: "se#cret", name: "Ann \"the admin\""))
    }

    @Test func malformedLinesNameTheirLine() {
        #expect(throws: ClientConfigurationError.malformed(line: 2, "server must be a quoted string")) {
            try ClientConfiguration(toml: "\nserver = http://x\n")
        }
        #expect(throws: ClientConfigurationError.malformed(line: 1, "expected key = \"value\"")) {
            try ClientConfiguration(toml: "server")
        }
        #expect(throws: ClientConfigurationError.self) { try ClientConfiguration(toml: "name = \"open") }
        #expect(throws: ClientConfigurationError.self) { try ClientConfiguration(toml: "[table") }
    }

    @Test func flagThenEnvironmentThenFileThenDefault() {
        let file = ClientConfiguration(server: "http://file:1", adminToken: "file-token")
        let environment = ["KAAMOS_SERVER": "http://env:2", "KAAMOS_ADMIN_TOKEN": "env-token"]
        #expect(file.server(flag: "http://flag:3", environment: environment) == "http://flag:3")
        #expect(file.server(flag: nil, environment: environment) == "http://env:2")
        #expect(file.server(flag: nil, environment: [:]) == "http://file:1")
        #expect(ClientConfiguration().server(flag: nil, environment: [:]) == "http://127.0.0.1:8080")
        #expect(file.adminToken(flag: nil, environment: environment) == "env-token")
        #expect(file.adminToken(flag: nil, environment: ["KAAMOS_ADMIN_TOKEN": ""]) == "file-token")
        #expect(ClientConfiguration().adminToken(flag: nil, environment: [:]) == nil)
    }

    @Test func fileLocationFollowsXDG() throws {
        #expect(ClientConfiguration.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/kaamos/config.toml")
        #expect(ClientConfiguration.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/kaamos/config.toml")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaamos-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("kaamos"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try ClientConfiguration.load(environment: ["XDG_CONFIG_HOME": directory.path]) == ClientConfiguration())
        try Data("server = \"http://a:1\"\n".utf8).write(to: directory.appendingPathComponent("kaamos/config.toml"))
        #expect(try ClientConfiguration.load(environment: ["XDG_CONFIG_HOME": directory.path]).server == "http://a:1")
    }
}
