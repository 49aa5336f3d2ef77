/// The modules and path edges of one snapshot as adjacency lists, for traversal without a database.
public struct DependencyGraph: Sendable {
    public let modules: [Module]
    public let edges: [PathEdge]
    // Internal so the algorithms in DependencyGraph+*.swift share the adjacency. By folder: edges
    // end at folders, and a name may be declared by two of them.
    let index: [String: Int]
    let outgoing: [[Int]]
    let incoming: [[Int]]

    /// Builds the adjacency in O(modules + edges). Edges naming unknown modules are ignored.
    public init(modules: [Module], edges: [PathEdge]) {
        self.modules = modules
        self.edges = edges
        var index: [String: Int] = [:]
        for (position, module) in modules.enumerated() where index[module.path] == nil {
            index[module.path] = position
        }
        var outgoing = Array(repeating: [Int](), count: modules.count)
        var incoming = Array(repeating: [Int](), count: modules.count)
        for edge in edges {
            guard let from = index[edge.from], let to = index[edge.to] else { continue }
            outgoing[from].append(to)
            incoming[to].append(from)
        }
        self.index = index
        self.outgoing = Self.withoutRepeats(outgoing)
        self.incoming = Self.withoutRepeats(incoming)
    }

    /// Each adjacency list with every neighbour once (several edges can join two modules, one
    /// per group), in first-seen order. O(modules + edges), with no set per module.
    private static func withoutRepeats(_ lists: [[Int]]) -> [[Int]] {
        var lastOwner = Array(repeating: -1, count: lists.count)
        var unique = lists
        for (owner, list) in lists.enumerated() where list.count > 1 {
            var kept: [Int] = []
            kept.reserveCapacity(list.count)
            for neighbour in list where lastOwner[neighbour] != owner {
                lastOwner[neighbour] = owner
                kept.append(neighbour)
            }
            unique[owner] = kept
        }
        return unique
    }

    /// A module reached by a traversal, with its distance in edges from the start (1 = direct).
    public struct Reached: Hashable, Sendable {
        public var module: Module
        public var depth: Int

        public init(module: Module, depth: Int) {
            self.module = module
            self.depth = depth
        }

        /// By depth, then name, then folder (two modules may share a name).
        public static func order(_ a: Reached, _ b: Reached) -> Bool {
            (a.depth, a.module.name, a.module.path) < (b.depth, b.module.name, b.module.path)
        }
    }

    public enum Direction: Sendable { case dependents, dependencies }

    /// The module in the folder `folder`, if any.
    public func module(at folder: String) -> Module? { index[folder].map { modules[$0] } }

    /// Who depends on the module in `folder` (`.dependents`) or what it depends on
    /// (`.dependencies`): the direct neighbours, or with `transitive` every module reachable, at
    /// its shortest depth, up to `maxDepth`. Sorted by depth, name, then folder. Breadth-first:
    /// O(modules + edges), terminates on cycles.
    public func reach(_ direction: Direction, from folder: String, transitive: Bool, maxDepth: Int? = nil)
        -> [Reached]
    {
        guard let start = index[folder] else { return [] }
        let adjacency = direction == .dependents ? incoming : outgoing
        let limit = transitive ? (maxDepth ?? Int.max) : min(1, maxDepth ?? 1)
        var depth = Array(repeating: -1, count: modules.count)
        depth[start] = 0
        var frontier = [start]
        var reached: [Reached] = []
        var level = 0
        while !frontier.isEmpty && level < limit {
            level += 1
            var next: [Int] = []
            for node in frontier {
                for neighbour in adjacency[node] where depth[neighbour] < 0 {
                    depth[neighbour] = level
                    next.append(neighbour)
                    reached.append(Reached(module: modules[neighbour], depth: level))
                }
            }
            frontier = next
        }
        return reached.sorted(by: Reached.order)
    }
}
