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
    /// Each drawn module's node identifier by folder: its name, or its folder where two drawn
    /// modules share the name.
    private let nodeIDs: [String: String]
    /// Each drawn module's name by folder.
    private let names: [String: ModuleName]

    init(modules: [Module], edges: [PathEdge]) {
        self.modules = modules.sorted { ($0.name, $0.path) < ($1.name, $1.path) }
        var names: [String: ModuleName] = [:]
        var count: [ModuleName: Int] = [:]
        for module in modules {
            names[module.path] = module.name
            count[module.name, default: 0] += 1
        }
        self.names = names
        nodeIDs = Dictionary(
            modules.map { ($0.path, count[$0.name] == 1 ? $0.name.rawValue : $0.path) }, uniquingKeysWith: { $1 })
        // By names, as people read them; folders only break ties between modules of one name.
        self.edges = edges.filter { names[$0.from] != nil && names[$0.to] != nil }
            .sorted {
                (names[$0.from]!, names[$0.to]!, $0.group, $0.from, $0.to)
                    < (names[$1.from]!, names[$1.to]!, $1.group, $1.from, $1.to)
            }
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
