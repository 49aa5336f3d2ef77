/// Which part of the graph to draw: the neighbourhood of some modules, one kind, some edge groups.
/// A 300-module graph drawn whole answers no question; a focus does.
public struct GraphFocus: Sendable, Equatable {
    /// The folders of the modules at the centre; empty means the whole graph.
    public var focus: [String]
    /// How many edges away from the focus to go; nil follows edges all the way.
    public var depth: Int?
    /// Only what depends on the focus (its dependents), not what it depends on.
    public var reverse: Bool
    /// The kinds of module to keep (the focus is always kept); nil keeps every kind.
    public var kinds: Set<ModuleKind>?
    /// The edge groups to follow and draw (`main`, `dev`, …); nil keeps every group.
    public var groups: Set<String>?

    /// A focus; the defaults select the whole graph.
    public init(
        focus: [String] = [], depth: Int? = nil, reverse: Bool = false,
        kinds: Set<ModuleKind>? = nil, groups: Set<String>? = nil
    ) {
        self.focus = focus
        self.depth = depth
        self.reverse = reverse
        self.kinds = kinds
        self.groups = groups
    }

    /// The slice of `graph` this focus selects: the focus modules, every module that depends on
    /// them within `depth` edges, and (unless `reverse`) every module they depend on within
    /// `depth` edges, then narrowed to `kinds`; with the edges of the kept `groups` between the
    /// kept modules (the induced subgraph). The neighbourhood follows edge direction on purpose:
    /// an undirected walk would pull in siblings (other users of a shared dependency) that
    /// answer no question about the focus. Two breadth-first walks: O(modules + edges).
    public func apply(to graph: DependencyGraph) -> DependencyGraph {
        if isWholeGraph(of: graph) { return graph }
        let edges = groups.map { kept in graph.edges.filter { kept.contains($0.group) } } ?? graph.edges
        var selected: Set<String>
        if focus.isEmpty {
            selected = Set(graph.modules.map(\.path))
        } else {
            let start = Set(focus.filter { graph.index[$0] != nil })
            var incoming: [String: [String]] = [:]
            var outgoing: [String: [String]] = [:]
            for edge in edges {
                incoming[edge.to, default: []].append(edge.from)
                outgoing[edge.from, default: []].append(edge.to)
            }
            selected = start
            selected.formUnion(Self.walk(from: start, along: incoming, depth: depth))
            if !reverse { selected.formUnion(Self.walk(from: start, along: outgoing, depth: depth)) }
        }
        if let kinds {
            let pinned = Set(focus)
            selected = Set(
                graph.modules.filter {
                    selected.contains($0.path) && (kinds.contains($0.kind) || pinned.contains($0.path))
                }.map(\.path))
        }
        return DependencyGraph(
            modules: graph.modules.filter { selected.contains($0.path) },
            edges: edges.filter { selected.contains($0.from) && selected.contains($0.to) })
    }

    /// True when this focus selects all of `graph` as it is: no focus, kind or group to narrow
    /// it, and no edge naming a module the graph lacks (the induced subgraph would drop it).
    /// Then `apply` hands the graph back instead of building the same one again.
    func isWholeGraph(of graph: DependencyGraph) -> Bool {
        focus.isEmpty && kinds == nil && groups == nil
            && graph.edges.allSatisfy { graph.index[$0.from] != nil && graph.index[$0.to] != nil }
    }

    /// Every module reachable from `start` along `adjacency` within `depth` edges (multi-source BFS;
    /// each module is visited once, so cycles terminate).
    static func walk(from start: Set<String>, along adjacency: [String: [String]], depth: Int?) -> Set<String> {
        var seen = start
        var frontier = Array(start)
        var level = 0
        while !frontier.isEmpty && level < (depth ?? Int.max) {
            level += 1
            var next: [String] = []
            for node in frontier {
                for neighbour in adjacency[node] ?? [] where seen.insert(neighbour).inserted {
                    next.append(neighbour)
                }
            }
            frontier = next
        }
        return seen
    }
}
