/// A layered drawing of a directed graph, left to right, computed in time that grows with the
/// graph and not faster: what `graph --format html` draws when Graphviz's `dot` (whose crossing
/// minimisation and network simplex grow much faster than the graph) would take minutes.
///
/// Nodes are numbered `0..<sizes.count`; edges are pairs of those numbers. Every edge that is
/// not part of a cycle points to a later layer, so what a module depends on is to its right,
/// as in `dot` with `rankdir=LR`. The steps, each O(nodes + edges) or a sort:
/// 1. cycles are broken by ignoring the edges a depth-first search finds going back;
/// 2. each node's layer is the longest path that reaches it; a node nothing points to then
///    moves right, next to the nearest node it points to, so it does not sit far left alone;
/// 3. the order inside each layer is improved by a fixed number of barycentre sweeps (each node
///    moves to the mean relative position of its neighbours in the layers already placed);
/// 4. a layer longer than `maximumRows` wraps into side-by-side columns, row by row, so one wide
///    layer does not make a page hundreds of screens tall.
public struct LayeredLayout: Sendable, Equatable {
    /// The size of one node's box.
    public struct Size: Sendable, Equatable {
        /// The box's width.
        public var width: Double
        /// The box's height.
        public var height: Double

        /// A box `width` wide and `height` high.
        public init(width: Double, height: Double) {
            self.width = width
            self.height = height
        }
    }

    /// Each node's layer, 0 on the left.
    public private(set) var layers: [Int]
    /// Each node's centre, x.
    public private(set) var x: [Double]
    /// Each node's centre, y.
    public private(set) var y: [Double]
    /// The drawing's width, margins included.
    public private(set) var width: Double
    /// The drawing's height, margins included.
    public private(set) var height: Double

    /// Space around the drawing, between the columns of one layer, and between two layers
    /// (wider: the edges run there).
    static let margin = 8.0, columnGap = 16.0, layerGap = 64.0, rowGap = 10.0
    /// Barycentre sweeps (down and back up count as two); more moves nodes less and less.
    static let sweeps = 8

    /// The layout of `sizes.count` nodes and `edges` (from, to); a layer wraps after
    /// `maximumRows` rows (nil: the default, about 2.5 √nodes, at least 40). Deterministic: the
    /// same input gives the same layout. O(sweeps · (nodes log nodes + edges)) time, O(nodes +
    /// edges) memory.
    public init(sizes: [Size], edges: [(from: Int, to: Int)], maximumRows: Int? = nil) {
        let count = sizes.count
        var successors = Array(repeating: [Int](), count: count)
        for edge in edges where edge.from != edge.to && sizes.indices.contains(edge.from) {
            guard sizes.indices.contains(edge.to) else { continue }
            successors[edge.from].append(edge.to)
        }
        let forward = Self.acyclic(successors)
        var predecessors = Array(repeating: [Int](), count: count)
        for (from, targets) in forward.enumerated() { for to in targets { predecessors[to].append(from) } }
        layers = Self.longestPathLayers(forward, predecessors: predecessors)
        var members = Array(repeating: [Int](), count: (layers.max() ?? -1) + 1)
        for node in 0..<count { members[layers[node]].append(node) }
        members = Self.orderBySweeps(members, layers: layers, forward: forward, predecessors: predecessors)

        let rowsCap = max(1, maximumRows ?? max(40, Int((Double(count).squareRoot() * 2.5).rounded(.up))))
        let rowHeight = (sizes.map(\.height).max() ?? 0) + Self.rowGap
        let rowsOf = members.map { layer in
            let columns = (layer.count + rowsCap - 1) / rowsCap
            return columns == 0 ? 0 : (layer.count + columns - 1) / columns
        }
        let tallest = rowsOf.max() ?? 0
        x = Array(repeating: 0, count: count)
        y = Array(repeating: 0, count: count)
        var left = Self.margin
        for (layer, nodes) in members.enumerated() where !nodes.isEmpty {
            let rows = rowsOf[layer]
            let columns = (nodes.count + rows - 1) / rows
            let columnWidth = nodes.map { sizes[$0].width }.max() ?? 0
            // Centred vertically on the tallest layer: short layers sit in the middle, where
            // their edges to the long layers are shortest on average.
            let top = Self.margin + Double(tallest - rows) * rowHeight / 2
            for (position, node) in nodes.enumerated() {
                x[node] = left + Double(position % columns) * (columnWidth + Self.columnGap) + columnWidth / 2
                y[node] = top + Double(position / columns) * rowHeight + rowHeight / 2
            }
            left += Double(columns) * (columnWidth + Self.columnGap) - Self.columnGap + Self.layerGap
        }
        width = count == 0 ? 2 * Self.margin : left - Self.layerGap + Self.margin
        height = 2 * Self.margin + Double(tallest) * rowHeight
    }

