import ArgumentParser
import ClientCore
import Foundation
import KaamosNode
import KaamosSFU

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A live call with no camera, microphone or server of your own.",
        discussion: """
        Starts a Kaamos server on loopback inside this process, a synthetic participant that \
        publishes the moving test pattern and a tone, and the call view joined to the same room. \
        Keys work as in a real call; q leaves. The server's address is printed so a browser \
        (http://127.0.0.1:PORT/room/ID) or another terminal can join too.
        """)

    @OptionGroup var media: CallMediaOptions

    @Option(help: "Synthetic participants in the room besides you (1 to 3).")
    var participants = 1

    func validate() throws {
        guard (1...3).contains(participants) else { throw ValidationError("--participants must be 1, 2 or 3.") }
    }

    func run() async throws {
        let server: EmbeddedServer
        do {
            server = try await EmbeddedServer.start()
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: cannot start the embedded server: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let endpoint = try ServerEndpoint(baseURL: server.baseURL)
        let room: String
        do {
            room = try await KaamosAPIClient(endpoint: endpoint).createRoom().roomID
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data("kaamos-tui: demo room \(server.baseURL)/room/\(room)\n".utf8))
        let names = ["Aino (synthetic)", "Bertil (synthetic)", "Chidi (synthetic)"]
        var bots: [(CallSession, Task<CallEnd, Never>)] = []
        for index in 0..<participants {
            var options = CallOptions(endpoint: endpoint, roomID: room, name: names[index], userID: "bot\(index + 1)")
            options.video = .testPattern
            options.audio = .tone
            options.audioOutput = "none"
            options.addresses = [.loopbackV4]
            let bot = CallSession(options: options)
            bots.append((bot, Task { await bot.run() }))
        }
        var options = CallOptions(endpoint: endpoint, roomID: room, name: media.displayName, userID: "you")
        media.apply(to: &options)
        // In the demo, what the user sends defaults to the pattern too: no devices are assumed.
        if media.videoFile == nil && !media.noVideo { options.video = .testPattern }
        if media.audioFile == nil && !media.noAudio { options.audio = .tone }
        options.addresses = [.loopbackV4]
        let end = await CallRunner.run(options: options, media: media)
        for (bot, task) in bots {
            bot.leave()
            _ = await task.value
        }
        await server.stop()
        if end != .left { FileHandle.standardError.write(Data("kaamos-tui: \(end)\n".utf8)) }
        if end.exitStatus != 0 { throw ExitCode(end.exitStatus) }
    }
}
