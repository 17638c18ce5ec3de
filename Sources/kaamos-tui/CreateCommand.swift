import AdminConsole
import ArgumentParser
import ClientCore

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a room and print its id and URL (what the Kaamos bot's /call gives).",
        discussion: "Prints the room id on the first line and its link on the second; no admin token is needed.")

    @OptionGroup var connection: AdminServerOptions

    @Flag(help: "Print one JSON object: room_id, url, expires_at.")
    var json = false

    func run() async throws {
        let client = try connection.client(needsToken: false)
        let room = try await AdminFailure.call { () async throws(APIError) in try await client.createRoom() }
        if json {
            print(AdminJSONOutput.created(room))
        } else {
            AdminTextOutput.created(room).forEach { print($0) }
        }
    }
}
