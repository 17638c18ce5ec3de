import AdminConsole
import ArgumentParser
import ClientCore

struct CloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a room: everyone in it is disconnected and the room is gone (admin).")

    @Argument(help: "Room id.")
    var room: String

    @OptionGroup var connection: AdminServerOptions

    @Flag(help: "Do not ask for confirmation (required when stdin is not a terminal).")
    var yes = false

    func validate() throws { try validateRoomID(room) }

    func run() async throws {
        let client = try connection.client()
        try AdminConfirmation.confirm("Close room \(room) and disconnect everyone in it?", yes: yes)
        let room = room
        try await AdminFailure.call { () async throws(APIError) in try await client.closeRoom(room) }
    }
}
