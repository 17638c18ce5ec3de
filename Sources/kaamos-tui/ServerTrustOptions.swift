import ArgumentParser
import ClientCore
import Foundation

/// `--ca-file` and `--insecure`, shared by every command that talks to a server.
struct ServerTrustOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trust the server's certificate when this PEM file (a private CA, or the server's self-signed certificate) vouches for it, instead of the system's CAs (or KAAMOS_CA_FILE, or `ca_file` in the config file).", valueName: "pem"))
    var caFile: String?

    @Flag(help: "Do not check the server's certificate at all (said on screen while it lasts); for testing only.")
    var insecure = false

    /// The trust after flag, environment and config file. A bad CA file ends the command with
    /// status 64; --insecure is announced on stderr for an https server.
    func resolve(for endpoint: ServerEndpoint? = nil) throws -> ServerTrust {
        let trust: ServerTrust
        do {
            let caFile = ClientSettings.configuration.caFile(flag: caFile, environment: ClientSettings.environment)
            // A CA file from the environment or config gives way to an explicit --insecure.
            trust = try ServerTrust(caFile: insecure && self.caFile == nil ? nil : caFile, insecure: insecure)
            try trust.validate()
        } catch {
            FileHandle.standardError.write(Data("kaamos-tui: \(error)\n".utf8))
            throw ExitCode(64)
        }
        if let warning = trust.warning, endpoint?.isSecure ?? true {
            FileHandle.standardError.write(Data("kaamos-tui: warning: \(warning)\n".utf8))
        }
        return trust
    }

    /// `endpoint` with this trust applied.
    func apply(to endpoint: ServerEndpoint) throws -> ServerEndpoint {
        var endpoint = endpoint
        endpoint.trust = try resolve(for: endpoint)
        return endpoint
    }

    /// The same options for a command line this one starts (the admin console's join).
    var arguments: [String] {
        (caFile.map { ["--ca-file", $0] } ?? []) + (insecure ? ["--insecure"] : [])
    }
}
