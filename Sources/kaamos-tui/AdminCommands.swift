import AdminConsole
import ArgumentParser
import ClientCore
import Foundation

// What the admin commands (create, rooms, participants, kick, mute, close, admin) share: where the
// server is, the admin token, reporting an error as one line with its documented exit status, and
// asking before a destructive action.

/// `--server` and `--admin-token`, each falling back to the environment, then the config file;
/// `--ca-file` and `--insecure` for an https server.
struct AdminServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Server URL (or KAAMOS_SERVER, or `server` in the config file; default http://127.0.0.1:8080).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("Admin bearer token (or KAAMOS_ADMIN_TOKEN, or `admin_token` in the config file).", valueName: "token"))
    var adminToken: String?

    @OptionGroup var trust: ServerTrustOptions

    /// The endpoint and token after flags, environment and config file; a bad URL or config file
    /// ends the command with status 64.
    func resolve(needsToken: Bool) throws -> (endpoint: ServerEndpoint, token: String?) {
        let environment = ProcessInfo.processInfo.environment
        let configuration: ClientConfiguration
        do {
            configuration = try ClientConfiguration.load(environment: environment)
        } catch {
            throw AdminFailure.exit(.usage, error.description)
        }
        var endpoint: ServerEndpoint
        do {
            endpoint = try ServerEndpoint(baseURL: configuration.server(flag: server, environment: environment))
        } catch {
            throw AdminFailure.exit(.usage, error.description)
        }
        endpoint = try trust.apply(to: endpoint)
        let token = configuration.adminToken(flag: adminToken, environment: environment)
        if needsToken, token == nil {
            throw AdminFailure.exit(.unauthorized, "No admin token: give it with --admin-token, KAAMOS_ADMIN_TOKEN or admin_token in the config file.")
        }
        return (endpoint, token)
    }

    func client(needsToken: Bool = true) throws -> KaamosAPIClient {
        let (endpoint, token) = try resolve(needsToken: needsToken)
        return KaamosAPIClient(endpoint: endpoint, adminToken: token)
    }
}

/// Ends an admin command: one line on stderr, then the documented exit status.
enum AdminFailure {
    static func exit(_ status: AdminExitStatus, _ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("kaamos-tui: \(message)\n".utf8))
        return ExitCode(status.rawValue)
    }

    /// Runs one API call, turning its error into the line and the status.
    static func call<T>(_ body: () async throws(APIError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw exit(AdminExitStatus(error), AdminErrorMessage.sentence(error))
        }
    }
}

/// Asks before kick and close: on a terminal it reads y/N from stdin; without one it demands --yes.
enum AdminConfirmation {
    static func confirm(_ question: String, yes: Bool, flagHint: String = "--yes") throws {
        if yes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw AdminFailure.exit(.usage, "stdin is not a terminal, so nothing can confirm this: add \(flagHint).")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            throw AdminFailure.exit(.failure, "Cancelled: nothing was changed.")
        }
    }
}

/// Room ids are checked before any request (the server would answer 400).
func validateRoomID(_ room: String) throws {
    guard ServerEndpoint.isRoomID(room) else {
        throw ValidationError("'\(room)' is not a room id (10 letters and digits).")
    }
}
