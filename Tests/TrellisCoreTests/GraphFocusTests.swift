import Testing
import TrellisCore
import TrellisTestSupport

/// Focus slicing and cycle detection on graphs built in memory: no database.
@Suite struct GraphFocusTests {
    // app → service → core → base, tool → core (dev), app2 → service; libs and projects mixed.
    let graph = DependencyGraph(
        modules: [
            .test("app", kind: .project), .test("app2", kind: .project), .test("tool", kind: .project),
            .test("service"), .test("core"), .test("base"), .test("island"),
        ],
        edges: [
            .test("app", "service"), .test("app2", "service"), .test("service", "core"),
            .test("core", "base"), .test("tool", "core", group: "dev"),
        ])

    func names(_ graph: DependencyGraph) -> [String] { graph.modules.map(\.name.rawValue).sorted() }
    func edges(_ graph: DependencyGraph) -> [String] {
        graph.edges.map { "\(graph.module(at: $0.from)!.name)>\(graph.module(at: $0.to)!.name)" }.sorted()
    }

    @Test func noFocusKeepsEverything() {
        let slice = GraphFocus().apply(to: graph)
        #expect(names(slice) == names(graph))
        #expect(slice.edges.count == graph.edges.count)
    }

    @Test func focusKeepsDependentsAndDependenciesButNotSiblings() {
        // core's dependents are service, app, app2, tool; its dependency is base. island is unrelated.
        let slice = GraphFocus(focus: [testFolder("core")]).apply(to: graph)
        #expect(names(slice) == ["app", "app2", "base", "core", "service", "tool"])
        // service's neighbourhood holds core and base (dependencies) but not tool, which only
        // shares the dependency core: a sibling, not a neighbour.
        let service = GraphFocus(focus: [testFolder("service")]).apply(to: graph)
        #expect(names(service) == ["app", "app2", "base", "core", "service"])
    }

    @Test func depthBoundsBothDirections() {
        let slice = GraphFocus(focus: [testFolder("service")], depth: 1).apply(to: graph)
        #expect(names(slice) == ["app", "app2", "core", "service"])
        #expect(edges(slice) == ["app2>service", "app>service", "service>core"])
        #expect(names(GraphFocus(focus: [testFolder("service")], depth: 0).apply(to: graph)) == ["service"])
    }

    @Test func reverseKeepsOnlyDependents() {
        let slice = GraphFocus(focus: [testFolder("core")], reverse: true).apply(to: graph)
        #expect(names(slice) == ["app", "app2", "core", "service", "tool"])
        #expect(!names(slice).contains("base"))
    }

    @Test func groupsFilterEdgesBeforeWalking() {
        // Without dev edges, tool no longer depends on core.
        let slice = GraphFocus(focus: [testFolder("core")], reverse: true, groups: ["main"]).apply(to: graph)
        #expect(names(slice) == ["app", "app2", "core", "service"])
        #expect(slice.edges.allSatisfy { $0.group == "main" })
    }

    @Test func kindsNarrowTheSliceButKeepTheFocus() {
        let slice = GraphFocus(focus: [testFolder("core")], reverse: true, kinds: [.project]).apply(to: graph)
        #expect(names(slice) == ["app", "app2", "core", "tool"])
        #expect(edges(slice) == ["tool>core"])
    }

    @Test func severalFociAndUnknownNames() {
        let slice = GraphFocus(
            focus: [testFolder("base"), testFolder("island"), testFolder("nope")], depth: 1, reverse: true
        ).apply(to: graph)
        #expect(names(slice) == ["base", "core", "island"])
    }

    @Test func cyclesTerminate() {
        let cyclic = DependencyGraph(
            modules: [.test("a"), .test("b"), .test("c")], edges: [.test("a", "b"), .test("b", "c"), .test("c", "a")])
        #expect(names(GraphFocus(focus: [testFolder("a")]).apply(to: cyclic)) == ["a", "b", "c"])
        #expect(names(GraphFocus(focus: [testFolder("a")], depth: 1, reverse: true).apply(to: cyclic)) == ["a", "c"])
    }

    @Test func stronglyConnectedComponentsFindEveryCycle() {
        let nodes = ["a", "b", "c", "d", "e", "f", "g"].map { ModuleName($0) }
        let pairs: [(String, String)] = [
            ("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "d"), ("f", "f"), ("g", "a"),
        ]
        let cycles = StronglyConnectedComponents.cycles(
            nodes: nodes, edges: pairs.map { (ModuleName($0.0), ModuleName($0.1)) })
        #expect(cycles.map { $0.map(\.rawValue) } == [["a", "b", "c"], ["d", "e"], ["f"]])
        #expect(StronglyConnectedComponents.cycles(nodes: nodes, edges: [(ModuleName("a"), ModuleName("b"))]).isEmpty)
    }

    @Test func stronglyConnectedComponentsHandleALongChainWithoutRecursion() {
        // 100,000 modules in one ring: a recursive Tarjan would overflow the stack here.
        let count = 100_000
        let nodes = (0..<count).map { ModuleName("m\($0)") }
        let ring = (0..<count).map { (nodes[$0], nodes[($0 + 1) % count]) }
        let cycles = StronglyConnectedComponents.cycles(nodes: nodes, edges: ring)
        #expect(cycles.count == 1)
        #expect(cycles.first?.count == count)
    }
}
