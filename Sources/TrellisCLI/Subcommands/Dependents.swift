import ArgumentParser
import TrellisCore
import TrellisStore

struct Dependents: TrellisSubcommand {
    static let configuration = CommandConfiguration(commandName: "dependents", abstract: "Who depends on a module (direct, or with -t transitive).")

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var traversal: TraversalOptions

    @Flag(help: "Also follow name references: requirements on the module's name with no local source (lib-one>=1).")
    var withNameRefs = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        guard withNameRefs else {
            let (_, start, reached) = try traversal.run(.dependents, context: context)
            var output = ""
            try TraversalOptions.render(reached, json: context.options.json, empty: "No module depends on \(start.name).", into: &output)
            context.console.out(output)
            return .success
        }
        let view = try context.view()
        let pathGraph = try view.graph()
        let start = try ModuleLookup(modules: pathGraph.modules).find(traversal.module)
        let references = NameReference.find(requirements: try view.requirements(), modules: pathGraph.modules)
        let graph = DependencyGraph(modules: pathGraph.modules, edges: pathGraph.edges + references.map(\.asEdge))
        let reached = graph.reach(.dependents, from: start.name, transitive: traversal.transitive, maxDepth: traversal.depth)
        let byPath = Set(pathGraph.reach(.dependents, from: start.name, transitive: traversal.transitive, maxDepth: traversal.depth).map(\.module.name))
        let via = { (reached: DependencyGraph.Reached) in byPath.contains(reached.module.name) ? "path" : "name" }
        var output = ""
        if context.options.json {
            try JSONRenderer.render(reached.map { ReachedJSON($0, via: via($0)) }, into: &output)
        } else if reached.isEmpty {
            output += "No module depends on \(start.name), by path or by name.\n"
        } else {
            Table(
                columns: ["NAME", "KIND", "DEPTH", "VIA", "PATH"],
                rows: reached.map { [$0.module.name.rawValue, $0.module.kind.rawValue, "\($0.depth)", via($0), $0.module.path] }
            ).render(into: &output)
        }
        context.console.out(output)
        return .success
    }
}
