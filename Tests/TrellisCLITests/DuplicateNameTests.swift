import Foundation
import Testing
import TrellisTestSupport

/// Two folders that declare one name (`Tests/Fixtures/duplicate-names`): a path edge reaches the
/// folder its path names, in the store, every query, every graph and the history; a name that
/// two modules share is refused as a lookup and never resolved by guessing.
@Suite struct DuplicateNameTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository([:])
        try repository.copy(from: "\(ProjectPaths.packageRoot)/Tests/Fixtures/duplicate-names")
        try repository.commitAll("Two stores")
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root], in: repository.root)
    }

    func names(_ run: TrellisRun) throws -> [String] {
        try #require(try run.json() as? [[String: Any]]).map { "\($0["name"] ?? "") \($0["path"] ?? "")" }
    }

    @Test func eachEdgeReachesTheFolderItsPathNames() throws {
        #expect(try names(trellis("dependents", "libs/store-v2", "--json")) == ["app projects/app"])
        #expect(try names(trellis("dependents", "libs/store", "--json")) == ["legacy-app projects/legacy-app"])
        #expect(try names(trellis("dependencies", "app", "--json")) == ["store libs/store-v2"])
        #expect(try names(trellis("dependencies", "legacy-app", "--json")) == ["store libs/store"])
        // `show` names the folder of each linked module: the name alone would not tell.
        #expect(trellis("show", "app").stdout.contains("  store  libs/store-v2  main   yes"))
        let why = trellis("why", "app", "libs/store-v2")
        #expect(why.status == 0 && why.stdout == "app -> store (main)\n", "\(why.stdout)\(why.stderr)")
        #expect(trellis("why", "app", "libs/store").stdout == "app does not depend on store.\n")
    }

    @Test func aSharedNameIsAmbiguousAndSaysWhichFolders() {
        let run = trellis("dependents", "store")
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("'store' names several modules (libs/store, libs/store-v2); name one by its folder"))
    }

    /// Both modules are drawn, each its own node (the folder is the node id where names clash),
    /// and Graphviz accepts the DOT.
    @Test func theGraphDrawsBothModulesWithTheirOwnEdges() throws {
        let dot = trellis("graph", "--format", "dot")
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.contains(#""app" -> "libs/store-v2""#))
        #expect(dot.stdout.contains(#""legacy-app" -> "libs/store""#))
        #expect(dot.stdout.contains(##""libs/store" [fillcolor="#dbeafe", label="store\n1.0.0""##))
        #expect(dot.stdout.contains(##""libs/store-v2" [fillcolor="#dbeafe", label="store\n2.0.0""##))
        _ = try renderWithGraphviz(dot.stdout)
        let json = try #require(try trellis("graph", "--format", "json").json() as? [String: Any])
        let edges = try #require(json["edges"] as? [[String: Any]]).map {
            "\($0["from"] ?? "")>\($0["to"] ?? "") \($0["from_path"] ?? "")>\($0["to_path"] ?? "")"
        }
        #expect(edges.contains("app>store projects/app>libs/store-v2"))
        #expect(edges.contains("legacy-app>store projects/legacy-app>libs/store"))
    }

    /// The history follows the folder: an edge moved from the old store to the new one is one
    /// removal from libs/store and one addition to libs/store-v2.
    @Test func theHistoryOfOneFolderIsItsOwn() throws {
        #expect(trellis("scan").status == 0)
        try repository.write([
            "projects/legacy-app/pyproject.toml": """
            [tool.poetry]
            name = "legacy-app"
            version = "0.1.0"

            [tool.poetry.dependencies]
            python = "^3.11"
            store = { path = "../../libs/store-v2", develop = true }
            """
        ])
        try repository.commitAll("legacy-app moves to the new store")
        #expect(trellis("scan").status == 0)
        func events(_ folder: String) throws -> [String] {
            try #require(try trellis("history", folder, "--json").json() as? [[String: Any]])
                .map { "\($0["event"] ?? "") \($0["module"] ?? "") \($0["target"] ?? "")" }
        }
        let old = try events("libs/store")
        #expect(old.contains("edge-removed legacy-app store"))
        #expect(!old.contains("edge-added app store"))
        let new = try events("libs/store-v2")
        #expect(new.contains("edge-added app store") && new.contains("edge-added legacy-app store"))
        #expect(try names(trellis("dependents", "libs/store", "--json")).isEmpty)
        #expect(trellis("history", "store").status == 2, "a shared name is ambiguous in the history too")
    }

    /// uv refuses such a workspace (uv 0.13.9, `uv lock`: "Two workspace members are both named
    /// `util`"); Trellis records no edge for `util = { workspace = true }` and says why.
    @Test func aWorkspaceSourceOnASharedNameIsNoGuess() throws {
        let check = trellis("check", "--json")
        #expect(check.status == 1)
        let findings = try #require(try check.json() as? [[String: Any]])
        let ambiguous = try #require(findings.first { $0["code"] as? String == "ambiguous-name" })
        #expect(ambiguous["file"] as? String == "tools/packages/cli/pyproject.toml")
        #expect(ambiguous["severity"] as? String == "error")
        #expect((ambiguous["message"] as? String)?.contains("tools/packages/util-a, tools/packages/util-b") == true)
        #expect(try names(trellis("dependencies", "cli", "--json")).isEmpty)
        // One name in two folders: a warning; in one uv workspace, which uv refuses, an error.
        let duplicates = findings.filter { $0["code"] as? String == "duplicate-name" }.map {
            "\($0["severity"] ?? "") \($0["file"] ?? "")"
        }
        #expect(
            duplicates == [
                "warning libs/store-v2/pyproject.toml", "warning libs/store/pyproject.toml",
                "error tools/packages/util-a/pyproject.toml", "error tools/packages/util-b/pyproject.toml",
            ])
    }
}
