import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// `import-git` on real git repositories built here, commit by commit, with fixed authors and dates.
@Suite struct HistoryImportTests {
    static func uv(_ name: String, version: String, dependencies: [String], sources: [String]) -> String {
        """
        [project]
        name = "\(name)"
        version = "\(version)"
        dependencies = [\(dependencies.map { "\"\($0)\"" }.joined(separator: ", "))]

        [tool.uv.sources]
        \(sources.joined(separator: "\n"))

        """
    }

    /// Seven commits: the story the assertions below tell.
    static func makeHistory() throws -> TemporaryRepository {
        let repo = try TemporaryRepository(prefix: "trellis-history")
        try repo.git("init", "-q")
        func commit(_ message: String, _ date: String, _ files: [String: String], remove: [String] = []) throws {
            try repo.write(files)
            for path in remove { try repo.git("rm", "-q", "-r", path) }
            try repo.git("add", "-A")
            try repo.git("commit", "-q", "-m", message, date: date)
        }
        try commit(
            "Start", "2025-01-10T09:00:00Z",
            [
                "libs/lib-one/pyproject.toml": poetry(
                    "lib-one", version: "1.0.0", dependencies: ["pydantic = \"^2.7\""]),
                "libs/logger/pyproject.toml": poetry("logger", version: "0.1.0"),
                "projects/app/pyproject.toml": poetry(
                    "app", version: "1.0.0", dependencies: ["lib-one = {path = \"../../libs/lib-one\", develop = true}"]
                ),
            ])
        try repo.git("tag", "v1")
        try commit(
            "lib-one logs", "2025-02-10T09:00:00Z",
            [
                "libs/lib-one/pyproject.toml": poetry(
                    "lib-one", version: "1.1.0",
                    dependencies: ["pydantic = \"^2.7\"", "logger = {path = \"../logger\", develop = true}"])
            ])
        try commit("Docs only", "2025-02-20T09:00:00Z", ["README.md": "# repo\n"])
        try commit(
            "Move logger", "2025-03-10T09:00:00Z",
            [
                "shared/logger/pyproject.toml": poetry("logger", version: "0.1.0"),
                "libs/lib-one/pyproject.toml": poetry(
                    "lib-one", version: "1.1.0",
                    dependencies: ["pydantic = \"^2.7\"", "logger = {path = \"../../shared/logger\", develop = true}"]),
            ], remove: ["libs/logger"])
        try commit(
            "app on uv", "2025-04-10T09:00:00Z",
            [
                "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"projects/*\", \"libs/*\"]\n",
                "projects/app/pyproject.toml": uv(
                    "app", version: "1.0.0", dependencies: ["lib-one"], sources: ["lib-one = { workspace = true }"]),
            ])
        try commit(
            "Broken app", "2025-05-10T09:00:00Z",
            ["projects/app/pyproject.toml": "[project]\nname = \"app\"\nversion = \n"])
        try repo.git("tag", "broken")
        try commit(
            "Drop the edge", "2025-06-10T09:00:00Z",
            [
                "projects/app/pyproject.toml": uv("app", version: "2.0.0", dependencies: ["requests>=2"], sources: [])
            ])
        try repo.git("tag", "v2")
        return repo
    }

    func registry(_ repo: TemporaryRepository) throws -> Registry {
        Registry(
            store: try RegistryStore(path: "\(repo.root)/.trellis/registry.sqlite"),
            scanner: RepositoryScanner(root: repo.root))
    }

    func events(_ registry: Registry) throws -> [String] {
        try registry.store.changes().flatMap { info, changes in
            changes.filter { !$0.event.rawValue.hasPrefix("requirement") }.map {
                "\(info.origin.subject ?? "scan"): \($0.event.rawValue) \($0.module)\($0.target.map { " → \($0)" } ?? "")\($0.from.map { " [\($0)" } ?? "")\($0.to.map { " ⇒ \($0)]" } ?? "")"
            }
        }
    }

    @Test func importTellsTheStoryInCommitOrder() throws {
        let repo = try Self.makeHistory()
        let registry = try registry(repo)
        let report = try registry.importGit()
        #expect(report.imported == 6, "the docs-only commit changes no manifest")
        #expect(report.rewritten == false)
        #expect(
            try events(registry) == [
                "Start: edge-added app → lib-one ⇒ main, editable]",
                "Start: module-added app ⇒ 1.0.0]",
                "Start: module-added lib-one ⇒ 1.0.0]",
                "Start: module-added logger ⇒ 0.1.0]",
                "lib-one logs: edge-added lib-one → logger ⇒ main, editable]",
                "lib-one logs: version-changed lib-one [1.0.0 ⇒ 1.1.0]",
                "Move logger: declaration-changed lib-one → logger [logger = {path = \"../logger\", develop = true} ⇒ logger = {path = \"../../shared/logger\", develop = true}]",
                "Move logger: module-moved logger [libs/logger ⇒ shared/logger]",
                // Poetry path → uv workspace: the same edge, declared another way (uv installs workspace members editable).
                "app on uv: declaration-changed app → lib-one [lib-one = {path = \"../../libs/lib-one\", develop = true} ⇒ lib-one with [tool.uv.sources] lib-one = { workspace = true }]",
                // "Broken app" changes nothing: the unreadable manifest keeps its last state.
                "Drop the edge: edge-removed app → lib-one [main, editable",
                "Drop the edge: version-changed app [1.0.0 ⇒ 2.0.0]",
            ])
        let broken = try #require(try registry.store.snapshots().first { $0.origin.subject == "Broken app" })
        #expect(
            try registry.store.diagnostics(of: broken.id).contains {
                $0.code == .invalidManifest && $0.file == "projects/app/pyproject.toml" && $0.line == 3
            })
        let start = try #require(try registry.store.snapshots().first)
        #expect(start.origin.author == "Alice Example <alice@example.com>")
        #expect(start.origin.date == "2025-01-10T09:00:00Z" || start.origin.date == "2025-01-10T09:00:00+00:00")
    }

    @Test func atAnswersThePastByRevisionDateAndSnapshot() throws {
        let repo = try Self.makeHistory()
        let registry = try registry(repo)
        try registry.importGit()
        func dependents(of name: String, at selector: String) throws -> [String] {
            let id = try registry.snapshotID(for: SnapshotSelector(selector))
            let graph = try registry.store.graph(at: id)
            return graph.reach(.dependents, from: graph.folder(of: name), transitive: true).map(\.module.name.rawValue)
        }
        #expect(try dependents(of: "lib-one", at: "v1") == ["app"])
        #expect(try dependents(of: "logger", at: "v1") == [])
        #expect(
            try dependents(of: "logger", at: "2025-02-10") == ["lib-one", "app"], "lib-one at depth 1, app at depth 2")
        #expect(try dependents(of: "lib-one", at: "broken") == ["app"], "the broken commit keeps the last edge")
        #expect(try dependents(of: "lib-one", at: "v2") == [])
        #expect(try dependents(of: "lib-one", at: "#1") == ["app"])
        #expect(throws: HistoryError.self) { try registry.snapshotID(for: SnapshotSelector("2024-12-31")) }
        // A revision between manifest commits answers with the last one before it.
        #expect(
            try registry.snapshotID(for: SnapshotSelector("HEAD~4"))
                == registry.snapshotID(for: SnapshotSelector("HEAD~5")))
    }

    @Test func secondImportIsANoOp() throws {
        let repo = try Self.makeHistory()
        let registry = try registry(repo)
        try registry.importGit()
        let counts = try registry.store.rowCounts()
        let again = try registry.importGit()
        #expect(again.imported == 0)
        #expect(again.skipped == 6)
        #expect(try registry.store.rowCounts() == counts)
    }

    @Test func incrementalImportAddsOnlyNewCommits() throws {
        let repo = try Self.makeHistory()
        let registry = try registry(repo)
        try registry.importGit(ref: "broken")
        #expect(try registry.store.snapshots().count == 5)
        try repo.write([
            "libs/lib-one/pyproject.toml": poetry(
                "lib-one", version: "1.2.0", dependencies: ["logger = {path = \"../../shared/logger\", develop = true}"]
            )
        ])
        try repo.git("commit", "-q", "-am", "Bump", date: "2025-07-01T09:00:00Z")
        let report = try registry.importGit()
        #expect(report.imported == 2)
        #expect(report.rewritten == false)
        #expect(
            try registry.store.snapshots().map(\.origin.subject) == [
                "Start", "lib-one logs", "Move logger", "app on uv", "Broken app", "Drop the edge", "Bump",
            ])
    }

    @Test func scansFirstThenImportGivesTheSameHistory() throws {
        let repo = try Self.makeHistory()
        let scannedFirst = try registry(repo)
        _ = try scannedFirst.scan()
        let report = try scannedFirst.importGit()
        #expect(report.rewritten, "the commits are older than the scan")
        let snapshots = try scannedFirst.store.snapshots()
        #expect(
            snapshots.map(\.origin.source) == Array(repeating: .commit, count: 6) + [.worktree],
            "ids follow commit order")

        let other = try TemporaryRepository(prefix: "trellis-history-b")
        let importedFirst = Registry(
            store: try RegistryStore(path: "\(other.root)/registry.sqlite"), scanner: RepositoryScanner(root: repo.root)
        )
        try importedFirst.importGit()
        _ = try importedFirst.scan()
        #expect(try events(scannedFirst) == events(importedFirst))
    }

    /// Issue #16: a file that is not text is named where history reads it (git's blobs) as where
    /// a scan reads it (the work tree): the same `invalid-encoding` finding at the same line.
    @Test func aFileThatIsNotTextIsNamedByTheImportAsByAScan() throws {
        let repo = try TemporaryRepository(prefix: "trellis-encoding")
        try repo.git("init", "-q")
        try repo.write([
            "libs/core/pyproject.toml": project("core"), "services/api/pyproject.toml": project("api"),
        ])
        let latin1 = Data("-e ../../libs/core\n# caf".utf8) + Data([0xE9]) + Data("\n".utf8)
        try latin1.write(to: URL(fileURLWithPath: "\(repo.root)/services/api/requirements.txt"))
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "Start", date: "2025-01-10T09:00:00Z")
        func findings(_ registry: Registry) throws -> [String] {
            try registry.store.diagnostics().filter { $0.code == .invalidEncoding }.map { "\($0.file):\($0.line)" }
        }
        let imported = try registry(repo)
        try imported.importGit()
        #expect(try findings(imported) == ["services/api/requirements.txt:2"])
        let other = try TemporaryRepository(prefix: "trellis-encoding-b")
        let scanned = Registry(
            store: try RegistryStore(path: "\(other.root)/registry.sqlite"), scanner: RepositoryScanner(root: repo.root)
        )
        _ = try scanned.scan()
        #expect(try findings(scanned) == findings(imported))
        #expect(try scanned.store.edges().count == 1, "the lines that are text still count")
    }

    @Test func historyCostsRowsPerChangeNotPerSnapshot() throws {
        let repo = try TemporaryRepository(prefix: "trellis-rows")
        var files: [String: String] = [:]
        for index in 0..<30 { files["libs/m\(index)/pyproject.toml"] = poetry("m\(index)", version: "1.0.0") }
        files["projects/app/pyproject.toml"] = poetry("app", version: "1.0.0")
        try repo.write(files)
        try repo.commitAll()
        // 20 commits, each adding one edge to app.
        for index in 0..<20 {
            let edges = (0...index).map { "m\($0) = {path = \"../../libs/m\($0)\"}" }
            try repo.write([
                "projects/app/pyproject.toml": poetry(
                    "app", version: "1.0.0", dependencies: [edges.joined(separator: "\n")])
            ])
            try repo.git("commit", "-q", "-am", "edge \(index)")
        }
        let registry = try registry(repo)
        try registry.importGit()
        let counts = try registry.store.rowCounts()
        #expect(counts["snapshot"] == 21)
        #expect(counts["module_state"] == 31, "modules never changed: one state row each")
        #expect(counts["path_edge"] == 20, "one row per added edge, not per snapshot")
    }

    /// Issue #16 (found by ConcurrentRegistryTests): an import reads the recorded snapshots, then
    /// writes; a scan another process recorded in between was dropped by the history rewrite.
    /// The write now checks the registry's mark and writes nothing when it moved, and the import
    /// starts again from what is recorded.
    @Test func aSnapshotRecordedBetweenTheImportsReadAndItsWriteIsKept() throws {
        let repo = try Self.makeHistory()
        let registry = Registry(
            store: try RegistryStore(path: "\(repo.root)/.trellis/registry.sqlite"),
            scanner: RepositoryScanner(root: repo.root))
        _ = try registry.scan()
        let mark = try registry.store.historyMark()
        try repo.write(["libs/logger/pyproject.toml": poetry("logger", version: "9.9.9")])
        _ = try registry.scan()  // "another process" records a snapshot after the mark was read
        let held = try registry.store.snapshots()
        #expect(try registry.store.historyMark() != mark)
        let appended = try registry.store.append(expecting: mark) { nil }
        let rewritten = try registry.store.rewriteHistory(expecting: mark) { nil }
        #expect(!appended && !rewritten, "a stale mark writes nothing")
        #expect(try registry.store.snapshots() == held, "the other snapshot is kept")
        #expect(try registry.store.append(expecting: registry.store.historyMark()) { nil })

        // The import itself keeps the scans: they stay after the commits, the edit included.
        let report = try registry.importGit()
        #expect(report.imported == 6 && report.rewritten, "six of the seven commits change a manifest")
        let after = try registry.store.snapshots()
        #expect(after.count == held.count + 6)
        #expect(after.suffix(2).map(\.origin.source) == [.worktree, .worktree])
        #expect(try registry.store.modules().first { $0.name.rawValue == "logger" }?.version == "9.9.9")
    }
}
