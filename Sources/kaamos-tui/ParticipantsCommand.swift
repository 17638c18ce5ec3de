import AdminConsole
import ArgumentParser
import ClientCore
import Foundation

struct ParticipantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participants",
        abstract: "List the participants of a room with the server's view of their media (admin).")

    @Argument(help: "Room id.")
    var room: String

    @OptionGroup var connection: AdminServerOptions

    @Flag(help: "Print one JSON object: room_id and participants (fields in the manual).")
    var json = false

    func validate() throws { try validateRoomID(room) }

    func run() async throws {
        let client = try connection.client()
        let room = room
        let participants = try await AdminFailure.call { () async throws(APIError) in try await client.participants(room: room) }
        if json {
            print(AdminJSONOutput.participants(room: room, participants))
        } else {
            AdminTextOutput.participants(participants, now: Date()).forEach { print($0) }
        }
    }
}
