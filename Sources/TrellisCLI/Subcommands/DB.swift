import ArgumentParser

struct DB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The registry database itself.", subcommands: [Path.self])

    struct Path: TrellisSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "path", abstract: "Print where the registry database is.")

        @OptionGroup var globals: GlobalOptions

        func execute(_ context: CommandContext) throws -> ExitCode {
            try context.render(Report(text: [context.databasePath]))
            return .success
        }
    }
}
