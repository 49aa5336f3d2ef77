extension DependencyGraph {
    /// A strongly connected component of more than one module, or a module that depends on itself.
    public struct Cycle: Equatable, Sendable {
        /// The members of the component, sorted by name.
        public var members: [ModuleName]
        /// One concrete cycle through the component, starting and ending at its smallest name
        /// (`[a, b, c, a]`).
        public var path: [ModuleName]
    }

    /// Every cycle of the graph: Tarjan's strongly connected components (iterative, so deep
    /// graphs cannot overflow the stack), then one shortest cycle per component by breadth-first
    /// search inside it. O(modules + edges) for the components, O(component size + its edges)
    /// per shown cycle. Sorted by the first member's name.
    public func cycles() -> [Cycle] {
        let components = stronglyConnectedComponents()
        var cycles: [Cycle] = []
        for component in components {
            let members = Set(component)
            let isSelfLoop = component.count == 1 && outgoing[component[0]].contains(component[0])
            guard component.count > 1 || isSelfLoop else { continue }
            let start = component.min { modules[$0].name < modules[$1].name }!
            let loop = shortestPath(from: start, to: start, within: members) ?? [start, start]
            cycles.append(Cycle(
                members: component.map { modules[$0].name }.sorted(),
                path: loop.map { modules[$0].name }))
        }
        return cycles.sorted { $0.members[0] < $1.members[0] }
    }

    /// Tarjan's algorithm without recursion. O(modules + edges).
    func stronglyConnectedComponents() -> [[Int]] {
        let count = modules.count
        var index = Array(repeating: -1, count: count)
        var low = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var nextIndex = 0
        // Each frame is a node and how many of its successors were already looked at.
        var frames: [(node: Int, next: Int)] = []
        for root in 0..<count where index[root] < 0 {
            frames.append((root, 0))
            index[root] = nextIndex; low[root] = nextIndex; nextIndex += 1
            stack.append(root); onStack[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.next < outgoing[node].count {
                    frames[frames.count - 1].next += 1
                    let successor = outgoing[node][frame.next]
                    if index[successor] < 0 {
                        index[successor] = nextIndex; low[successor] = nextIndex; nextIndex += 1
                        stack.append(successor); onStack[successor] = true
                        frames.append((successor, 0))
                    } else if onStack[successor] {
                        low[node] = min(low[node], index[successor])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { low[parent] = min(low[parent], low[node]) }
                if low[node] == index[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    components.append(component)
                }
            }
        }
        return components
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
                        while current != start { path.append(current); current = parent[current] }
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

    /// The shortest dependency path from `from` to `to` (`[from, …, to]`), or nil when `from`
    /// does not depend on `to`. Breadth-first: O(modules + edges).
    public func shortestPath(from: ModuleName, to: ModuleName) -> [ModuleName]? {
        guard let start = index[from], let goal = index[to], start != goal else { return nil }
        return shortestPath(from: start, to: goal)?.map { modules[$0].name }
    }

    /// Simple paths found by `allPaths`, and whether the bound stopped the search.
    public struct Paths: Equatable, Sendable {
        public var paths: [[ModuleName]]
        /// True when more paths may exist beyond `limit`.
        public var truncated: Bool
    }

    /// Every simple path from `from` to `to`, shortest first, at most `limit` of them. Depth-first
    /// search that only enters modules from which `to` is reachable, so each step makes progress;
    /// the number of simple paths can grow exponentially, hence the bound.
    /// O(limit × modules × out-degree) beyond an O(modules + edges) reachability pass.
    public func allPaths(from: ModuleName, to: ModuleName, limit: Int = 100) -> Paths {
        guard let start = index[from], let goal = index[to], start != goal else { return Paths(paths: [], truncated: false) }
        // Modules that can reach the goal, by a backward breadth-first search.
        var reachesGoal = Array(repeating: false, count: modules.count)
        reachesGoal[goal] = true
        var frontier = [goal]
        while let node = frontier.popLast() {
            for predecessor in incoming[node] where !reachesGoal[predecessor] {
                reachesGoal[predecessor] = true
                frontier.append(predecessor)
            }
        }
        guard reachesGoal[start] else { return Paths(paths: [], truncated: false) }
        var found: [[Int]] = []
        var truncated = false
        var path = [start]
        var onPath = Array(repeating: false, count: modules.count)
        onPath[start] = true
        let sortedOutgoing = outgoing.map { $0.sorted { modules[$0].name < modules[$1].name } }
        // Iterative depth-first search: each frame is a node and the next successor to try.
        var frames: [(node: Int, next: Int)] = [(start, 0)]
        while let frame = frames.last {
            if found.count > limit { truncated = true; break }
            let successors = sortedOutgoing[frame.node]
            if frame.next >= successors.count {
                frames.removeLast()
                onPath[path.removeLast()] = false
                continue
            }
            frames[frames.count - 1].next += 1
            let successor = successors[frame.next]
            guard reachesGoal[successor] && !onPath[successor] else { continue }
            if successor == goal {
                found.append(path + [goal])
                continue
            }
            path.append(successor)
            onPath[successor] = true
            frames.append((successor, 0))
        }
        if found.count > limit { truncated = true; found.removeLast(found.count - limit) }
        let paths = found.map { $0.map { modules[$0].name } }
            .sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        return Paths(paths: paths, truncated: truncated)
    }

    /// The edges from `from` to `to` (one per group), for showing the group of each step of a path.
    public func edges(from: ModuleName, to: ModuleName) -> [PathEdge] {
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
        let shown = cycles.map { $0.path.map(\.rawValue).joined(separator: " -> ") }
        return "the graph has \(cycles.count == 1 ? "a cycle" : "\(cycles.count) cycles"): \(shown.joined(separator: "; "))"
    }
}
