import ArgumentParser

@main
struct KaamosTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaamos-tui",
        abstract: "Terminal video calls and admin console for Kaamos rooms.",
        subcommands: [
            JoinCommand.self, DemoCommand.self, ProbeCommand.self, LoadCommand.self, LoopbackCommand.self, BenchCommand.self,
            PreviewCommand.self, DevicesCommand.self, UIDemoCommand.self,
            CreateCommand.self, RoomsCommand.self, ParticipantsCommand.self, KickCommand.self, MuteCommand.self, CloseCommand.self,
            AdminCommand.self,
        ]
    )
}
