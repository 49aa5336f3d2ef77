import ArgumentParser
import TrellisCore
import TrellisStore

struct Dependents: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "dependents", abstract: "Who depends on a module (direct, or with -t transitive).")

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var traversal: TraversalOptions

    @Flag(help: "Also follow name references: requirements on the module's name with no local source (lib-one>=1).")
    var withNameRefs = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        guard withNameRefs else {
            let (start, reached) = try traversal.reach(.dependents, in: view)
            try context.render(.reached(reached, empty: "No module depends on \(start.name)."))
            return .success
        }
        let (start, reached) = try view.dependentsByPathOrName(
            of: traversal.module, transitive: traversal.transitive, maxDepth: traversal.depth)
        try context.render(.byPathOrName(reached, empty: "No module depends on \(start.name), by path or by name."))
        return .success
    }
}

extension Report {
    /// `dependents --with-name-refs`: the reached modules, each saying how it is reached.
    fileprivate static func byPathOrName(
        _ reached: [(reached: DependencyGraph.Reached, byPath: Bool)], empty: String
    ) -> Report {
        let via = { (entry: (reached: DependencyGraph.Reached, byPath: Bool)) in entry.byPath ? "path" : "name" }
        return Report(
            columns: ["NAME", "KIND", "DEPTH", "VIA", "PATH"],
            rows: reached.map {
                [
                    $0.reached.module.name.rawValue, $0.reached.module.kind.rawValue, "\($0.reached.depth)", via($0),
                    $0.reached.module.path,
                ]
            },
            empty: empty, json: reached.map { ModuleEntryJSON($0.reached, via: via($0)) })
    }
}
