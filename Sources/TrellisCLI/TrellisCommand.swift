import ArgumentParser
import Foundation

/// The `trellis` command: the registry of a Python multi-project monorepo.
public struct TrellisCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "trellis",
        abstract: "The dependency registry of a Python multi-project monorepo.",
        discussion: """
            Exit codes: 0 success (an empty answer too), 1 problems found, 2 error (unknown module, \
            unreadable repository or registry, busy registry), 64 usage.
            """,
        version: TrellisVersion.text,
        subcommands: [
            Scan.self, Modules.self, Show.self, Dependents.self, Dependencies.self, Graph.self,
            History.self, Diff.self, ImportGit.self,
            Affected.self, Context.self, Pin.self, Why.self, Cycles.self, Order.self, Check.self, Imports.self, DB.self,
            Doctor.self, Config.self,
        ])

    public init() {}

    /// Parses `arguments`, runs the command with `console`, and returns the exit code. Never exits.
    public static func run(
        _ arguments: [String], console: Console,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            guard var subcommand = command as? any TrellisSubcommand else {
                try command.run()
                return 0
            }
            let context = try CommandContext(
                options: subcommand.globals, console: console, environment: environment,
                currentDirectory: currentDirectory, command: type(of: subcommand).configuration.commandName ?? "")
            return try subcommand.execute(context).rawValue
        } catch {
            if let error = CLIError.wrap(error) {
                console.err("trellis: error: \(error)")
                return 2
            }
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            switch code {
            case .success:
                if !message.isEmpty { console.out(HelpExamples.appending(to: message, for: arguments)) }
            case .validationFailure:
                console.err(message)
            default:
                if !(error is ExitCode) {
                    console.err("trellis: internal error: \(error); please report it")
                    return 2
                }
            }
            return code.rawValue
        }
    }
}

/// A subcommand that reads the global options and runs against a context.
protocol TrellisSubcommand: ParsableCommand {
    var globals: GlobalOptions { get }
    /// Runs the command; returns the exit code for a command that ran (0, or 1 for problems found).
    mutating func execute(_ context: CommandContext) throws -> ExitCode
}

extension TrellisSubcommand {
    /// argument-parser's entry point, used only when a command is run outside `TrellisCommand.run`.
    mutating func run() throws {
        let code = TrellisCommand.run(CommandLine.arguments.dropFirst().map { $0 }, console: .standard())
        if code != 0 { throw ExitCode(code) }
    }
}
