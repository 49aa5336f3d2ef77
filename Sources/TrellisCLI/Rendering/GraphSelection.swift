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

    /// The slice of `view`'s graph these options choose, marked as `highlight` asks; for
    /// `affected:REF`, the files changed since REF come from git in `context`'s repository.
    func slice(of view: RegistryView, in context: CommandContext) throws -> GraphSlice {
        let whole = try view.graph()
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
        return slice
    }
}
