import AdminConsole
import ArgumentParser
import ClientCore
import Foundation

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "The admin console: live rooms and participants, kick, mute, close, create.",
        discussion: """
        Follows the server's admin event stream (or polls GET /api/rooms once a second when the server \
        has none). Keys: j/k or arrows move, Enter opens a room, Esc goes back, / filters, space marks \
        rows, n creates a room, x closes (type the room id to confirm), K kicks (y to confirm), a and V \
        mute or unmute audio and video, J joins the room, ? shows help, q quits.
        """)

    @OptionGroup var connection: AdminServerOptions

    @Flag(help: "Show rooms and participants only: every action is off.")
    var readonly = false

    func run() async throws {
        let (endpoint, token) = try connection.resolve(needsToken: true)
        let controller = AdminController(endpoint: endpoint, token: token, readonly: readonly)
        let outcome: AdminController.Outcome
        do {
            outcome = try await controller.run()
        } catch {
            throw AdminFailure.exit(.usage, error.description)
        }
        if case let .join(roomID) = outcome {
            var arguments = ["join", roomID]
            if endpoint.baseURL != ServerEndpoint.defaultServer { arguments += ["--server", endpoint.baseURL] }
            arguments += connection.trust.arguments
            // When this binary has a join command, become it; otherwise say what to run.
            if KaamosTUI.configuration.subcommands.contains(where: { $0.configuration.commandName == "join" }) {
                let argv = ([CommandLine.arguments.first ?? "kaamos-tui"] + arguments).map { strdup($0) } + [nil]
                execv("/proc/self/exe", argv)
                FileHandle.standardError.write(Data("kaamos-tui: cannot start the join command: \(String(cString: strerror(errno))).\n".utf8))
            }
            print((["kaamos-tui"] + arguments).joined(separator: " "))
        }
    }
}
