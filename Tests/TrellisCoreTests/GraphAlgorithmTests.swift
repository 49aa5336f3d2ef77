import Testing
import TrellisCore
import TrellisTestSupport

/// Cycles (Tarjan), levels (Kahn), shortest and all simple paths, on small hand-made graphs
/// and on seeded random graphs checked against brute-force definitions.
@Suite struct GraphAlgorithmTests {
    func graph(_ names: [String], _ edges: [(String, String)], groups: [String: String] = [:]) -> DependencyGraph {
        DependencyGraph(
            modules: names.map { Module.test($0) },
            edges: edges.map { PathEdge.test($0.0, $0.1, group: groups["\($0.0)->\($0.1)"] ?? "main") })
    }

    @Test func acyclicGraphHasNoCycles() {
        #expect(graph(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")]).cycles().isEmpty)
    }

    @Test func findsEveryComponentWithOneConcreteCycle() {
        // Two components: {a, b, c} (a→b→c→a plus a chord a→c) and {x, y}; d hangs off; s loops on itself.
        let g = graph(
            ["a", "b", "c", "d", "s", "x", "y"],
            [
                ("a", "b"), ("b", "c"), ("c", "a"), ("a", "c"), ("c", "d"), ("x", "y"), ("y", "x"), ("s", "s"),
                ("d", "x"),
            ])
        let cycles = g.cycles()
        #expect(cycles.map { $0.members.map(\.name.rawValue) } == [["a", "b", "c"], ["s"], ["x", "y"]])
        // The shortest cycle through the smallest member: a → c → a beats a → b → c → a.
        #expect(cycles[0].path.map(\.name.rawValue) == ["a", "c", "a"])
        #expect(cycles[1].path.map(\.name.rawValue) == ["s", "s"])
        #expect(cycles[2].path.map(\.name.rawValue) == ["x", "y", "x"])
        for cycle in cycles {
            for (from, to) in zip(cycle.path, cycle.path.dropFirst()) {
                #expect(!g.edges(from: from.path, to: to.path).isEmpty, "\(from.name) -> \(to.name) must be an edge")
            }
        }
    }

    @Test func deepChainDoesNotOverflowTheStack() {
        let names = (0..<20_000).map { "m\($0)" }
        let edges = zip(names, names.dropFirst()).map { ($0, $1) } + [(names.last!, names[0])]
        let cycles = graph(names, edges).cycles()
        #expect(cycles.count == 1)
        #expect(cycles.first?.members.count == 20_000)
    }

