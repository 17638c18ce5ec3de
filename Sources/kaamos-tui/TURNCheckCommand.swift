import ArgumentParser
import ClientCore
import Foundation
import RTCNetwork
import RTCBase

struct TURNCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turn-check",
        abstract: "Allocate on a TURN server, relay packets to this host through it, and report addresses, timing and loss.",
        discussion: """
        URL is turn:HOST[:PORT][?transport=udp|tcp] or turns:HOST[:PORT] (TLS); a bare HOST[:PORT] means turn:. \
        A local UDP socket plays the peer: the relay's permission, Send indications, ChannelBind and \
        ChannelData are each exercised, and the peer echoes every packet back through the relay. \
        Exit status: 0 when packets made the round trip, 1 when a step failed (named on stderr: \
        allocate, auth, permission, channel, relay), 4 when the server cannot be resolved or reached \
        (resolve, connect), 64 bad usage.
        """)

    @Argument(help: "The TURN server: turn:host[:port][?transport=udp|tcp] or turns:host[:port].")
    var url: String

    @Option(help: "The username (with --secret, the user label inside the REST username).")
    var user: String?

    @Option(help: "The long-term password.")
    var password: String?

    @Option(help: "A TURN REST shared secret (coturn's static-auth-secret): derive a time-limited username and password from it.")
    var secret: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds the --secret credential stays valid (negative: already expired).", visibility: .hidden))
    var credentialTTL: Int = 86_400

    @Option(help: "udp, tcp or tls; overrides the URL's transport.")
    var transport: String?

    @Option(help: "Trust only certificates from this PEM file for turns: (default: the system trust store).")
    var caFile: String?

    @Flag(help: "Accept any certificate for turns: (a warning is printed).")
    var insecure = false

    @Option(help: "Packets sent through each path (Send indication, ChannelData).")
    var count = 10

    @Option(help: "Seconds any one step may take.")
    var timeout: Double = 5

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func validate() throws {
        _ = try serverURL()
        if secret == nil {
            guard user != nil, password != nil else { throw ValidationError("turn-check needs --user and --password, or --secret.") }
        }
        guard (1...10_000).contains(count) else { throw ValidationError("--count must be between 1 and 10000.") }
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be between 0 and 300 seconds.") }
        guard !(insecure && caFile != nil) else { throw ValidationError("--insecure and --ca-file contradict each other; pick one.") }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("cannot read the CA file \(caFile).")
        }
    }

    /// The URL with --transport applied; a bare HOST[:PORT] is taken as turn:HOST[:PORT].
    func serverURL() throws -> IceServerURL {
        let lowered = url.lowercased()
        let hasScheme = ["turn:", "turns:", "stun:", "stuns:"].contains { lowered.hasPrefix($0) } || lowered.contains("://")
        var server: IceServerURL
        do {
            server = try IceServerURL(parsing: hasScheme ? url : "turn:" + url)
        } catch {
            throw ValidationError("\(error).")
        }
        guard server.scheme.isTURN else { throw ValidationError("turn-check needs a turn: or turns: URL, not \(server.scheme.rawValue):.") }
        if let transport {
            guard let chosen = IceServerURL.Transport(rawValue: transport.lowercased()) else {
                throw ValidationError("--transport must be udp, tcp or tls, not \(transport).")
            }
            if server.scheme.isSecure, chosen != .tls {
                throw ValidationError("a turns: URL is TLS; --transport \(transport) contradicts it.")
            }
            server.transport = chosen
        }
        return server
    }

    func run() throws {
        var options = TURNCheck.Options(server: try serverURL(), username: user ?? "", password: password, secret: secret)
        options.credentialLifetime = .seconds(credentialTTL)
        options.count = count
        options.timeout = .milliseconds(Int64(timeout * 1000))
        if insecure {
            options.verification = .none
            if options.server.transport == .tls {
                FileHandle.standardError.write(Data("kaamos-tui: warning: --insecure: the TURN server's certificate is not verified\n".utf8))
            }
        } else if let caFile {
            options.verification = .caFile(caFile)
        }
        let report = TURNCheck.run(options)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.summary)
        }
        guard !report.ok else { return }
        let reason = report.errors.first ?? "\(report.failed_step ?? "unknown"): no reason given"
        FileHandle.standardError.write(Data("kaamos-tui: turn-check failed at \(reason)\n".utf8))
        let unreachable = report.failed_step == TURNCheckStep.resolve.rawValue || report.failed_step == TURNCheckStep.connect.rawValue
        throw ExitCode(unreachable ? 4 : 1)
    }
}
