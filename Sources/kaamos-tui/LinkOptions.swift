import ArgumentParser
import ClientCore

/// `--link`, `--uplink`, `--downlink`: an emulated bad network on this process's own media path
/// (probe and load). Checked in `validate()`, so a bad spec is a usage error (status 64).
struct LinkOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Impair the media path both ways in-process, no root needed, e.g. 'rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%' (rate in bit/kbit/Mbit, queue as time or B/kB, delay and jitter in ms or s, loss in %). Signaling (the WebSocket) is not impaired.",
        valueName: "SPEC"))
    var link: String?

    @Option(help: ArgumentHelp("Impair what this client sends (replaces --link for that direction).", valueName: "SPEC"))
    var uplink: String?

    @Option(help: ArgumentHelp("Impair what this client receives (replaces --link for that direction).", valueName: "SPEC"))
    var downlink: String?

    func validate() throws {
        _ = try impairment()
    }

    func impairment() throws -> LinkImpairment {
        do {
            return try LinkImpairment(link: link, uplink: uplink, downlink: downlink)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
