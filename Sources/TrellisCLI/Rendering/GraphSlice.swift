import TrellisCore

/// The part of the graph a renderer draws: nodes and edges, sorted, plus what to mark.
struct GraphSlice {
    /// The two ends of an edge, to mark edges without comparing every attribute.
    struct EdgeKey: Hashable {
        var from: ModuleName
        var to: ModuleName
    }

    var modules: [Module]
    var edges: [PathEdge]
    /// External requirements of the drawn modules (`--external`), sorted; one node per package.
    var requirements: [Requirement] = []
    /// The modules the slice is centred on (`--focus`), drawn bold.
    var focus: Set<ModuleName> = []
    /// The modules and edges `--highlight` colours.
    var highlighted: Set<ModuleName> = []
    var highlightedEdges: Set<EdgeKey> = []

    init(modules: [Module], edges: [PathEdge]) {
        self.modules = modules.sorted { ($0.name, $0.path) < ($1.name, $1.path) }
        let names = Set(modules.map(\.name))
        self.edges = edges.filter { names.contains($0.from) && names.contains($0.to) }
            .sorted { ($0.from, $0.to, $0.group) < ($1.from, $1.to, $1.group) }
    }

    /// Adds the external requirements of the drawn modules, sorted by module, package, group.
    mutating func addRequirements(_ all: [Requirement]) {
        let names = Set(modules.map(\.name))
        requirements = all.filter { names.contains($0.module) }
            .sorted { ($0.module, $0.package, $0.group, $0.line) < ($1.module, $1.package, $1.group, $1.line) }
    }

    /// The external packages, each once, sorted by name.
    var packages: [ModuleName] { Array(Set(requirements.map(\.package))).sorted() }

    func isHighlighted(_ edge: PathEdge) -> Bool {
        !highlightedEdges.isEmpty && highlightedEdges.contains(EdgeKey(from: edge.from, to: edge.to))
    }

    /// Marks every module in a dependency cycle of the drawn edges, and the edges inside each
    /// cycle (an edge between two different cycles is not part of either). O(modules + edges).
    mutating func highlightCycles() {
        let cycles = StronglyConnectedComponents.cycles(
            nodes: modules.map(\.name), edges: edges.map { ($0.from, $0.to) })
        for component in cycles {
            let members = Set(component)
            highlighted.formUnion(members)
            for edge in edges where members.contains(edge.from) && members.contains(edge.to) {
                highlightedEdges.insert(EdgeKey(from: edge.from, to: edge.to))
            }
        }
    }

    /// Marks `names` (an affected set) and the drawn edges between them. O(modules + edges).
    mutating func highlight(_ names: [ModuleName]) {
        highlighted = Set(names)
        highlightedEdges = Set(
            edges.filter { highlighted.contains($0.from) && highlighted.contains($0.to) }.map {
                EdgeKey(from: $0.from, to: $0.to)
            })
    }

    /// Marks `name` and every drawn module that depends on it, with the edges that lead to them:
    /// what a change to `name` can break. O(modules + edges).
    mutating func highlightDependents(of name: ModuleName) {
        let impact = GraphFocus(focus: [name], reverse: true).apply(to: DependencyGraph(modules: modules, edges: edges))
        highlighted = Set(impact.modules.map(\.name))
        highlightedEdges = Set(impact.edges.map { EdgeKey(from: $0.from, to: $0.to) })
    }
}
