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
        let graph = try view.graph()
        let start = try ModuleLookup(modules: graph.modules).find(module)
        return (view, start, graph.reach(direction, from: start.name, transitive: transitive, maxDepth: depth))
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

struct Dependents: TrellisSubcommand {
    static let configuration = CommandConfiguration(abstract: "Who depends on a module (direct, or with -t transitive).")

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

struct Dependencies: TrellisSubcommand {
    static let configuration = CommandConfiguration(abstract: "What a module depends on through path dependencies.")

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var traversal: TraversalOptions

    @Flag(help: "Also list the external requirements of the module (with -t, of every module reached).")
    var external = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let (view, start, reached) = try traversal.run(.dependencies, context: context)
        var output = ""
        guard external else {
            try TraversalOptions.render(reached, json: context.options.json, empty: "\(start.name) has no path dependencies.", into: &output)
            context.console.out(output)
            return .success
        }
        // External requirements of the start module (depth 1) and of every module reached (one deeper).
        let sources = [DependencyGraph.Reached(module: start, depth: 0)] + reached
        let external = try sources.flatMap { source in
            try view.requirements(of: source.module.name).map { (requirement: $0, depth: source.depth + 1) }
        }
        if context.options.json {
            let entries = reached.map { DependencyJSON($0) } + external.map { DependencyJSON($0.requirement, depth: $0.depth) }
            try JSONRenderer.render(entries, into: &output)
        } else {
            try TraversalOptions.render(reached, json: false, empty: "\(start.name) has no path dependencies.", into: &output)
            output += "\n"
            Table(
                columns: ["PACKAGE", "SPECIFIER", "GROUP", "DEPTH", "REQUIRED BY"],
                rows: external.map {
                    let requirement = $0.requirement
                    return [requirement.package.rawValue, requirement.specifier.isEmpty ? "*" : requirement.specifier,
                            requirement.group, "\($0.depth)", requirement.module.rawValue]
                }
            ).render(into: &output)
        }
        context.console.out(output)
        return .success
    }
}

/// `dependencies --external`: the shape of `dependencies`, with external packages as kind
/// `external` (path null) and their specifier, group and the module requiring them.
private struct DependencyJSON: Encodable {
    var name: String
    @NullEncoded var path: String?
    var kind: String
    var depth: Int
    @NullEncoded var specifier: String?
    @NullEncoded var group: String?
    @NullEncoded var requiredBy: String?

    init(_ reached: DependencyGraph.Reached) {
        name = reached.module.name.rawValue
        path = reached.module.path
        kind = reached.module.kind.rawValue
        depth = reached.depth
    }

    init(_ requirement: Requirement, depth: Int) {
        name = requirement.package.rawValue
        kind = "external"
        self.depth = depth
        specifier = requirement.specifier
        group = requirement.group
        requiredBy = requirement.module.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case name, path, kind, depth, specifier, group
        case requiredBy = "required_by"
    }
}
