import TrellisCore
import TrellisStore

/// What `graph` draws: the options that choose the modules and edges, and what to mark.
struct GraphSelection {
    var focus: [String]
    var depth: Int?
    var reverse: Bool
    var kinds: [ModuleKind]
    var groups: [String]
    var external: Bool
    var highlight: GraphHighlight?
    /// Draw the imports of the work tree's package code instead of the declared edges; the
    /// imports no edge declares (undeclared or transitive-only) are highlighted.
    var imports = false

    /// The slice of `view`'s graph these options choose, marked as `highlight` asks; for
    /// `affected:REF`, the files changed since REF come from git in `context`'s repository.
    func slice(of view: RegistryView, in context: CommandContext) throws -> GraphSlice {
        let declared = try view.graph()
        var judged: [GraphSlice.EdgeKey: ImportLink] = [:]
        var whole = declared
        if imports {
            guard let code = try context.importGraph(of: declared, tests: false) else {
                throw CLIError.tool("--imports reads the code of the work tree or of a git revision, not of a snapshot")
            }
            let found = code.importEdges(in: declared)
            // The tooltip says what is imported and how it stands against the declarations.
            let edges = found.map { found -> PathEdge in
                var edge = found.edge
                edge.declared = "import \(edge.declared) (\(found.link.status.rawValue))"
                return edge
            }
            whole = DependencyGraph(modules: declared.modules, edges: edges)
            for (edge, link) in found { judged[GraphSlice.EdgeKey(from: edge.from, to: edge.to)] = link }
        }
        let lookup = ModuleLookup(modules: whole.modules)
        let focusFolders = try focus.map { try lookup.find($0).path }
        let selection = GraphFocus(
            focus: focusFolders, depth: depth, reverse: reverse,
            kinds: kinds.isEmpty ? nil : Set(kinds), groups: groups.isEmpty ? nil : Set(groups)
        ).apply(to: whole)
        var slice = GraphSlice(modules: selection.modules, edges: selection.edges)
        slice.focus = Set(focusFolders)
        if external { slice.addRequirements(try view.requirements()) }
        switch highlight {
        case .cycles: slice.highlightCycles()
        case .module(let name): slice.highlightDependents(of: try lookup.find(name).path)
        case .affected(let ref):
            let changed = try context.changedFiles([], since: ref)
            let affected = AffectedModules(graph: whole, global: context.configuration.global).affected(by: changed)
            slice.highlight(affected.map(\.module.path))
        case nil: break
        }
        if imports {
            slice.imports = judged
            slice.highlightedEdges = Set(judged.filter { $0.value.status != .declared }.keys)
        }
        return slice
    }
}
