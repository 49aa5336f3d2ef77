import Foundation
import GRDB
import TrellisCore

extension RegistryStore {
    /// Every snapshot, oldest first (ids are kept in chronological order).
    public func snapshots() throws(StoreError) -> [SnapshotInfo] {
        try read { db in
            try Row.fetchAll(db, SQLRequest(literal: "SELECT \(Self.snapshotColumns) FROM snapshot ORDER BY id"))
                .map(Self.snapshotInfo)
        }
    }

    /// The whole graph as it was at `snapshot`, with the diagnostics recorded with it.
    public func snapshot(at id: Int64) throws(StoreError) -> Snapshot {
        try read { db in
            Snapshot(
                modules: try Self.modules(db, at: id), edges: try Self.edges(db, at: id),
                requirements: try Self.requirements(db, of: nil, at: id),
                diagnostics: try Self.diagnostics(db, snapshot: id))
        }
    }

    /// The changes recorded at each snapshot in `range` (all when nil), in chronological order.
    /// Reads only the rows that appeared or disappeared there: O(changes), not O(snapshots × graph).
    public func changes(in range: ClosedRange<Int64>? = nil) throws(StoreError) -> [(SnapshotInfo, [GraphChange])] {
        try read { db in
            let low = range?.lowerBound ?? Int64.min, high = range?.upperBound ?? Int64.max
            var before: [Int64: Snapshot] = [:], after: [Int64: Snapshot] = [:]
            // The names of the folders the rows end at, as they were on each side of each snapshot.
            var namesBefore: [Int64: [String: ModuleName]] = [:], namesAfter: [Int64: [String: ModuleName]] = [:]
            // A module state that appeared at S is "after"; one that disappeared at S is "before".
            for row in try Row.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT s.appeared, s.disappeared, \(Self.moduleColumns("s")) FROM module_state s
                        WHERE (s.appeared BETWEEN \(low) AND \(high)) OR (s.disappeared BETWEEN \(low) AND \(high))
                        """))
            {
                let module = Self.module(row)
                let appeared: Int64 = row["appeared"]
                if appeared >= low && appeared <= high { after[appeared, default: Snapshot()].modules.append(module) }
                if let gone: Int64 = row["disappeared"], gone >= low && gone <= high {
                    before[gone, default: Snapshot()].modules.append(module)
                }
            }
            // Modules are named as they were where the row changed: at S for a row that appeared
            // there, just before S (ids are integers) for one that vanished.
            for (column, isAfter) in [("appeared", true), ("disappeared", false)] {
                // The snapshot where the row of `alias` changed, and the one its modules are named at.
                let at = { (alias: String) -> (changed: SQL, named: SQL) in
                    let changed = SQL(sql: "\(alias).\(column)")
                    return (changed, isAfter ? changed : changed + " - 1")
                }
                // The rows of this pass: the state after their snapshot (appeared) or before it.
                var side = isAfter ? after : before
                var names = isAfter ? namesAfter : namesBefore
                let (changed, named) = at("e")
                for row in try Row.fetchAll(
                    db,
                    SQLRequest(
                        literal: """
                            SELECT \(changed) AS changed, \(Self.edgeColumns("e", from: "f", to: "t"))
                            FROM path_edge e
                            JOIN module_state f ON f.module_id = e.from_module AND \(Self.alive("f", at: named))
                            JOIN module_state t ON t.module_id = e.to_module AND \(Self.alive("t", at: named))
                            WHERE \(changed) BETWEEN \(low) AND \(high)
                            """))
                {
                    let edge = Self.edge(row)
                    side[row["changed"], default: Snapshot()].edges.append(edge)
                    names[row["changed"], default: [:]][edge.from] = ModuleName(row["from_name"] as String)
                    names[row["changed"], default: [:]][edge.to] = ModuleName(row["to_name"] as String)
                }
                let (required, requiredNamed) = at("r")
                for row in try Row.fetchAll(
                    db,
                    SQLRequest(
                        literal: """
                            SELECT \(required) AS changed, \(Self.requirementColumns("r", module: "m"))
                            FROM requirement r
                            JOIN module_state m ON m.module_id = r.module_id AND \(Self.alive("m", at: requiredNamed))
                            WHERE \(required) BETWEEN \(low) AND \(high)
                            """))
                {
                    let requirement = Self.requirement(row)
                    side[row["changed"], default: Snapshot()].requirements.append(requirement)
                    names[row["changed"], default: [:]][requirement.module] = ModuleName(row["module_name"] as String)
                }
                if isAfter { (after, namesAfter) = (side, names) } else { (before, namesBefore) = (side, names) }
            }
            let snapshots = try Row.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT \(Self.snapshotColumns) FROM snapshot WHERE id BETWEEN \(low) AND \(high) ORDER BY id
                        """)
            ).map(Self.snapshotInfo)
            return snapshots.map { info in
                let changes = GraphChange.changes(
                    from: before[info.id] ?? Snapshot(), to: after[info.id] ?? Snapshot(),
                    namesBefore: namesBefore[info.id] ?? [:], namesAfter: namesAfter[info.id] ?? [:])
                return (info, changes)
            }
        }
    }

    /// Replaces the whole history by the snapshots `next` gives (nil: no more), in that order, in
    /// one transaction: used when an import brings commits older than snapshots already
    /// recorded, so ids stay chronological.
    /// With `expecting`, writes nothing and returns false when the registry's `historyMark` is
    /// another (a process recorded a snapshot since the caller read them).
    @discardableResult
    public func rewriteHistory(
        expecting mark: HistoryMark? = nil,
        _ next: () throws -> (origin: SnapshotOrigin, recordedAt: String, snapshot: Snapshot)?
    ) throws(StoreError) -> Bool {
        try write { db in
            if let mark, try Self.historyMark(db) != mark { return false }
            for table in ["diagnostic", "path_edge", "requirement", "module_state", "module", "snapshot"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            var alive = AliveRows()
            while let entry = try next() {
                let date = Timestamp.date(entry.recordedAt) ?? Date()
                _ = try Self.ingest(
                    db, .full(entry.snapshot), origin: entry.origin, files: nil, recordUnchanged: true, now: date,
                    alive: &alive)
            }
            return true
        }
    }

    /// Records consecutive commit snapshots in one transaction, as `next` gives them (nil: no
    /// more), each an update of the one before: the commits are built while they are recorded.
    /// With `expecting`, writes nothing and returns false when the registry's `historyMark` is another.
    @discardableResult
    public func append(
        expecting mark: HistoryMark? = nil, _ next: () throws -> (origin: SnapshotOrigin, update: SnapshotUpdate)?
    ) throws(StoreError) -> Bool {
        try write { db in
            if let mark, try Self.historyMark(db) != mark { return false }
            var alive = try AliveRows(db)
            while let entry = try next() {
                _ = try Self.ingest(
                    db, entry.update, origin: entry.origin, files: nil, recordUnchanged: true, now: Date(),
                    alive: &alive)
            }
            return true
        }
    }

    /// What changes whenever a process records a snapshot: how many there are and the last id
    /// (a scan or an import adds one; a history rewrite adds at least one commit).
    public struct HistoryMark: Equatable, Sendable {
        public var count: Int
        public var last: Int64
    }

    /// The registry's `HistoryMark` now.
    public func historyMark() throws(StoreError) -> HistoryMark {
        try read { try Self.historyMark($0) }
    }

    static func historyMark(_ db: Database) throws -> HistoryMark {
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM snapshot")
        return HistoryMark(count: row?[0] ?? 0, last: row?[1] ?? 0)
    }
}
