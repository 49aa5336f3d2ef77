/// Strongly connected components (Tarjan), used to find dependency cycles. Self-contained on
/// purpose: it takes nodes and pairs, so it does not depend on how a graph is stored.
public enum StronglyConnectedComponents {
    /// The components of the graph with `nodes` and `edges` (from, to) that contain a cycle: two
    /// or more modules, or one module with an edge to itself. Each component is sorted, and the
    /// components are sorted by their first name. Tarjan's algorithm, iterative (no recursion, so
    /// a long chain cannot overflow the stack): O(nodes + edges) time and memory.
    public static func cycles<Node: Hashable & Comparable>(nodes: [Node], edges: [(from: Node, to: Node)]) -> [[Node]] {
        let names = Array(Set(nodes)).sorted()
        var index: [Node: Int] = [:]
        for (position, name) in names.enumerated() { index[name] = position }
        var successors = Array(repeating: [Int](), count: names.count)
        var selfLoop = Array(repeating: false, count: names.count)
        for edge in edges {
            guard let from = index[edge.from], let to = index[edge.to] else { continue }
            successors[from].append(to)
            if from == to { selfLoop[from] = true }
        }

        var order = Array(repeating: -1, count: names.count)  // discovery index, -1 = unvisited
        var low = Array(repeating: 0, count: names.count)
        var onStack = Array(repeating: false, count: names.count)
        var stack: [Int] = []
        var counter = 0
        var components: [[Node]] = []

        for root in names.indices where order[root] < 0 {
            // Each frame is a node and the position of the next successor to look at.
            var frames: [(node: Int, next: Int)] = [(root, 0)]
            order[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.next < successors[node].count {
                    frames[frames.count - 1].next += 1
                    let successor = successors[node][frame.next]
                    if order[successor] < 0 {
                        order[successor] = counter
                        low[successor] = counter
                        counter += 1
                        stack.append(successor)
                        onStack[successor] = true
                        frames.append((successor, 0))
                    } else if onStack[successor] {
                        low[node] = min(low[node], order[successor])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { low[parent.node] = min(low[parent.node], low[node]) }
                guard low[node] == order[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                if component.count > 1 || selfLoop[node] {
                    components.append(component.map { names[$0] }.sorted())
                }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }
}
