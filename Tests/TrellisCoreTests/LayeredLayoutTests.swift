import Testing
import TrellisCore

/// The layered layout `graph --format html` uses above Graphviz's size: edges point right,
/// boxes never overlap, long layers wrap, cycles do not stop it, and the same input gives the
/// same drawing; on hand-made graphs and on seeded random ones.
@Suite struct LayeredLayoutTests {
    static let box = LayeredLayout.Size(width: 80, height: 36)

    func layout(_ count: Int, _ edges: [(Int, Int)], maximumRows: Int? = nil) -> LayeredLayout {
        LayeredLayout(
            sizes: Array(repeating: Self.box, count: count), edges: edges.map { (from: $0.0, to: $0.1) },
            maximumRows: maximumRows)
    }

    /// A seeded DAG shaped like a monorepo: node i depends on 1–3 earlier nodes (a fixed LCG,
    /// so the test sees the same graph on every machine).
    static func randomDAG(_ count: Int, seed: UInt64) -> [(Int, Int)] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var edges: [(Int, Int)] = []
        for node in 1..<count {
            for _ in 0...next(3) { edges.append((node, next(node))) }
        }
        return edges
    }

    @Test func aChainRunsLeftToRight() {
        let drawing = layout(3, [(0, 1), (1, 2)])
        #expect(drawing.layers == [0, 1, 2])
        #expect(drawing.x[0] < drawing.x[1] && drawing.x[1] < drawing.x[2])
        // One node per layer: all on one row.
        #expect(drawing.y[0] == drawing.y[1] && drawing.y[1] == drawing.y[2])
    }

    @Test func everyEdgeOfAnAcyclicGraphPointsToALaterLayerAndBoxesDoNotOverlap() {
        let edges = Self.randomDAG(400, seed: 7)
        let drawing = layout(400, edges)
        for (from, to) in edges {
            #expect(drawing.layers[from] < drawing.layers[to], "\(from) -> \(to)")
            #expect(drawing.x[from] < drawing.x[to], "\(from) -> \(to)")
        }
        // Boxes on a grid: two nodes closer than a box in both directions would overlap.
        var seen = Set<[Int]>()
        for node in 0..<400 {
            #expect(seen.insert([Int(drawing.x[node]), Int(drawing.y[node])]).inserted, "\(node) shares a place")
            #expect(drawing.x[node] - Self.box.width / 2 >= 0 && drawing.x[node] + Self.box.width / 2 <= drawing.width)
            #expect(
                drawing.y[node] - Self.box.height / 2 >= 0 && drawing.y[node] + Self.box.height / 2 <= drawing.height)
        }
        for a in 0..<400 {
            for b in (a + 1)..<400 {
                let apart =
                    abs(drawing.x[a] - drawing.x[b]) >= Self.box.width
                    || abs(drawing.y[a] - drawing.y[b]) >= Self.box.height
                if !apart { Issue.record("\(a) and \(b) overlap") }
            }
        }
    }

    @Test func aSourceSitsNextToWhatItPointsTo() {
        // 0 → 1 → 2 → 3, and 4 → 3 alone: longest path puts 4 in layer 0, far left; it moves
        // to layer 2, just before 3.
        let drawing = layout(5, [(0, 1), (1, 2), (2, 3), (4, 3)])
        #expect(drawing.layers == [0, 1, 2, 3, 2])
    }

    @Test func sweepsUncrossTwoEdges() {
        // Sources 0 and 1, targets 2 and 3 in that order; 0 → 3 and 1 → 2 cross until the
        // second layer is reordered by its predecessors' positions.
        let drawing = layout(4, [(0, 3), (1, 2)])
        #expect(drawing.layers == [0, 0, 1, 1])
        #expect((drawing.y[0] < drawing.y[1]) == (drawing.y[3] < drawing.y[2]))
    }

    @Test func cyclesAndSelfLoopsAreDrawnAnyway() {
        // 0 ⇄ 1, 1 → 2, 2 → 2, 3 → 0: the edge that closes the cycle is ignored for layering.
        let drawing = layout(4, [(0, 1), (1, 0), (1, 2), (2, 2), (3, 0)])
        #expect(drawing.layers == [1, 2, 3, 0])
        // Out-of-range ends are ignored rather than trapping.
        let stray = layout(2, [(0, 5), (-1, 1), (0, 1)])
        #expect(stray.layers == [0, 1])
    }

    @Test func aLongLayerWrapsIntoColumns() {
        // 100 modules depending on one: a layer of 100, wrapped at 10 rows into 10 columns.
        let drawing = layout(101, (1...100).map { ($0, 0) }, maximumRows: 10)
        let rows = Set((1...100).map { drawing.y[$0] }), columns = Set((1...100).map { drawing.x[$0] })
        #expect(rows.count == 10 && columns.count == 10)
        #expect(columns.allSatisfy { $0 < drawing.x[0] })
        // Without a cap a layer of 100 would be 100 rows tall; the default cap is 40 rows.
        let unwrapped = layout(101, (1...100).map { ($0, 0) })
        #expect(Set((1...100).map { unwrapped.y[$0] }).count == 34)
    }

    @Test func theSameGraphGivesTheSameDrawing() {
        let edges = Self.randomDAG(300, seed: 11)
        #expect(layout(300, edges) == layout(300, edges))
        #expect(layout(0, []).width > 0)
    }
}
