import TrellisCore

/// The part of the graph a renderer draws: nodes and edges, sorted, plus what to mark.
///
/// Modules are told apart by folder (two may share a name); `nodeID(of:)` is the one place a
/// renderer gets a module's node identifier from an edge end.
struct GraphSlice {
    /// The two ends of an edge (folders), to mark edges without comparing every attribute.
    struct EdgeKey: Hashable {
        var from: String
        var to: String
    }

    var modules: [Module]
    var edges: [PathEdge]
    /// External requirements of the drawn modules (`--external`), sorted; one node per package.
    var requirements: [Requirement] = []
    /// The folders of the modules the slice is centred on (`--focus`), drawn bold.
    var focus: Set<String> = []
    /// The folders of the modules `--highlight` colours, and the edges it colours.
    var highlighted: Set<String> = []
    var highlightedEdges: Set<EdgeKey> = []
    /// With `graph --imports`: each drawn import edge's link (its status and every import site).
    var imports: [EdgeKey: ImportLink] = [:]
    /// With `diff --format`: what changed, drawn in green (added), red dashed (removed) and amber
    /// (changed), with a legend.
    var changes: GraphDelta?
    /// Each drawn module's node identifier by folder: its name, or its folder where two drawn
    /// modules share the name.
    private let nodeIDs: [String: String]
    /// Each drawn module's name by folder.
    private let names: [String: ModuleName]

    init(modules: [Module], edges: [PathEdge]) {
        self.modules = modules.sorted { ($0.name, $0.path) < ($1.name, $1.path) }
        var names: [String: ModuleName] = [:]
        var rank: [String: Int] = [:]
        var count: [ModuleName: Int] = [:]
        names.reserveCapacity(modules.count)
        rank.reserveCapacity(modules.count)
        for (position, module) in self.modules.enumerated() {
            names[module.path] = module.name
            rank[module.path] = position
            count[module.name, default: 0] += 1
        }
        self.names = names
        nodeIDs = Dictionary(
            self.modules.map { ($0.path, count[$0.name] == 1 ? $0.name.rawValue : $0.path) }, uniquingKeysWith: { $1 })
        // By names, as people read them (a module's rank is its place in name, folder order):
        // integers compared, each end looked up once.
        let ranked = edges.compactMap { edge in
            rank[edge.from].flatMap { from in rank[edge.to].map { (from: from, to: $0, edge: edge) } }
        }
        self.edges = ranked.sorted {
            if $0.from != $1.from { return $0.from < $1.from }
            if $0.to != $1.to { return $0.to < $1.to }
            return $0.edge.group < $1.edge.group
        }.map(\.edge)
    }

    /// The node identifier of the drawn module in `folder` (its name unless another drawn module shares it).
    func nodeID(of folder: String) -> String { nodeIDs[folder] ?? folder }

    /// The name of the drawn module in `folder`.
    func name(of folder: String) -> ModuleName { names[folder] ?? ModuleName(folder) }

    /// Adds the external requirements of the drawn modules, sorted by module, package, group.
    mutating func addRequirements(_ all: [Requirement]) {
        let names = self.names
        requirements = all.filter { names[$0.module] != nil }
            .sorted {
                (names[$0.module]!, $0.module, $0.package, $0.group, $0.line)
                    < (names[$1.module]!, $1.module, $1.package, $1.group, $1.line)
            }
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
            nodes: modules.map(\.path), edges: edges.map { ($0.from, $0.to) })
        for component in cycles {
            let members = Set(component)
            highlighted.formUnion(members)
            for edge in edges where members.contains(edge.from) && members.contains(edge.to) {
                highlightedEdges.insert(EdgeKey(from: edge.from, to: edge.to))
            }
        }
    }

    /// Marks the modules in `folders` (an affected set) and the drawn edges between them. O(modules + edges).
    mutating func highlight(_ folders: [String]) {
        highlighted = Set(folders)
        highlightedEdges = Set(
            edges.filter { highlighted.contains($0.from) && highlighted.contains($0.to) }.map {
                EdgeKey(from: $0.from, to: $0.to)
            })
    }

    /// Marks the module in `folder` and every drawn module that depends on it, with the edges
    /// that lead to them: what a change to it can break. O(modules + edges).
    mutating func highlightDependents(of folder: String) {
        let impact = GraphFocus(focus: [folder], reverse: true).apply(
            to: DependencyGraph(modules: modules, edges: edges))
        highlighted = Set(impact.modules.map(\.path))
        highlightedEdges = Set(impact.edges.map { EdgeKey(from: $0.from, to: $0.to) })
    }
}
