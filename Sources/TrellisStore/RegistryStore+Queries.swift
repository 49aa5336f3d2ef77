import Foundation
import GRDB
import GRDBSQLite
import TrellisCore

extension RegistryStore {
    /// The most recent snapshot, or nil for an empty registry.
    public func latestSnapshot() throws(StoreError) -> SnapshotInfo? {
        try read { try Self.latestSnapshot($0) }
    }

    /// The modules alive at `snapshot` (nil: now), sorted by name then path.
    public func modules(at snapshot: Int64? = nil) throws(StoreError) -> [Module] {
        try read { try Self.modules($0, at: snapshot) }
    }

    static func modules(_ db: Database, at snapshot: Int64?) throws -> [Module] {
        try Self.fetchAll(
            db,
            SQLRequest(
                literal: """
                    SELECT \(Self.moduleColumns("s")) FROM module_state s
                    WHERE \(Self.alive("s", at: snapshot)) ORDER BY s.name, s.path
                    """), Self.module)
    }

    /// The external requirements alive at `snapshot` (nil: now), of the module in folder `module`
    /// or of all, in `Requirement.snapshotOrder`.
    public func requirements(of module: String? = nil, at snapshot: Int64? = nil) throws(StoreError)
        -> [Requirement]
    {
        try read { try Self.requirements($0, of: module, at: snapshot) }
    }

    static func requirements(_ db: Database, of module: String?, at snapshot: Int64?) throws -> [Requirement] {
        let filter: SQL = module.map { "AND m.path = \($0)" } ?? ""
        return try Self.fetchAll(
            db,
            SQLRequest(
                literal: """
                    SELECT \(Self.requirementColumns("r", module: "m")) FROM requirement r
                    JOIN module_state m ON m.module_id = r.module_id AND \(Self.alive("m", at: snapshot))
                    WHERE \(Self.alive("r", at: snapshot)) \(filter)
                    ORDER BY m.path, r.dep_group, r.package, r.line
                    """), Self.requirement)
    }

    /// The diagnostics recorded with `snapshot` (nil: the latest).
    public func diagnostics(of snapshot: Int64? = nil) throws(StoreError) -> [Diagnostic] {
        try read { try Self.diagnostics($0, snapshot: snapshot) }
    }

