import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct DependencyGraphTests {
    /// `edges` as "from>to" pairs over modules named by the pairs (plus `extra` modules).
    func graph(_ pairs: [String], extra: [String] = []) -> DependencyGraph {
        let edges = pairs.map { pair -> PathEdge in
            let ends = pair.split(separator: ">").map(String.init)
            return PathEdge.test(ends[0], ends[1])
        }
        let names = Set(pairs.flatMap { $0.split(separator: ">").map(String.init) } + extra).sorted()
        return DependencyGraph(modules: names.map { Module.test($0) }, edges: edges)
    }

    /// `name:depth` for each module reached, in the order returned.
    func reach(
        _ graph: DependencyGraph, _ direction: DependencyGraph.Direction, from name: String, transitive: Bool = true,
        maxDepth: Int? = nil
    ) -> [String] {
        graph.reach(direction, from: testFolder(name), transitive: transitive, maxDepth: maxDepth)
            .map { "\($0.module.name):\($0.depth)" }
    }

    @Test func directDependentsAndDependencies() {
        let g = graph(["b>a", "c>a", "a>z", "d>b"])
        #expect(reach(g, .dependents, from: "a", transitive: false) == ["b:1", "c:1"])
        #expect(reach(g, .dependencies, from: "a", transitive: false) == ["z:1"])
        #expect(reach(g, .dependencies, from: "z", transitive: false) == [])
        #expect(reach(g, .dependents, from: "d", transitive: false) == [])
    }

    @Test func transitiveReachIsSortedByDepthThenName() {
        let g = graph(["d>c", "c>b", "b>a", "x>a", "y>x"])
        #expect(reach(g, .dependents, from: "a") == ["b:1", "x:1", "c:2", "y:2", "d:3"])
        #expect(reach(g, .dependencies, from: "d") == ["c:1", "b:2", "a:3"])
    }

    @Test(arguments: [
        (0, [String]()), (1, ["b:1"]), (2, ["b:1", "c:2"]), (3, ["b:1", "c:2", "d:3"]), (10, ["b:1", "c:2", "d:3"]),
    ])
    func depthLimit(maxDepth: Int, expected: [String]) {
        let g = graph(["d>c", "c>b", "b>a"])
        #expect(reach(g, .dependents, from: "a", maxDepth: maxDepth) == expected)
    }

    @Test func withoutTransitiveTheDepthLimitNeverGoesBeyondOne() {
        let g = graph(["c>b", "b>a"])
        #expect(reach(g, .dependents, from: "a", transitive: false, maxDepth: 5) == ["b:1"])
    }

    /// d depends on a directly and through b and c: it is reported once, at depth 1.
    @Test func aModuleReachedSeveralWaysHasItsShortestDepth() {
        let g = graph(["b>a", "c>b", "d>c", "d>a", "e>d", "e>c"])
        #expect(reach(g, .dependents, from: "a") == ["b:1", "d:1", "c:2", "e:2"])
    }

    @Test func aCycleTerminatesAndNeverReportsTheStart() {
        let g = graph(["a>b", "b>c", "c>a", "c>d"])
        #expect(reach(g, .dependencies, from: "a") == ["b:1", "c:2", "d:3"])
        #expect(reach(g, .dependents, from: "a") == ["c:1", "b:2"])
        let selfLoop = graph(["a>a", "b>a"])
        #expect(reach(selfLoop, .dependents, from: "a") == ["b:1"])
    }

    @Test func twoEdgesBetweenTheSameModulesCountOnce() {
        let edges = [PathEdge.test("b", "a", group: "main"), PathEdge.test("b", "a", group: "dev")]
        let g = DependencyGraph(modules: [Module.test("a"), Module.test("b")], edges: edges)
        #expect(reach(g, .dependents, from: "a") == ["b:1"])
    }

    @Test func unknownModulesAndDanglingEdgesAreIgnored() {
        let g = DependencyGraph(
            modules: [Module.test("a"), Module.test("b")],
            edges: [PathEdge.test("b", "a"), PathEdge.test("b", "ghost")])
        #expect(reach(g, .dependents, from: "nobody") == [])
        #expect(reach(g, .dependencies, from: "b") == ["a:1"])
        #expect(g.module(at: "libs/ghost") == nil)
        #expect(g.module(at: "libs/b")?.name == ModuleName("B"))
    }

    /// Examples/ml-monorepo/EXPECTED.md, "Expected answers".
    @Test func theExampleGraphAnswers() {
        let g = graph([
            "lib-one>logger", "preprocessing>lib-one", "project-one>lib-one", "project-one>logger",
            "project-two>logger", "project-two>lib-one", "training>preprocessing", "serving>preprocessing",
        ])
        #expect(
            reach(g, .dependents, from: "lib-one") == [
                "preprocessing:1", "project-one:1", "project-two:1", "serving:2", "training:2",
            ])
        #expect(
            reach(g, .dependents, from: "logger") == [
                "lib-one:1", "project-one:1", "project-two:1", "preprocessing:2", "serving:3", "training:3",
            ])
        #expect(reach(g, .dependents, from: "preprocessing") == ["serving:1", "training:1"])
        #expect(reach(g, .dependencies, from: "training") == ["preprocessing:1", "lib-one:2", "logger:3"])
        for top in ["project-one", "project-two", "training", "serving"] {
            #expect(reach(g, .dependents, from: top) == [])
        }
    }

    // MARK: ModuleLookup

    static let modules = [
        Module.test("lib-one"), Module.test("logger"), Module.test("preprocessing"),
        Module.test("project-one", path: "projects/project-one", kind: .project),
        Module.test("serving", path: "projects/serving", kind: .project),
    ]

    @Test(arguments: [
        "lib-one", "lib_one", "Lib-One", "LIB.ONE", "lib__one", "libs/lib-one", "./libs/lib-one", "libs/lib-one/",
        "./libs/lib-one//",
    ])
    func findsAModuleByAnySpellingOrItsFolder(query: String) throws {
        let module = try ModuleLookup(modules: Self.modules).find(query)
        #expect(module.name == ModuleName("lib-one"))
        #expect(module.path == "libs/lib-one")
    }

    @Test func aTypoSuggestsTheClosestNames() {
        let lookup = ModuleLookup(modules: Self.modules)
        #expect(throws: ModuleLookup.Failure.unknown("loger", suggestions: [ModuleName("logger")])) {
            try lookup.find("loger")
        }
        #expect(throws: ModuleLookup.Failure.unknown("lib-onee", suggestions: [ModuleName("lib-one")])) {
            try lookup.find("lib-onee")
        }
        // Both project-one and lib-one are close to "project-on"; the closest comes first.
        #expect(lookup.suggestions(for: ModuleName("project-on")).first == ModuleName("project-one"))
        let message = ModuleLookup.Failure.unknown("loger", suggestions: [ModuleName("logger")]).description
        #expect(message == "no module named 'loger'; did you mean 'logger'?")
    }

    @Test func aQueryContainedInANameIsSuggested() {
        let lookup = ModuleLookup(modules: Self.modules)
        #expect(lookup.suggestions(for: ModuleName("processing")).contains(ModuleName("preprocessing")))
    }

    @Test func nothingCloseMeansNoSuggestion() throws {
        let lookup = ModuleLookup(modules: Self.modules)
        #expect(throws: ModuleLookup.Failure.unknown("kubernetes-operator", suggestions: [])) {
            try lookup.find("kubernetes-operator")
        }
        #expect(ModuleLookup.Failure.unknown("x", suggestions: []).description == "no module named 'x'")
    }

    @Test func atMostThreeSuggestions() {
        let lookup = ModuleLookup(modules: ["lib-a", "lib-b", "lib-c", "lib-d", "lib-e"].map { Module.test($0) })
        #expect(lookup.suggestions(for: ModuleName("lib-x")).count == 3)
        #expect(lookup.suggestions(for: ModuleName("lib-x")) == ["lib-a", "lib-b", "lib-c"].map { ModuleName($0) })
    }

    @Test func twoModulesWithOneNameAreAmbiguousButEachFolderIsNot() throws {
        let lookup = ModuleLookup(modules: [
            Module.test("utils", path: "tools/utils"), Module.test("utils", path: "libs/utils"), Module.test("other"),
        ])
        #expect(throws: ModuleLookup.Failure.ambiguous("Utils", paths: ["libs/utils", "tools/utils"])) {
            try lookup.find("Utils")
        }
        #expect(try lookup.find("tools/utils").path == "tools/utils")
        #expect(try lookup.find("libs/utils/").path == "libs/utils")
        let message = ModuleLookup.Failure.ambiguous("utils", paths: ["libs/utils", "tools/utils"]).description
        #expect(message.contains("libs/utils, tools/utils"))
    }
}
