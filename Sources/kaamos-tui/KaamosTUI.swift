import ArgumentParser

@main
struct KaamosTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaamos-tui",
        abstract: "Terminal video calls and admin console for Kaamos rooms.",
        subcommands: [
            LoopbackCommand.self,
            BenchCommand.self,
            CreateCommand.self,
            RoomsCommand.self,
            ParticipantsCommand.self,
            KickCommand.self,
            MuteCommand.self,
            CloseCommand.self,
            AdminCommand.self,
        ]
    )
}
