import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The registry on a real SQLite file: what goes in comes out, history grows with changes only,
/// and a database from a newer Trellis is left alone.
@Suite struct RegistryStoreTests {
    let repository: TemporaryRepository
    let path: String

    init() throws {
        repository = try TemporaryRepository()
        path = "\(repository.root)/.trellis/registry.sqlite"
    }

    static let files = [
        FileStamp(
            path: "libs/a/pyproject.toml", size: 120, modified: 1_700_000_000_000_000_000, hash: "00000000000000a1"),
        FileStamp(
            path: "libs/b/pyproject.toml", size: 140, modified: 1_700_000_000_000_000_000, hash: "00000000000000b1"),
        FileStamp(
            path: "libs/c/pyproject.toml", size: 160, modified: 1_700_000_000_000_000_000, hash: "00000000000000c1"),
    ]

    /// a → b (main), b → c (dev); two requirements; one diagnostic. Listed in the store's order.
    static let first = Snapshot(
        modules: [Module.test("a"), Module.test("b"), Module.test("c")],
        edges: [PathEdge.test("a", "b"), PathEdge.test("b", "c", group: "dev", editable: false, line: 12)],
        requirements: [Requirement.test("a", "numpy", ">=1.26,<2"), Requirement.test("c", "requests", "^2.31")],
        diagnostics: [
            Diagnostic(
                .resolvedByLockFile, module: ModuleName("a"), file: "libs/a/pyproject.toml", line: 10,
                "resolved through libs/a/poetry.lock")
        ])

    /// `first` with b → c removed, a → c added and c bumped to 2.0.0.
    static var second: Snapshot {
        var snapshot = first
        snapshot.modules[2].version = "2.0.0"
        snapshot.edges = [PathEdge.test("a", "b"), PathEdge.test("a", "c", line: 11)]
        return snapshot
    }

    /// Diagnostics that do not change are written once: later snapshots point at them, and each
    /// snapshot still reads its own list (an import of 2,000 commits would otherwise copy every
    /// diagnostic 2,000 times).
    @Test func unchangedDiagnosticsAreNotCopied() throws {
        let store = try RegistryStore(path: path)
        let first = try #require(try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files).recorded)
        let second = try #require(try store.ingest(Self.second, origin: SnapshotOrigin(), files: Self.files).recorded)
        #expect(try count("diagnostic", "snapshot_id", first.id) == 1)
        #expect(try count("diagnostic", "snapshot_id", second.id) == 0)
        #expect(try store.diagnostics(of: second.id) == Self.first.diagnostics)

        var third = Self.second
        third.diagnostics = []
        let cleared = try #require(try store.ingest(third, origin: SnapshotOrigin(), files: Self.files).recorded)
        #expect(try store.diagnostics(of: cleared.id).isEmpty)
        #expect(try store.diagnostics(of: second.id) == Self.first.diagnostics)
        #expect(try store.diagnostics().isEmpty)
        // Back to the first list: written again, since the snapshot before has none.
        let again = try #require(try store.ingest(Self.second, origin: SnapshotOrigin(), files: Self.files).recorded)
        #expect(try store.diagnostics(of: again.id) == Self.first.diagnostics)
        #expect(try count("diagnostic", "snapshot_id", again.id) == 1)
    }

