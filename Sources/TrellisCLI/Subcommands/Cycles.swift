import ArgumentParser
import TrellisCore

struct Cycles: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "cycles",
        abstract: "Dependency cycles: every group of modules that depend on each other, with one cycle each.")

    @OptionGroup var globals: GlobalOptions

    @Flag(help: "Exit with status 1 when there is any cycle.")
    var fail = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let graph = try context.view().graph()
        let cycles = graph.cycles()
        let lines = cycles.map { cycle in
            // A group larger than the one cycle shown names all its members.
            graph.describe(cycle.path)
                + (cycle.members.count + 1 > cycle.path.count
                    ? "  (\(cycle.members.count) modules: \(cycle.members.map(\.name.rawValue).joined(separator: ", ")))"
                    : "")
        }
        try context.render(Report([.lines(cycles.isEmpty ? ["No cycles."] : lines)], json: cycles.map(CycleJSON.init)))
        return fail && !cycles.isEmpty ? ExitCode(1) : .success
    }
}

/// `cycles`: `{"members": [names], "cycle": [a, b, …, a]}`.
private struct CycleJSON: Encodable {
    var members: [String]
    var cycle: [String]

    init(_ cycle: DependencyGraph.Cycle) {
        members = cycle.members.map(\.name.rawValue)
        self.cycle = cycle.path.map(\.name.rawValue)
    }
}
