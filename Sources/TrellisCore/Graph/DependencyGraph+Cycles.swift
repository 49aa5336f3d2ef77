extension DependencyGraph {
    /// A strongly connected component of more than one module, or a module that depends on itself.
    public struct Cycle: Equatable, Sendable {
        /// The members of the component, sorted by name (then folder).
        public var members: [Module]
        /// One concrete cycle through the component, starting and ending at its smallest name
        /// (`[a, b, c, a]`).
        public var path: [Module]
    }

    /// Every cycle of the graph: the strongly connected components (`StronglyConnectedComponents`,
    /// Tarjan, O(modules + edges)), then one shortest cycle per component by breadth-first search
    /// inside it, O(component size + its edges) each. Sorted by the first member's name.
    public func cycles() -> [Cycle] {
        // Over positions, not names: two folders may declare one name.
        let byName = { (a: Int, b: Int) in (modules[a].name, modules[a].path) < (modules[b].name, modules[b].path) }
        let pairs = edges.compactMap { edge in index[edge.from].flatMap { from in index[edge.to].map { (from, $0) } } }
        let components = StronglyConnectedComponents.cycles(nodes: Array(modules.indices), edges: pairs)
        return components.map { $0.sorted(by: byName) }.sorted { byName($0[0], $1[0]) }.map { members in
            let loop = shortestPath(from: members[0], to: members[0], within: Set(members)) ?? [members[0], members[0]]
            return Cycle(members: members.map { modules[$0] }, path: loop.map { modules[$0] })
        }
    }

    /// Breadth-first shortest path over dependency edges from `start` to `goal` (a cycle when
    /// they are equal), staying inside `allowed` when given. O(modules + edges).
    func shortestPath(from start: Int, to goal: Int, within allowed: Set<Int>? = nil) -> [Int]? {
        var parent = Array(repeating: -1, count: modules.count)
        var seen = Array(repeating: false, count: modules.count)
        var frontier = [start]
        if start != goal { seen[start] = true }
        while !frontier.isEmpty {
            var next: [Int] = []
            for node in frontier {
                // Sorted successors make the chosen path deterministic among equally short ones.
                for successor in outgoing[node].sorted(by: { modules[$0].name < modules[$1].name })
                where !seen[successor] && (allowed?.contains(successor) ?? true) {
                    seen[successor] = true
                    parent[successor] = node
                    if successor == goal {
                        var path = [goal]
                        var current = node
                        while current != start {
                            path.append(current)
                            current = parent[current]
                        }
                        path.append(start)
                        return path.reversed()
                    }
                    next.append(successor)
                }
            }
            frontier = next
        }
        return nil
    }

    // MARK: Paths between two modules (`why`)

    /// The shortest dependency path from the module in folder `from` to the one in `to`
    /// (`[from, …, to]`), or nil when `from` does not depend on `to`. Breadth-first: O(modules + edges).
    public func shortestPath(from: String, to: String) -> [Module]? {
        guard let start = index[from], let goal = index[to], start != goal else { return nil }
        return shortestPath(from: start, to: goal)?.map { modules[$0] }
    }

    /// Simple paths found by `allPaths`, and whether the bound stopped the search.
    public struct Paths: Equatable, Sendable {
        public var paths: [[Module]]
        /// True when more paths may exist beyond `limit`.
        public var truncated: Bool
    }

    /// Every simple path from `from` to `to`, shortest first (then by names), at most `limit`
    /// of them. Iterative deepening: for each length, a depth-first search that only steps to
    /// modules whose distance to `to` fits in the remaining length, so no step is wasted on a
    /// dead end. The number of simple paths can grow exponentially, hence the bound.
    /// O(modules + edges) for the distances, then for each length tried a search that is
    /// O(modules × out-degree) per path it finds or per branch cut for length; lengths stop
    /// growing once no branch was cut.
    public func allPaths(from: String, to: String, limit: Int = 100) -> Paths {
        guard let start = index[from], let goal = index[to], start != goal else {
            return Paths(paths: [], truncated: false)
        }
        // Distance from every module to the goal, by a backward breadth-first search.
        var distance = Array(repeating: Int.max, count: modules.count)
        distance[goal] = 0
        var frontier = [goal]
        while !frontier.isEmpty {
            var next: [Int] = []
            for node in frontier {
                for predecessor in incoming[node] where distance[predecessor] == Int.max {
                    distance[predecessor] = distance[node] + 1
                    next.append(predecessor)
                }
            }
            frontier = next
        }
        guard distance[start] != Int.max else { return Paths(paths: [], truncated: false) }
        let sortedOutgoing = outgoing.map { $0.sorted { modules[$0].name < modules[$1].name } }
        var found: [[Int]] = []
        var onPath = Array(repeating: false, count: modules.count)
        var length = distance[start]
        while found.count <= limit {
            // Without recursion, so a path as long as the graph cannot overflow the stack.
            var frames: [(node: Int, next: Int)] = [(start, 0)]
            onPath[start] = true
            var cutByLength = false
            while let top = frames.last, found.count <= limit {
                let remaining = length - (frames.count - 1)
                let successors = sortedOutgoing[top.node]
                if top.node == goal || top.next >= successors.count {
                    if top.node == goal && remaining == 0 { found.append(frames.map(\.node)) }
                    onPath[top.node] = false
                    frames.removeLast()
                    continue
                }
                frames[frames.count - 1].next += 1
                let successor = successors[top.next]
                if onPath[successor] || distance[successor] == Int.max { continue }
                if distance[successor] > remaining - 1 {
                    cutByLength = true
                    continue
                }
                onPath[successor] = true
                frames.append((successor, 0))
            }
            for frame in frames { onPath[frame.node] = false }
            // When no branch was cut for being too long, longer paths do not exist.
            if !cutByLength { break }
            length += 1
        }
        let truncated = found.count > limit
        return Paths(paths: found.prefix(limit).map { $0.map { modules[$0] } }, truncated: truncated)
    }

    /// `a -> b (main) -> c (dev, main)`: a path with the groups of the edges of each step.
    public func describe(_ path: [Module]) -> String {
        guard let first = path.first else { return "" }
        var text = first.name.rawValue
        for (a, b) in zip(path, path.dropFirst()) {
            text += " -> \(b.name) (\(edges(from: a.path, to: b.path).map(\.group).sorted().joined(separator: ", ")))"
        }
        return text
    }

    /// The edges from folder `from` to folder `to` (one per group), for the group of each step of a path.
    public func edges(from: String, to: String) -> [PathEdge] {
        edges.filter { $0.from == from && $0.to == to }
    }

    // MARK: Order

    /// A build order, dependencies first, in levels: every module of a level depends only on
    /// modules of earlier levels, so a level's modules can run in parallel. Kahn's algorithm,
    /// O(modules + edges); names sorted inside a level. Throws the cycles when there are any.
    public func levels() throws(CycleError) -> [[Module]] {
        var remaining = outgoing.map { Set($0).count }
        var levels: [[Module]] = []
        var current = (0..<modules.count).filter { remaining[$0] == 0 }
        var placed = 0
        while !current.isEmpty {
            levels.append(current.map { modules[$0] }.sorted { ($0.name, $0.path) < ($1.name, $1.path) })
            placed += current.count
            var next: [Int] = []
            for node in current {
                for dependent in incoming[node] {
                    remaining[dependent] -= 1
                    if remaining[dependent] == 0 { next.append(dependent) }
                }
            }
            current = next
        }
        guard placed == modules.count else { throw CycleError(cycles: cycles()) }
        return levels
    }
}

/// The graph has cycles, so no order puts every dependency first.
public struct CycleError: Error, Equatable, CustomStringConvertible {
    public var cycles: [DependencyGraph.Cycle]

    public var description: String {
        let shown = cycles.map { $0.path.map(\.name.rawValue).joined(separator: " -> ") }
        return
            "the graph has \(cycles.count == 1 ? "a cycle" : "\(cycles.count) cycles"): \(shown.joined(separator: "; "))"
    }
}
