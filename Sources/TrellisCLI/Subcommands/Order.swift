import ArgumentParser
import TrellisCore

struct Order: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "A build and test order, dependencies first; with --levels, the groups that can run in parallel.")

    @OptionGroup var globals: GlobalOptions

    @Flag(help: "Print levels: every module of a level depends only on earlier levels.")
    var levels = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let graph = try context.view().graph()
        let computed: [[Module]]
        do {
            computed = try graph.levels()
        } catch {
            context.console.err("trellis: no order exists: \(error)")
            return ExitCode(1)
        }
        let json = computed.enumerated().flatMap { level, modules in
            modules.map { ModuleEntryJSON($0, level: level + 1) }
        }
        let text: Report.Block =
            levels
            ? .table(
                Table(
                    columns: ["LEVEL", "MODULES"],
                    rows: computed.enumerated().map {
                        ["\($0.offset + 1)", $0.element.map(\.name.rawValue).joined(separator: " ")]
                    }))
            : .lines(computed.joined().map(\.name.rawValue))
        try context.render(Report([text], json: json))
        return .success
    }
}
