import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The level-by-level traversal in SQL must give exactly what the in-memory graph gives.
@Suite struct StoreTraversalTests {
    func compare(root: String) throws {
        let store = try RegistryStore()
        let registry = Registry(store: store, scanner: RepositoryScanner(root: root, useGit: false))
        _ = try registry.scan()
        let graph = try store.graph()
        #expect(!graph.modules.isEmpty)
        // Every module, those that share a name too (a `duplicate-name` error, as in langgraph's
        // example workspaces): edges end at folders, so both answers tell them apart.
        for module in graph.modules {
            for direction in [DependencyGraph.Direction.dependents, .dependencies] {
                for (transitive, depth) in [(false, nil), (true, nil), (true, 1), (true, 2)] as [(Bool, Int?)] {
                    let expected = graph.reach(direction, from: module.path, transitive: transitive, maxDepth: depth)
                    let actual = try store.reach(direction, from: module, transitive: transitive, maxDepth: depth)
                    #expect(
                        actual == expected,
                        "\(module.name) \(direction) transitive=\(transitive) depth=\(depth.map(String.init) ?? "-")")
                }
            }
        }
    }

    @Test func agreesWithTheGraphOnTheExample() throws {
        try compare(root: ProjectPaths.example)
    }

    @Test func agreesWithTheGraphOnACycle() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml":
                "[tool.poetry]\nname = \"a\"\nversion = \"1\"\n[tool.poetry.dependencies]\nb = {path = \"../b\"}\n",
            "libs/b/pyproject.toml":
                "[tool.poetry]\nname = \"b\"\nversion = \"1\"\n[tool.poetry.dependencies]\nc = {path = \"../c\"}\n",
            "libs/c/pyproject.toml":
                "[tool.poetry]\nname = \"c\"\nversion = \"1\"\n[tool.poetry.dependencies]\na = {path = \"../a\"}\n",
            "projects/p/pyproject.toml":
                "[tool.poetry]\nname = \"p\"\nversion = \"1\"\n[tool.poetry.dependencies]\na = {path = \"../../libs/a\"}\n",
        ])
        try compare(root: repository.root)
    }

    @Test(.enabled(if: ProjectPaths.corpus != nil, "../shared/corpus is absent"))
    func agreesWithTheGraphOnTheCorpus() throws {
        for name in ["langchain-ai+langgraph", "microsoft+promptflow"] {
            try compare(root: "\(ProjectPaths.corpus ?? "")/\(name)")
        }
    }

    @Test func findsModulesByAnySpellingAndSuggests() throws {
        let store = try RegistryStore()
        _ = try Registry(store: store, scanner: RepositoryScanner(root: ProjectPaths.example, useGit: false)).scan()
        #expect(try store.findModule("Lib_One").path == "libs/lib-one")
        #expect(try store.findModule("./libs/logger/").name == ModuleName("logger"))
        #expect(throws: ModuleLookup.Failure.unknown("lib-onne", suggestions: [ModuleName("lib-one")])) {
            try store.findModule("lib-onne")
        }
    }

    /// Each level of the walk reads only an index (0006: the edge's ends with its interval), for
    /// now and for a past snapshot, in both directions; SQLite's own plan says so.
    @Test func theWalkReadsOnlyTheEdgeIndexes() throws {
        let store = try RegistryStore()
        let registry = Registry(store: store, scanner: RepositoryScanner(root: ProjectPaths.example, useGit: false))
        _ = try registry.scan()
        for direction in [DependencyGraph.Direction.dependents, .dependencies] {
            for snapshot in [nil, Int64(1)] {
                let sql = RegistryStore.reachStep(direction, at: snapshot)
                let plan = try store.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: ["[1]"]).map {
                        $0["detail"] as String
                    }
                }
                let near = direction == .dependents ? "path_edge_to" : "path_edge_from"
                #expect(
                    plan.contains { $0.contains("USING COVERING INDEX \(near) ") },
                    "\(direction) at \(snapshot as Any): \(plan)")
            }
        }
    }
}
