import Foundation
import GRDB
import TrellisCore

extension RegistryStore {
    /// Every snapshot, oldest first (ids are kept in chronological order).
    public func snapshots() throws(StoreError) -> [SnapshotInfo] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, source, recorded_at, commit_id, dirty, author, authored_at, subject FROM snapshot ORDER BY id
                """).map(Self.snapshotInfo)
        }
    }

    /// The whole graph as it was at `snapshot`, with the diagnostics recorded with it.
    public func snapshot(at id: Int64) throws(StoreError) -> Snapshot {
        try read { db in
            Snapshot(
                modules: try Self.modules(db, at: id), edges: try Self.edges(db, at: id),
                requirements: try Self.requirements(db, of: nil, at: id), diagnostics: try Self.diagnostics(db, snapshot: id))
        }
    }

    /// The changes recorded at each snapshot in `range` (all when nil), in chronological order.
    /// Reads only the rows that appeared or disappeared there: O(changes), not O(snapshots × graph).
    public func changes(in range: ClosedRange<Int64>? = nil) throws(StoreError) -> [(SnapshotInfo, [GraphChange])] {
        try read { db in
            let low = range?.lowerBound ?? Int64.min, high = range?.upperBound ?? Int64.max
            var before: [Int64: Snapshot] = [:], after: [Int64: Snapshot] = [:]
            // A module state that appeared at S is "after"; one that disappeared at S is "before".
            for row in try Row.fetchAll(db, sql: """
                SELECT appeared, disappeared, name, path, manifest, kind, version, description FROM module_state
                WHERE (appeared BETWEEN ? AND ?) OR (disappeared BETWEEN ? AND ?)
                """, arguments: [low, high, low, high]) {
                let module = Self.module(row, offset: 2)
                let appeared: Int64 = row[0]
                if appeared >= low && appeared <= high { after[appeared, default: Snapshot()].modules.append(module) }
                if let gone: Int64 = row[1], gone >= low && gone <= high { before[gone, default: Snapshot()].modules.append(module) }
            }
            // Edge ends are named as they were where the row changed: just before S for a vanished row.
            for (column, isAfter) in [("appeared", true), ("disappeared", false)] {
                let aliveThere = isAfter
                    ? "s.appeared <= e.appeared AND (s.disappeared IS NULL OR s.disappeared > e.appeared)"
                    : "s.appeared < e.disappeared AND (s.disappeared IS NULL OR s.disappeared >= e.disappeared)"
                for row in try Row.fetchAll(db, sql: """
                    SELECT e.\(column), f.name, t.name, e.dep_group, e.editable, e.optional, e.declared, e.file, e.line, e.resolution
                    FROM path_edge e
                    JOIN module_state f ON f.module_id = e.from_module AND \(aliveThere.replacingOccurrences(of: "s.", with: "f."))
                    JOIN module_state t ON t.module_id = e.to_module AND \(aliveThere.replacingOccurrences(of: "s.", with: "t."))
                    WHERE e.\(column) BETWEEN ? AND ?
                    """, arguments: [low, high]) {
                    let id: Int64 = row[0]
                    let edge = Self.edge(row, offset: 1)
                    if isAfter { after[id, default: Snapshot()].edges.append(edge) } else { before[id, default: Snapshot()].edges.append(edge) }
                }
                for row in try Row.fetchAll(db, sql: """
                    SELECT r.\(column), m.name, r.package, r.specifier, r.markers, r.dep_group, r.optional, r.file, r.line
                    FROM requirement r
                    JOIN module_state m ON m.module_id = r.module_id AND \(aliveThere.replacingOccurrences(of: "s.", with: "m.").replacingOccurrences(of: "e.", with: "r."))
                    WHERE r.\(column) BETWEEN ? AND ?
                    """, arguments: [low, high]) {
                    let id: Int64 = row[0]
                    let requirement = Self.requirement(row, offset: 1)
                    if isAfter { after[id, default: Snapshot()].requirements.append(requirement) } else { before[id, default: Snapshot()].requirements.append(requirement) }
                }
            }
            let snapshots = try Row.fetchAll(db, sql: """
                SELECT id, source, recorded_at, commit_id, dirty, author, authored_at, subject FROM snapshot
                WHERE id BETWEEN ? AND ? ORDER BY id
                """, arguments: [low, high]).map(Self.snapshotInfo)
            return snapshots.map { info in
                (info, GraphChange.changes(from: before[info.id] ?? Snapshot(), to: after[info.id] ?? Snapshot()))
            }
        }
    }

    /// Replaces the whole history by the snapshots `next` gives (nil: no more), in that order, in
    /// one transaction: used when an import brings commits older than snapshots already
    /// recorded, so ids stay chronological.
    public func rewriteHistory(_ next: () throws -> (origin: SnapshotOrigin, recordedAt: String, snapshot: Snapshot)?) throws(StoreError) {
        try write { db in
            for table in ["diagnostic", "path_edge", "requirement", "module_state", "module", "snapshot"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            let alive = AliveState()
            while let entry = try next() {
                let date = Timestamp.date(entry.recordedAt) ?? Date()
                _ = try Self.ingest(db, .full(entry.snapshot), origin: entry.origin, files: nil, recordUnchanged: true, now: date, alive: alive)
            }
        }
    }

    /// Records consecutive commit snapshots in one transaction, as `next` gives them (nil: no
    /// more), each an update of the one before: the commits are built while they are recorded.
    public func append(_ next: () throws -> (origin: SnapshotOrigin, update: SnapshotUpdate)?) throws(StoreError) {
        try write { db in
            let alive = try AliveState(db)
            while let entry = try next() {
                _ = try Self.ingest(db, entry.update, origin: entry.origin, files: nil, recordUnchanged: true, now: Date(), alive: alive)
            }
        }
    }

    static func snapshotInfo(_ row: Row) -> SnapshotInfo {
        SnapshotInfo(
            id: row[0], source: SnapshotInfo.Source(rawValue: row[1]) ?? .worktree, recordedAt: row[2],
            commit: row[3], dirty: row[4], author: row[5], date: row[6], subject: row[7])
    }

    /// Decodes `module, package, specifier, markers, group, optional, file, line` starting at column `offset`.
    static func requirement(_ row: Row, offset: Int) -> Requirement {
        Requirement(
            module: ModuleName(row[offset] as String), package: ModuleName(row[offset + 1] as String),
            specifier: row[offset + 2], markers: row[offset + 3], group: row[offset + 4], optional: row[offset + 5],
            file: row[offset + 6], line: row[offset + 7])
    }
}
