import ArgumentParser
import TrellisCore
import TrellisStore

/// The options of `dependents` and `dependencies`.
struct TraversalOptions: ParsableArguments {
    @Argument(help: "A module: any spelling of its name, or its folder.", completion: ModuleCompletion.kind)
    var module: String

    @Flag(name: .shortAndLong, help: "Follow edges transitively.")
    var transitive = false

    @Option(help: "With --transitive, stop after this many edges.")
    var depth: Int?

    func validate() throws {
        if let depth, depth < 1 { throw ValidationError("--depth must be 1 or more") }
        if depth != nil && !transitive { throw ValidationError("--depth goes with --transitive") }
    }

    /// The module named by the argument, and the modules reached from it in `direction`.
    func reach(
        _ direction: DependencyGraph.Direction, in view: RegistryView
    ) throws -> (start: Module, reached: [DependencyGraph.Reached]) {
        try view.reach(direction, fromModuleNamed: module, transitive: transitive, maxDepth: depth)
    }
}

extension Report {
    /// `dependents` and `dependencies`: one row per module reached, `empty` when there is none.
    static func reached(_ reached: [DependencyGraph.Reached], empty: String) -> Report {
        Report(
            columns: ["NAME", "KIND", "DEPTH", "PATH"],
            rows: reached.map { [$0.module.name.rawValue, $0.module.kind.rawValue, "\($0.depth)", $0.module.path] },
            empty: empty, json: reached.map { ModuleEntryJSON($0) })
    }
}
