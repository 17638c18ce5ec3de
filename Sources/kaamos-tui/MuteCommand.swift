import AdminConsole
import ArgumentParser
import ClientCore

struct MuteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mute",
        abstract: "Stop (or with --unmute resume) forwarding a participant's audio and/or video (admin).")

    @Argument(help: "Room id.")
    var room: String

    @Argument(help: "Participant id.")
    var participant: String

    @Flag(help: "Mute the participant's audio.")
    var audio = false

    @Flag(help: "Mute the participant's video.")
    var video = false

    @Flag(help: "Resume forwarding the kinds named by --audio/--video instead.")
    var unmute = false

    @OptionGroup var connection: AdminServerOptions

    func validate() throws {
        try validateRoomID(room)
        guard audio || video else { throw ValidationError("Say what to \(unmute ? "unmute" : "mute"): --audio, --video or both.") }
    }

    func run() async throws {
        let client = try connection.client()
        let (room, participant) = (room, participant)
        let state = !unmute
        let (audio, video) = (audio ? state : nil, video ? state : nil)
        try await AdminFailure.call { () async throws(APIError) in
            try await client.mute(room: room, participant: participant, audio: audio, video: video)
        }
    }
}