    @Test func levelsOfTheExampleShape() throws {
        let g = graph(
            ["logger", "lib-one", "preprocessing", "project-one", "project-two", "training", "serving"],
            [
                ("lib-one", "logger"), ("preprocessing", "lib-one"), ("project-one", "lib-one"),
                ("project-one", "logger"),
                ("project-two", "logger"), ("project-two", "lib-one"), ("training", "preprocessing"),
                ("serving", "preprocessing"),
            ])
        let levels = try g.levels().map { $0.map(\.name.rawValue) }
        #expect(
            levels == [
                ["logger"], ["lib-one"], ["preprocessing", "project-one", "project-two"], ["serving", "training"],
            ])
    }

    @Test func levelsRefuseACycleAndNameIt() {
        #expect(throws: CycleError.self) { try graph(["a", "b", "c"], [("a", "b"), ("b", "a"), ("c", "a")]).levels() }
        do {
            _ = try graph(["a", "b"], [("a", "b"), ("b", "a")]).levels()
        } catch {
            #expect(error.description == "the graph has a cycle: a -> b -> a")
        }
    }

    /// A seeded generator, so a failure can be replayed.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    func randomGraph(seed: UInt64, nodes: Int, edges: Int) -> (DependencyGraph, [(String, String)]) {
        var random = SeededRandom(state: seed)
        let names = (0..<nodes).map { "n\($0)" }
        let pairs = (0..<edges).map { _ in
            (names[Int(random.next() % UInt64(nodes))], names[Int(random.next() % UInt64(nodes))])
        }
        return (graph(names, pairs), pairs)
    }

    /// Brute force: the modules each module reaches by one edge or more.
    func reachability(_ names: [String], _ pairs: [(String, String)]) -> [String: Set<String>] {
        var reach: [String: Set<String>] = [:]
        for name in names {
            var seen: Set<String> = []
            var stack = [name]
            while let node = stack.popLast() {
                for (from, to) in pairs where from == node && !seen.contains(to) {
                    seen.insert(to)
                    stack.append(to)
                }
            }
            reach[name] = seen
        }
        return reach
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func componentsMatchMutualReachability(seed: UInt64) {
        let (g, pairs) = randomGraph(seed: seed, nodes: 12, edges: 16)
        let names = g.modules.map(\.name.rawValue)
        let reach = reachability(names, pairs)
        var expected: Set<Set<String>> = []
        for name in names {
            let component = Set(names.filter { $0 == name || (reach[name]!.contains($0) && reach[$0]!.contains(name)) })
            if component.count > 1 || reach[name]!.contains(name) { expected.insert(component) }
        }
        #expect(Set(g.cycles().map { Set($0.members.map(\.name.rawValue)) }) == expected)
    }

    @Test(arguments: [11, 12, 13, 14, 15] as [UInt64])
    func levelsAreAValidParallelSchedule(seed: UInt64) throws {
        // Only forward edges (i → j with i > j): a DAG.
        var random = SeededRandom(state: seed)
        let names = (0..<15).map { "n\($0)" }
        var pairs: [(String, String)] = []
        for _ in 0..<30 {
            let i = Int(random.next() % 15), j = Int(random.next() % 15)
            if i > j { pairs.append((names[i], names[j])) }
        }
        let levels = try graph(names, pairs).levels()
        var levelOf: [String: Int] = [:]
        for (level, modules) in levels.enumerated() { for module in modules { levelOf[module.name.rawValue] = level } }
        #expect(levelOf.count == names.count, "every module is placed once")
        for (from, to) in pairs { #expect(levelOf[to]! < levelOf[from]!, "\(to) must come before \(from)") }
        // Minimal: each module past level 0 depends on one of the previous level.
        for (level, modules) in levels.enumerated() where level > 0 {
            for module in modules {
                #expect(pairs.contains { $0.0 == module.name.rawValue && levelOf[$0.1] == level - 1 })
            }
        }
    }

    @Test func shortestPathAndAllPaths() {
        let g = graph(
            ["a", "b", "c", "d", "e"],
            [("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e"), ("a", "e"), ("e", "a")])
        #expect(g.shortestPath(from: testFolder("a"), to: testFolder("e"))?.map(\.name.rawValue) == ["a", "e"])
        #expect(
            g.shortestPath(from: testFolder("b"), to: testFolder("c"))?.map(\.name.rawValue) == [
                "b", "d", "e", "a", "c",
            ])
        #expect(g.shortestPath(from: testFolder("a"), to: testFolder("a")) == nil)
        let all = g.allPaths(from: testFolder("a"), to: testFolder("e"))
        #expect(all.paths.map { $0.map(\.name.rawValue).joined(separator: ">") } == ["a>e", "a>b>d>e", "a>c>d>e"])
        #expect(!all.truncated)
        let bounded = g.allPaths(from: testFolder("a"), to: testFolder("e"), limit: 2)
        #expect(bounded.paths.count == 2)
        #expect(bounded.truncated)
        #expect(
            g.allPaths(from: testFolder("a"), to: testFolder("e"), limit: 3).truncated == false,
            "exactly 3 paths fit in 3")
    }

    @Test(arguments: [21, 22, 23, 24, 25, 26] as [UInt64])
    func allPathsMatchesBruteForce(seed: UInt64) {
        let (g, pairs) = randomGraph(seed: seed, nodes: 8, edges: 18)
        // Brute force: extend every simple path from n0 until it reaches n7.
        var expected: [[String]] = []
        func walk(_ path: [String]) {
            if path.last == "n7" {
                expected.append(path)
                return
            }
            for (from, to) in Set(pairs.map { "\($0.0)>\($0.1)" }).sorted().map({
                $0.split(separator: ">").map(String.init)
            }).map({ ($0[0], $0[1]) })
            where from == path.last && !path.contains(to) {
                walk(path + [to])
            }
        }
        walk(["n0"])
        let found = g.allPaths(from: testFolder("n0"), to: testFolder("n7"), limit: 10_000)
        #expect(!found.truncated)
        #expect(Set(found.paths.map { $0.map(\.name.rawValue) }) == Set(expected))
        #expect(found.paths.count == expected.count, "no path twice")
        #expect(zip(found.paths, found.paths.dropFirst()).allSatisfy { $0.count <= $1.count }, "shortest first")
    }

    @Test func allPathsOnALongChainIsQuick() {
        let names = (0..<5_000).map { "m\($0)" }
        let g = graph(names, zip(names, names.dropFirst()).map { ($0, $1) })
        let found = g.allPaths(from: testFolder("m0"), to: testFolder("m4999"))
        #expect(found.paths.count == 1)
        #expect(found.paths.first?.count == 5_000)
    }

    @Test func allPathsCountsEveryRouteThroughALadder() {
        // A ladder of k rungs has 2^k simple paths from top to bottom.
        var names = ["top"], pairs: [(String, String)] = []
        var previous = "top"
        for rung in 0..<6 {
            let left = "l\(rung)", right = "r\(rung)", join = "j\(rung)"
            names += [left, right, join]
            pairs += [(previous, left), (previous, right), (left, join), (right, join)]
            previous = join
        }
        let g = graph(names, pairs)
        let paths = g.allPaths(from: testFolder("top"), to: testFolder(previous), limit: 1000)
        #expect(paths.paths.count == 64)
        #expect(Set(paths.paths).count == 64)
        #expect(g.allPaths(from: testFolder("top"), to: testFolder(previous), limit: 10).truncated)
    }
}
