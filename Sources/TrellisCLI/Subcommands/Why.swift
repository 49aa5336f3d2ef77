import ArgumentParser
import TrellisCore

struct Why: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Why a module depends on another: the shortest dependency path, or every one with --all.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "The module that depends.")
    var from: String

    @Argument(help: "The module it depends on.")
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
        var paths: [[ModuleName]]
        var truncated = false
        if all {
            let found = graph.allPaths(from: start.name, to: goal.name, limit: limit)
            paths = found.paths
            truncated = found.truncated
        } else {
            paths = graph.shortestPath(from: start.name, to: goal.name).map { [$0] } ?? []
        }
        if truncated {
            context.console.err("trellis: warning: stopped after \(limit) paths; more exist (raise --limit)")
        }
        var output = ""
        if context.options.json {
            try JSONRenderer.render(paths.map { $0.map(\.rawValue) }, into: &output)
        } else if paths.isEmpty {
            output = "\(start.name) does not depend on \(goal.name).\n"
        } else {
            output = paths.map { graph.describe($0) + "\n" }.joined()
            if truncated { output += "… stopped after \(limit) paths (--limit).\n" }
        }
        context.console.out(output)
        return .success
    }
}
