import AdminConsole
import ArgumentParser
import ClientCore
import Foundation

struct RoomsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rooms",
        abstract: "List the live rooms (admin).")

    @OptionGroup var connection: AdminServerOptions

    @Flag(help: "Print one JSON object: {\"rooms\": [{room_id, active, participants, created_at, expires_at}]}.")
    var json = false

    func run() async throws {
        let client = try connection.client()
        let rooms = try await AdminFailure.call { () async throws(APIError) in try await client.rooms() }
        if json {
            print(AdminJSONOutput.rooms(rooms))
        } else {
            AdminTextOutput.rooms(rooms, now: Date()).forEach { print($0) }
        }
    }
}