    /// Rows of `table` whose `column` is `snapshot`, read with a separate connection.
    func count(_ table: String, _ column: String, _ snapshot: Int64) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table) WHERE \(column) = ?", arguments: [snapshot]) ?? -1
        }
    }

    @Test func whatIsIngestedIsReadBack() throws {
        let store = try RegistryStore(path: path)
        let result = try store.ingest(
            Self.first, origin: SnapshotOrigin(commit: "abc123", dirty: true), files: Self.files)
        let recorded = try #require(result.recorded)
        #expect(recorded.origin.commit == "abc123")
        #expect(recorded.origin.dirty)
        #expect(result.latest == recorded)
        #expect(try store.latestSnapshot() == recorded)
        #expect(try store.modules() == Self.first.modules)
        #expect(try store.edges() == Self.first.edges)
        #expect(try store.requirements() == Self.first.requirements)
        #expect(try store.requirements(of: try store.graph().folder(of: "C")) == [Self.first.requirements[1]])
        #expect(try store.diagnostics() == Self.first.diagnostics)
        #expect(try store.fileStamps() == Self.files)
        #expect(result.changes.modulesAdded == Self.first.modules)
        #expect(result.changes.edgesAdded == Self.first.edges)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func ingestingTheSameSnapshotAgainRecordsNothing() throws {
        let store = try RegistryStore(path: path)
        let first = try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files)
        let counts = try store.rowCounts()
        let again = try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files)
        #expect(again.recorded == nil)
        #expect(again.changes.isEmpty)
        #expect(again.latest == first.recorded)
        #expect(try store.rowCounts() == counts)
        #expect(
            counts == [
                "snapshot": 1, "module": 3, "module_state": 3, "path_edge": 2, "requirement": 2, "diagnostic": 1,
                "manifest_file": 3,
            ])
    }

    @Test func aChangeClosesAndOpensExactlyTheRowsThatChanged() throws {
        let store = try RegistryStore(path: path)
        let old = try #require(try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files).recorded)
        let before = try store.rowCounts()
        let result = try store.ingest(Self.second, origin: SnapshotOrigin(), files: Self.files)
        let new = try #require(result.recorded)
        #expect(new.id > old.id)

        #expect(result.changes.edgesAdded == [PathEdge.test("a", "c", line: 11)])
        #expect(result.changes.edgesRemoved == [PathEdge.test("b", "c", group: "dev", editable: false, line: 12)])
        #expect(result.changes.modulesChanged.map(\.name) == [ModuleName("c")])
        #expect(result.changes.modulesChanged.first?.version == "2.0.0")
        #expect(result.changes.modulesAdded.isEmpty && result.changes.modulesRemoved.isEmpty)
        #expect(result.changes.requirementsAdded == 0 && result.changes.requirementsRemoved == 0)

        let after = try store.rowCounts()
        #expect(after["snapshot"] == before["snapshot"]! + 1)
        #expect(after["module"] == before["module"])
        #expect(after["module_state"] == before["module_state"]! + 1)
        #expect(after["path_edge"] == before["path_edge"]! + 1)
        #expect(after["requirement"] == before["requirement"])
        // One edge and one module state closed, one of each opened; nothing else touched.
        #expect(try count("path_edge", "disappeared", new.id) == 1)
        #expect(try count("path_edge", "appeared", new.id) == 1)
        #expect(try count("module_state", "disappeared", new.id) == 1)
        #expect(try count("module_state", "appeared", new.id) == 1)
        #expect(try count("requirement", "disappeared", new.id) == 0)
        #expect(try count("requirement", "appeared", new.id) == 0)

        // Time travel: each snapshot still reads as it was.
        #expect(try store.edges(at: old.id) == Self.first.edges)
        #expect(try store.edges(at: new.id) == Self.second.edges)
        #expect(try store.edges() == Self.second.edges)
        #expect(try store.modules(at: old.id).map(\.version) == ["1.0.0", "1.0.0", "1.0.0"])
        #expect(try store.modules(at: new.id).map(\.version) == ["1.0.0", "1.0.0", "2.0.0"])
        #expect(try store.requirements(at: old.id) == Self.first.requirements)
        let graph = try store.graph(at: old.id)
        #expect(
            graph.reach(.dependencies, from: graph.folder(of: "b"), transitive: false).map(\.module.name)
                == [ModuleName("c")])
        let now = try store.graph()
        #expect(now.reach(.dependencies, from: now.folder(of: "b"), transitive: false).isEmpty)
    }

    @Test func aReopenedFileReadsTheSameData() throws {
        var snapshotID: Int64 = 0
        var counts: [String: Int] = [:]
        do {
            let store = try RegistryStore(path: path)
            try store.ingest(Self.first, origin: SnapshotOrigin(commit: "abc123"), files: Self.files)
            snapshotID = try #require(
                try store.ingest(Self.second, origin: SnapshotOrigin(), files: Self.files).recorded
            ).id
            counts = try store.rowCounts()
        }
        let reopened = try RegistryStore(path: path)
        #expect(try reopened.latestSnapshot()?.id == snapshotID)
        #expect(try reopened.modules() == Self.second.modules)
        #expect(try reopened.edges() == Self.second.edges)
        #expect(try reopened.edges(at: snapshotID - 1) == Self.first.edges)
        #expect(try reopened.requirements() == Self.second.requirements)
        #expect(try reopened.fileStamps() == Self.files)
        #expect(try reopened.rowCounts() == counts)
        #expect(
            try reopened.appliedMigrations() == [
                "0001_registry", "0002_watched_paths_shared_diagnostics", "0003_inherited_sources",
                "0004_declared_by", "0005_import_file", "0006_walk_indexes",
            ])
        // Opening again changes nothing: the same snapshot ingested once more is no news.
        #expect(try reopened.ingest(Self.second, origin: SnapshotOrigin(), files: Self.files).recorded == nil)
    }

    @Test func aModuleMovedToAnotherFolderKeepsItsIdentity() throws {
        let store = try RegistryStore(path: path)
        let old = try #require(try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files).recorded)
        let before = try store.rowCounts()
        var moved = Self.first
        moved.modules[1] = Module.test("b", path: "packages/b")
        // What a scan gives: the declarations now end at the module's new folder.
        let moveEnd = { (folder: String) in folder == "libs/b" ? "packages/b" : folder }
        moved.edges = moved.edges.map { edge in
            var edge = edge
            (edge.from, edge.to) = (moveEnd(edge.from), moveEnd(edge.to))
            return edge
        }
        moved.requirements = moved.requirements.map { requirement in
            var requirement = requirement
            requirement.module = moveEnd(requirement.module)
            return requirement
        }
        let result = try store.ingest(moved, origin: SnapshotOrigin(), files: Self.files)
        let new = try #require(result.recorded)
        let after = try store.rowCounts()
        #expect(after["module"] == before["module"])
        #expect(after["module_state"] == before["module_state"]! + 1)
        #expect(after["path_edge"] == before["path_edge"])
        #expect(result.changes.modulesAdded.isEmpty)
        #expect(result.changes.modulesRemoved.isEmpty)
        #expect(result.changes.modulesChanged == [Module.test("b", path: "packages/b")])
        #expect(result.changes.edgesAdded.isEmpty && result.changes.edgesRemoved.isEmpty)
        #expect(try store.modules(at: old.id).first { $0.name == ModuleName("b") }?.path == "libs/b")
        #expect(try store.modules(at: new.id).first { $0.name == ModuleName("b") }?.path == "packages/b")
        #expect(try store.edges() == moved.edges.sorted(by: PathEdge.snapshotOrder))
        #expect(try store.edges(at: old.id) == Self.first.edges)
    }

    @Test func aModuleRemovedAndAddedBack() throws {
        let store = try RegistryStore(path: path)
        try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files)
        var without = Self.first
        without.modules.removeLast()
        without.edges.removeLast()
        without.requirements.removeLast()
        let removal = try store.ingest(without, origin: SnapshotOrigin(), files: Self.files)
        #expect(removal.changes.modulesRemoved.map(\.name) == [ModuleName("c")])
        #expect(removal.changes.edgesRemoved.count == 1)
        #expect(removal.changes.requirementsRemoved == 1)
        #expect(try store.modules().map(\.name.rawValue) == ["a", "b"])
        let back = try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files)
        #expect(back.changes.modulesAdded.map(\.name) == [ModuleName("c")])
        #expect(try store.edges() == Self.first.edges)
        #expect(try store.requirements() == Self.first.requirements)
    }

    // MARK: A newer schema

    /// Adds a migration this Trellis does not know, as a newer Trellis would have, and returns the file's bytes.
    func writeFutureMigration(journalMode: String? = nil) throws -> Data {
        do {
            let store = try RegistryStore(path: path)
            try store.ingest(Self.first, origin: SnapshotOrigin(), files: Self.files)
        }
        let queue = try DatabaseQueue(path: path)
        if let journalMode {
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = \(journalMode)") }
        }
        try queue.write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_future_schema')")
        }
        try queue.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func aDatabaseFromANewerTrellisIsRefusedAndLeftUnmodified() throws {
        let bytes = try writeFutureMigration()
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["9999_future_schema"])) {
            try RegistryStore(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        let wal = path + "-wal"
        #expect(try !FileManager.default.fileExists(atPath: wal) || Data(contentsOf: URL(fileURLWithPath: wal)).isEmpty)
        let message = StoreError.newerSchema(path: path, unknown: ["9999_future_schema"]).description
        #expect(message.contains("newer Trellis") && message.contains("not modified") && message.contains(path))
    }

    /// docs/ARCHITECTURE.md: a database written by a newer schema is "never modified". Opening it must not
    /// even switch its journal mode (a header change that stays in the file).
    @Test func aNewerDatabaseInRollbackJournalModeIsLeftUnmodified() throws {
        let bytes = try writeFutureMigration(journalMode: "DELETE")
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["9999_future_schema"])) {
            try RegistryStore(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aFileThatIsNotADatabaseIsACleanError() throws {
        try repository.write([".trellis/registry.sqlite": String(repeating: "not a database ", count: 100)])
        let error = #expect(throws: StoreError.self) { try RegistryStore(path: path) }
        // A file that is not SQLite is `.damaged` (it was `.cannotOpen` before `scan --rebuild`).
        guard case .damaged(let reportedPath, _) = error else {
            Issue.record("expected damaged, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
    }
}
