import ArgumentParser
import TrellisCore

struct Why: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Why a module depends on another: the shortest dependency path, or every one with --all.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "The module that depends.", completion: ModuleCompletion.kind)
    var from: String

    @Argument(help: "The module it depends on.", completion: ModuleCompletion.kind)
    var to: String

    @Flag(help: "Every simple path, shortest first (up to --limit).")
    var all = false

    @Option(help: "With --all, stop after this many paths.")
    var limit = 100

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let graph = try context.view().graph()
        let lookup = ModuleLookup(modules: graph.modules)
        let start = try lookup.find(from), goal = try lookup.find(to)
        let found = all ? graph.allPaths(from: start.path, to: goal.path, limit: limit) : nil
        let paths = found?.paths ?? (graph.shortestPath(from: start.path, to: goal.path).map { [$0] } ?? [])
        let truncated = found?.truncated ?? false
        if truncated {
            context.console.err("trellis: warning: stopped after \(limit) paths; more exist (raise --limit)")
        }
        var lines = paths.isEmpty ? ["\(start.name) does not depend on \(goal.name)."] : paths.map(graph.describe)
        if truncated { lines.append("… stopped after \(limit) paths (--limit).") }
        try context.render(Report([.lines(lines)], json: paths.map { $0.map(\.name.rawValue) }))
        return .success
    }
}