    /// The files of the latest snapshot's diagnostics of kind `code`.
    public func diagnosticFiles(_ code: DiagnosticCode) throws(StoreError) -> Set<String> {
        try read { db in
            guard let id = try Self.latestSnapshot(db)?.id else { return [] }
            return Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT file FROM diagnostic
                        WHERE snapshot_id = (SELECT COALESCE(diagnostics_of, id) FROM snapshot WHERE id = ?) AND code = ?
                        """, arguments: [id, code.rawValue]))
        }
    }

    /// The stamps of the files the last scan read, for the freshness check.
    public func fileStamps() throws(StoreError) -> [FileStamp] {
        try read { try Self.fileStamps($0) }
    }

    /// The folders and ignore files the last listing depended on (`WatchedPaths`).
    public func watchedPaths() throws(StoreError) -> [FileStamp] {
        try read { db in
            guard let blob = try Data.fetchOne(db, sql: "SELECT stamps FROM watched_paths WHERE id = 1") else {
                return []
            }
            return WatchedPaths.decode(blob)
        }
    }

    /// Runs `body` in one read with what the freshness check stats: the watched paths and a
    /// function that gives the manifests' stamps, both in the form `WatchedPaths.encode` writes,
    /// read straight from SQLite's buffers (no string or row per entry: 50,000 of them at 10,000
    /// modules). Nil, without running `body`, when there is no snapshot or no watched path yet.
    public func withFreshnessStamps<T>(
        _ body: (_ watched: UnsafeRawBufferPointer, _ manifests: () throws -> [UInt8]) throws -> T
    ) throws(StoreError) -> T? {
        try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM snapshot)") == true else { return nil }
            let watched = try db.makeStatement(sql: "SELECT stamps FROM watched_paths WHERE id = 1")
            guard sqlite3_step(watched.sqliteStatement) == SQLITE_ROW,
                let blob = sqlite3_column_blob(watched.sqliteStatement, 0)
            else { return nil }
            let bytes = UnsafeRawBufferPointer(
                start: blob, count: Int(sqlite3_column_bytes(watched.sqliteStatement, 0)))
            return try body(bytes) { try Self.encodedManifestStamps(db) }
        }
    }

    /// Every manifest stamp of the last scan (path, size, modification time) as `WatchedPaths.encode` writes them.
    private static func encodedManifestStamps(_ db: Database) throws -> [UInt8] {
        let statement = try db.makeStatement(sql: "SELECT size, modified, path FROM manifest_file")
        let raw = statement.sqliteStatement
        var encoded: [UInt8] = []
        while true {
            let step = sqlite3_step(raw)
            guard step == SQLITE_ROW else {
                if step == SQLITE_DONE { return encoded }
                throw DatabaseError(resultCode: ResultCode(rawValue: step), message: db.lastErrorMessage)
            }
            withUnsafeBytes(of: sqlite3_column_int64(raw, 0).littleEndian) { encoded.append(contentsOf: $0) }
            withUnsafeBytes(of: sqlite3_column_int64(raw, 1).littleEndian) { encoded.append(contentsOf: $0) }
            if let text = sqlite3_column_text(raw, 2) {
                encoded.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, 2))))
            }
            encoded.append(0)
        }
    }

    /// Replaces the watched paths by `stamps`.
    public func replaceWatchedPaths(_ stamps: [FileStamp]) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO watched_paths (id, stamps) VALUES (1, ?)",
                arguments: [WatchedPaths.encode(stamps)])
        }
    }

    /// How many modules, path edges and requirements are alive.
    public struct Counts: Sendable, Equatable {
        public var modules: Int, edges: Int, requirements: Int

        public init(modules: Int, edges: Int, requirements: Int) {
            self.modules = modules
            self.edges = edges
            self.requirements = requirements
        }
    }

    /// How many modules, path edges and requirements are alive now.
    public func counts() throws(StoreError) -> Counts {
        try read { db in
            let count = { (table: String) in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE disappeared IS NULL") ?? 0
            }
            return Counts(
                modules: try count("module_state"), edges: try count("path_edge"),
                requirements: try count("requirement"))
        }
    }

    /// Row counts of the history tables, for `doctor` and for tests that history grows with changes only.
    public func rowCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in [
                "snapshot", "module", "module_state", "path_edge", "requirement", "diagnostic", "manifest_file",
            ] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    // MARK: Shared SQL

    /// Every row of `request`, decoded as SQLite steps through it: the columns are read straight
    /// from the statement, without the copy of each row `Row.fetchAll` makes.
    static func fetchAll<T>(_ db: Database, _ request: SQLRequest<Row>, _ decode: (Row) throws -> T) throws -> [T] {
        var decoded: [T] = []
        let rows = try Row.fetchCursor(db, request)
        while let row = try rows.next() { decoded.append(try decode(row)) }
        return decoded
    }

    /// The condition "row alive at snapshot S" (or alive now) for the table aliased `alias`.
    /// With `filterOnly`, SQLite may not answer it from the `*_alive` index (a unary `+` keeps
    /// a column out of index selection): for queries with a selective index of their own, such
    /// as edges by one end, where "disappeared IS NULL" would otherwise pick the alive index
    /// and read every alive row.
    static func alive(_ alias: String, at snapshot: Int64?, filterOnly: Bool = false) -> SQL {
        SQL(sql: aliveCondition(alias, at: snapshot.map(String.init), filterOnly: filterOnly))
    }

    /// The condition "row alive at the snapshot `point`", an SQL expression (a column of another
    /// table, say): it appeared at or before it and had not disappeared by then.
    static func alive(_ alias: String, at point: SQL, filterOnly: Bool = false) -> SQL {
        let plus = filterOnly ? "+" : ""
        let appeared = SQL(sql: "\(plus)\(alias).appeared"), disappeared = SQL(sql: "\(plus)\(alias).disappeared")
        return "\(appeared) <= \(point) AND (\(disappeared) IS NULL OR \(disappeared) > \(point))"
    }

    /// `alive(alias, at:filterOnly:)` as SQL text, for a cached statement; `point` is SQL text
    /// too (a snapshot id), nil for now.
    static func aliveCondition(_ alias: String, at point: String?, filterOnly: Bool) -> String {
        let plus = filterOnly ? "+" : ""
        guard let point else { return "\(plus)\(alias).disappeared IS NULL" }
        let appeared = "\(plus)\(alias).appeared", disappeared = "\(plus)\(alias).disappeared"
        return "\(appeared) <= \(point) AND (\(disappeared) IS NULL OR \(disappeared) > \(point))"
    }

    static func latestSnapshot(_ db: Database) throws -> SnapshotInfo? {
        try Row.fetchOne(
            db,
            SQLRequest(
                literal: """
                    SELECT \(Self.snapshotColumns) FROM snapshot ORDER BY id DESC LIMIT 1
                    """)
        ).map(Self.snapshotInfo)
    }

    static func diagnostics(_ db: Database, snapshot: Int64?) throws -> [Diagnostic] {
        guard let id = try snapshot ?? latestSnapshot(db)?.id else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT severity, code, module, file, line, message FROM diagnostic
                WHERE snapshot_id = (SELECT COALESCE(diagnostics_of, id) FROM snapshot WHERE id = ?) ORDER BY id
                """, arguments: [id]
        ).map { row in
            Diagnostic(
                Diagnostic.Severity(rawValue: row["severity"]) ?? .error, storedCode: row["code"],
                module: (row["module"] as String?).map(ModuleName.init), file: row["file"], line: row["line"],
                row["message"])
        }
    }

    static func fileStamps(_ db: Database) throws -> [FileStamp] {
        try Row.fetchAll(db, sql: "SELECT path, size, modified, hash FROM manifest_file ORDER BY path").map {
            FileStamp(path: $0["path"], size: $0["size"], modified: $0["modified"], hash: $0["hash"])
        }
    }
}
