import ArgumentParser

@main
struct KaamosTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaamos-tui",
        abstract: "Terminal video calls and admin console for Kaamos rooms.",
        subcommands: [
            JoinCommand.self, DemoCommand.self, CreateCommand.self, AdminCommand.self, RoomsCommand.self,
            ParticipantsCommand.self, KickCommand.self, MuteCommand.self, CloseCommand.self, ProbeCommand.self,
            LoadCommand.self, PreviewCommand.self, DevicesCommand.self, LoopbackCommand.self, BenchCommand.self,
            UIDemoCommand.self,
            TURNCheckCommand.self,
        ]
    )
}
