import ArgumentParser
import TrellisCore
import TrellisStore

/// The options of `dependents` and `dependencies`.
struct TraversalOptions: ParsableArguments {
    @Argument(help: "A module: any spelling of its name, or its folder.")
    var module: String

    @Flag(name: .shortAndLong, help: "Follow edges transitively.")
    var transitive = false

    @Option(help: "With --transitive, stop after this many edges.")
    var depth: Int?

    func validate() throws {
        if let depth, depth < 1 { throw ValidationError("--depth must be 1 or more") }
        if depth != nil && !transitive { throw ValidationError("--depth goes with --transitive") }
    }

    /// Runs the traversal in `direction` and prints the reached modules.
    func run(_ direction: DependencyGraph.Direction, context: CommandContext) throws -> (RegistryView, Module, [DependencyGraph.Reached]) {
        let view = try context.view()
        let (start, reached) = try view.reach(direction, fromModuleNamed: module, transitive: transitive, maxDepth: depth)
        return (view, start, reached)
    }

    static func render(_ reached: [DependencyGraph.Reached], json: Bool, empty: String, into output: inout String) throws {
        if json {
            try JSONRenderer.render(reached.map { ReachedJSON($0) }, into: &output)
        } else if reached.isEmpty {
            output += empty + "\n"
        } else {
            Table(
                columns: ["NAME", "KIND", "DEPTH", "PATH"],
                rows: reached.map { [$0.module.name.rawValue, $0.module.kind.rawValue, "\($0.depth)", $0.module.path] }
            ).render(into: &output)
        }
    }
}
