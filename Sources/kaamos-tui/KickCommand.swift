import AdminConsole
import ArgumentParser
import ClientCore

struct KickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kick",
        abstract: "Disconnect a participant; the server keeps them out of the room for a while (admin).")

    @Argument(help: "Room id.")
    var room: String

    @Argument(help: "Participant id (see `kaamos-tui participants ROOM`).")
    var participant: String

    @OptionGroup var connection: AdminServerOptions

    @Flag(help: "Do not ask for confirmation (required when stdin is not a terminal).")
    var yes = false

    func validate() throws { try validateRoomID(room) }

    func run() async throws {
        let client = try connection.client()
        try AdminConfirmation.confirm("Kick participant \(participant) from room \(room)?", yes: yes)
        let (room, participant) = (room, participant)
        try await AdminFailure.call { () async throws(APIError) in try await client.kick(room: room, participant: participant) }
    }
}