    /// `successors` without the edges that close a cycle: those an iterative depth-first
    /// search (nodes and successors in order) finds pointing at a node still on its path.
    static func acyclic(_ successors: [[Int]]) -> [[Int]] {
        let count = successors.count
        var state = Array(repeating: 0, count: count)  // 0 unvisited, 1 on the path, 2 done
        var forward = Array(repeating: [Int](), count: count)
        for root in 0..<count where state[root] == 0 {
            var frames: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let frame = frames.last {
                let node = frame.node
                guard frame.next < successors[node].count else {
                    state[node] = 2
                    frames.removeLast()
                    continue
                }
                frames[frames.count - 1].next += 1
                let successor = successors[node][frame.next]
                if state[successor] == 1 { continue }
                forward[node].append(successor)
                if state[successor] == 0 {
                    state[successor] = 1
                    frames.append((successor, 0))
                }
            }
        }
        return forward
    }

    /// Each node's layer: the longest path to it from a node nothing points to (Kahn's order);
    /// then each such source moves to one layer before its nearest successor.
    static func longestPathLayers(_ forward: [[Int]], predecessors: [[Int]]) -> [Int] {
        let count = forward.count
        var layers = Array(repeating: 0, count: count)
        var waiting = predecessors.map(\.count)
        var queue = (0..<count).filter { waiting[$0] == 0 }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for successor in forward[node] {
                layers[successor] = max(layers[successor], layers[node] + 1)
                waiting[successor] -= 1
                if waiting[successor] == 0 { queue.append(successor) }
            }
        }
        for node in 0..<count where predecessors[node].isEmpty && !forward[node].isEmpty {
            layers[node] = forward[node].map { layers[$0] }.min()! - 1
        }
        // Moving sources right can leave the first layers empty.
        let lowest = layers.min() ?? 0
        return layers.map { $0 - lowest }
    }

    /// The layers' orders after `sweeps` barycentre passes, alternately left to right (each
    /// node by its predecessors) and right to left (by its successors). A node's position is
    /// relative, (index + ½) / layer size, so layers of different lengths compare; a node with
    /// no neighbour on the side looked at keeps its place; ties keep the previous order.
    static func orderBySweeps(
        _ members: [[Int]], layers: [Int], forward: [[Int]], predecessors: [[Int]]
    ) -> [[Int]] {
        var members = members
        var position = Array(repeating: 0.0, count: layers.count)
        func place(_ layer: Int) {
            let size = Double(members[layer].count)
            for (index, node) in members[layer].enumerated() { position[node] = (Double(index) + 0.5) / size }
        }
        for layer in members.indices { place(layer) }
        guard members.count > 1 else { return members }
        for sweep in 0..<sweeps {
            let downward = sweep % 2 == 0
            let order = downward ? Array(1..<members.count) : Array((0..<members.count - 1).reversed())
            for layer in order {
                let keyed = members[layer].enumerated().map { index, node in
                    let neighbours = downward ? predecessors[node] : forward[node]
                    let centre =
                        neighbours.isEmpty
                        ? position[node] : neighbours.reduce(0.0) { $0 + position[$1] } / Double(neighbours.count)
                    return (centre: centre, index: index, node: node)
                }
                members[layer] = keyed.sorted { ($0.centre, $0.index) < ($1.centre, $1.index) }.map(\.node)
                place(layer)
            }
        }
        return members
    }
}
