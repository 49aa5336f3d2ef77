import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisTestSupport
@testable import TrellisStore

@Suite struct MigrationsTests {
    static let folder = "\(ProjectPaths.packageRoot)/migrations"
    static let golden = "\(ProjectPaths.packageRoot)/Tests/TrellisStoreTests/Golden/schema.sql"

    /// `migrations/NNNN_name.sql` as tools/generate-migrations embeds them: sorted, identified by
    /// the file name without `.sql`, trailing newlines dropped.
    func migrationFiles() throws -> [(id: String, sql: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { name in
            name.hasSuffix(".sql") && name.count > 9 && name.prefix(4).allSatisfy(\.isASCII)
                && name.prefix(4).allSatisfy(\.isNumber)
                && name.dropFirst(4).first == "_"
        }.sorted()
        return try names.map { name in
            var sql = try String(contentsOfFile: "\(Self.folder)/\(name)", encoding: .utf8)
            while sql.hasSuffix("\n") { sql.removeLast() }
            return (id: String(name.dropLast(".sql".count)), sql: sql)
        }
    }

    @Test func theEmbeddedMigrationsAreTheFilesInMigrations() throws {
        let files = try migrationFiles()
        try #require(!files.isEmpty, "no migrations found in \(Self.folder)")
        let stale = "Sources/TrellisStore/Migrations+Generated.swift is stale: run tools/generate-migrations"
        #expect(Migrations.all.map(\.id) == files.map(\.id), "\(stale)")
        for (file, embedded) in zip(files, Migrations.all) where file.id == embedded.id {
            #expect(embedded.sql == file.sql, "\(file.id).sql differs from its embedded copy. \(stale)")
        }
    }

    /// A registry in `folder` as an older Trellis left it: migrated up to `last`, with one
    /// snapshot and the rows `write` adds, then opened by this Trellis (which applies the rest).
    func registry(
        in folder: TemporaryRepository, writtenUpTo last: String, _ write: (Database) throws -> Void
    ) throws -> RegistryStore {
        let path = "\(folder.root)/registry.sqlite"
        let old = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(old, upTo: last)
        try old.write { db in
            try db.execute(
                sql: "INSERT INTO snapshot (source, recorded_at) VALUES ('worktree', '2026-01-01T00:00:00Z')")
            try write(db)
        }
        try old.close()
        return try RegistryStore(path: path)
    }

    /// A registry written before 0002 keeps its history and gains the new table on opening.
    @Test func aRegistryFromTheFirstSchemaIsMigrated() throws {
        let folder = try TemporaryRepository()
        let store = try registry(in: folder, writtenUpTo: "0001_registry") { _ in }
        #expect(
            try store.appliedMigrations() == [
                "0001_registry", "0002_watched_paths_shared_diagnostics", "0003_inherited_sources",
                "0004_declared_by", "0005_import_file", "0006_walk_indexes",
            ])
        #expect(try store.latestSnapshot()?.id == 1)
        #expect(try store.watchedPaths().isEmpty)
    }

    /// 0003 copies the uv workspace root an inherited edge came from out of its declaration text,
    /// where 0001 and 0002 kept it (`… with [tool.uv.sources] <source> in <root manifest>`), so an
    /// old registry carries a broken root's edges over as a new one does; other edges get NULL.
    @Test func aRegistryFromTheSecondSchemaLearnsWhereInheritedEdgesCameFrom() throws {
        let folder = try TemporaryRepository()
        let store = try registry(in: folder, writtenUpTo: "0002_watched_paths_shared_diagnostics") { db in
            try db.execute(sql: "INSERT INTO module DEFAULT VALUES")
            try db.execute(sql: "INSERT INTO module DEFAULT VALUES")
            let insert = """
                INSERT INTO path_edge (from_module, to_module, dep_group, editable, optional, declared, file, line,
                                       resolution, appeared)
                VALUES (1, 2, 'main', 1, 0, ?, 'packages/a/pyproject.toml', 3, 'workspace', 1)
                """
            try db.execute(
                sql: insert,
                arguments: ["\"b\" with [tool.uv.sources] b = { workspace = true } in pyproject.toml"])
            try db.execute(sql: insert, arguments: ["b = {path = \"../b\", develop = true}"])
        }
        let inherited = try store.read { db in
            try String?.fetchAll(db, sql: "SELECT inherited_from FROM path_edge ORDER BY id")
        }
        #expect(inherited == ["pyproject.toml", nil])
    }

