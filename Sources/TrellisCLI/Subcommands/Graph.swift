import ArgumentParser
import TrellisCore

/// The formats `graph` writes.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, json
}

struct Graph: TrellisSubcommand {
    static let configuration = CommandConfiguration(abstract: "The whole graph, for Graphviz (dot) or scripts (json).")

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Output format (--json is the same as --format json).")
    var format: GraphFormat = .dot

    func execute(_ context: CommandContext) throws -> ExitCode {
        let graph = try context.view().graph()
        let slice = GraphSlice(modules: graph.modules, edges: graph.edges)
        var output = ""
        if context.options.json || format == .json {
            try JSONRenderer.render(GraphJSON(slice), into: &output)
        } else {
            DOTRenderer.render(slice, into: &output)
        }
        context.console.out(output)
        return .success
    }
}

/// `{"nodes": [module…], "edges": [{"from", "to", "group", "editable", "optional"}]}`.
private struct GraphJSON: Encodable {
    struct Edge: Encodable {
        var from: String
        var to: String
        var group: String
        var editable: Bool
        var optional: Bool
    }

    var nodes: [ModuleJSON]
    var edges: [Edge]

    init(_ slice: GraphSlice) {
        nodes = slice.modules.map(ModuleJSON.init)
        edges = slice.edges.map {
            Edge(from: $0.from.rawValue, to: $0.to.rawValue, group: $0.group, editable: $0.editable, optional: $0.optional)
        }
    }
}