    /// 0004 adds which file declares an edge: every edge an older Trellis recorded came from a
    /// manifest; a lock file's edge (a module whose dependencies are dynamic) keeps `lock`.
    @Test func aRegistryFromTheThirdSchemaKnowsItsEdgesCameFromManifests() throws {
        let folder = try TemporaryRepository()
        let store = try registry(in: folder, writtenUpTo: "0003_inherited_sources") { db in
            try db.execute(sql: "INSERT INTO module DEFAULT VALUES")
            try db.execute(sql: "INSERT INTO module DEFAULT VALUES")
            try db.execute(
                sql: """
                    INSERT INTO path_edge (from_module, to_module, dep_group, editable, optional, declared, file, line,
                                           resolution, appeared)
                    VALUES (1, 2, 'main', 0, 0, 'b = {path = "../b"}', 'a/pyproject.toml', 3, 'path', 1)
                    """)
        }
        let declaredBy = try store.read { db in try String.fetchAll(db, sql: "SELECT declared_by FROM path_edge") }
        #expect(declaredBy == ["manifest"])
    }

    @Test func aLockEdgeIsStoredAsDeclaredByTheLock() throws {
        let store = try RegistryStore()
        let snapshot = Snapshot(
            modules: [.test("dyn", path: "apps/dyn"), .test("core")],
            edges: [
                PathEdge(
                    from: "apps/dyn", to: "libs/core", declared: "core locked in uv.lock",
                    file: "uv.lock", line: 39, declaredBy: .lock)
            ])
        _ = try store.ingest(snapshot, origin: SnapshotOrigin(), files: [])
        #expect(try store.edges().map(\.declaredBy) == [.lock])
        #expect(try store.edges() == snapshot.edges)
    }

    @Test func aFreshRegistryHasEveryMigrationApplied() throws {
        let store = try RegistryStore()
        #expect(try store.appliedMigrations() == Migrations.all.map(\.id))
        #expect(try store.appliedMigrations() == migrationFiles().map(\.id))
    }

    /// Every object of a fresh registry, so that a schema change shows in review.
    func dumpSchema() throws -> String {
        let repository = try TemporaryRepository()
        let path = "\(repository.root)/registry.sqlite"
        _ = try RegistryStore(path: path)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master ORDER BY name").map { row in
                let type: String = row["type"], name: String = row["name"], sql: String? = row["sql"]
                return "-- \(type) \(name)\n" + (sql.map { $0 + ";" } ?? "-- (made by SQLite)") + "\n"
            }.joined(separator: "\n")
        }
    }

    /// Re-record with `TRELLIS_RECORD=1 swift test --filter MigrationsTests`; a missing golden fails.
    @Test func theSchemaIsTheGolden() throws {
        let schema = try dumpSchema()
        if ProcessInfo.processInfo.environment["TRELLIS_RECORD"] == "1" {
            try FileManager.default.createDirectory(
                atPath: (Self.golden as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try schema.write(toFile: Self.golden, atomically: true, encoding: .utf8)
            return
        }
        guard FileManager.default.fileExists(atPath: Self.golden) else {
            Issue.record("missing golden file \(Self.golden): record it with TRELLIS_RECORD=1 and review it")
            return
        }
        let golden = try String(contentsOfFile: Self.golden, encoding: .utf8)
        #expect(
            schema == golden,
            "the schema differs from Tests/TrellisStoreTests/Golden/schema.sql; review and re-record with TRELLIS_RECORD=1"
        )
        // The golden is a real dump, not an empty file: it names the documented tables and views.
        for object in [
            "table snapshot", "table module_state", "table path_edge", "view current_edges", "view edge_history",
        ] {
            #expect(golden.contains("-- \(object)\n"))
        }
    }
}
