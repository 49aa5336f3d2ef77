import Foundation
import GRDB
import TrellisCore

extension RegistryStore {
    /// Records `snapshot` when it differs from the latest one (always, with `recordUnchanged`), in
    /// one transaction: rows that vanished are closed, new rows inserted, unchanged rows not
    /// touched. The file stamps of the freshness check are replaced by `files` unless it is nil.
    @discardableResult
    public func ingest(
        _ snapshot: Snapshot, origin: SnapshotOrigin, files: [FileStamp]?, recordUnchanged: Bool = false,
        now: Date = Date()
    ) throws(StoreError) -> IngestResult {
        try ingest(.full(snapshot), origin: origin, files: files, recordUnchanged: recordUnchanged, now: now)
    }

    /// Records `update` against the latest snapshot: a patch compares only the modules it names.
    @discardableResult
    public func ingest(
        _ update: SnapshotUpdate, origin: SnapshotOrigin, files: [FileStamp]?, recordUnchanged: Bool = false,
        now: Date = Date()
    ) throws(StoreError) -> IngestResult {
        try write { db in
            var alive = try AliveRows(db, scope: update.scope)
            return try Self.ingest(
                db, update, origin: origin, files: files, recordUnchanged: recordUnchanged, now: now, alive: &alive)
        }
    }

    /// `alive` holds the rows alive after the previous ingestion of the same transaction, so a
    /// history import compares each commit in memory instead of reading the graph back every time.
    static func ingest(
        _ db: Database, _ update: SnapshotUpdate, origin: SnapshotOrigin, files: [FileStamp]?, recordUnchanged: Bool,
        now: Date, alive: inout AliveRows
    ) throws -> IngestResult {
        let ingestion = Ingestion(update, alive: alive)
        var recorded: SnapshotInfo?
        if !ingestion.changes.isEmpty || recordUnchanged {
            let info = try insertSnapshot(db, origin: origin, now: now)
            try ingestion.write(db, snapshotID: info.id, alive: &alive)
            recorded = info
        }
        if let files { try replaceFileStamps(db, with: files) }
        // A snapshot just recorded is the latest one (ids grow).
        return IngestResult(recorded: recorded, latest: try recorded ?? latestSnapshot(db), changes: ingestion.changes)
    }

    static func insertSnapshot(_ db: Database, origin: SnapshotOrigin, now: Date) throws -> SnapshotInfo {
        let recordedAt = Timestamp.string(now)
        try db.cachedStatement(
            sql: """
                INSERT INTO snapshot (source, recorded_at, commit_id, dirty, author, authored_at, subject)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            origin.source.rawValue, recordedAt, origin.commit, origin.dirty, origin.author, origin.date,
            origin.subject,
        ])
        return SnapshotInfo(id: db.lastInsertedRowID, recordedAt: recordedAt, origin: origin)
    }

    /// Writes only the stamps that differ, so a no-op refresh writes nothing.
    static func replaceFileStamps(_ db: Database, with files: [FileStamp]) throws {
        var stored: [String: FileStamp] = [:]
        for stamp in try fileStamps(db) { stored[stamp.path] = stamp }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO manifest_file (path, size, modified, hash) VALUES (?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified, hash = excluded.hash
                """)
        for file in files where stored.removeValue(forKey: file.path) != file {
            try upsert.run(file.path, file.size, file.modified, file.hash)
        }
        let delete = try db.cachedStatement(sql: "DELETE FROM manifest_file WHERE path = ?")
        for path in stored.keys { try delete.execute(arguments: [path]) }
    }
}

/// A module state row alive in the registry.
struct AliveModule {
    var stateID: Int64
    var moduleID: Int64
    var module: Module
}

/// A path edge row alive in the registry, its ends by module id.
struct AliveEdge {
    var id: Int64
    var from: Int64
    var to: Int64
    var edge: PathEdge
}

/// A requirement row alive in the registry, its module by id.
struct AliveRequirement {
    var id: Int64
    var module: Int64
    var requirement: Requirement
}

/// The rows alive in the registry (disappeared IS NULL), read once and kept up to date by each
/// ingestion that records a snapshot. Edges and requirements are kept by the module that
/// declares them, so a patch compares only its modules' rows.
struct AliveRows {
    /// Module states by folder.
    var modules: [String: AliveModule] = [:]
    /// The identity of every alive module, by folder.
    var identities: [String: Int64] = [:]
    var edges: [Int64: [AliveEdge]] = [:]
    var requirements: [Int64: [AliveRequirement]] = [:]
    var diagnostics: Set<Diagnostic> = []
    /// The snapshot whose diagnostic rows hold `diagnostics` (nil: none recorded yet).
    var diagnosticsHolder: Int64?
    /// Edge rows alive although one of their ends is not: the next recorded snapshot closes them.
    var orphanEdges: [Int64] = []

    /// An empty registry.
    init() {}

    /// Reads what is alive now; with `scope` (module folders), only the edges and requirements
    /// of those modules: what a patch compares.
    init(_ db: Database, scope: Set<String>? = nil) throws {
        for row in try Row.fetchAll(
            db,
            SQLRequest(
                literal: """
                    SELECT s.id, s.module_id, \(RegistryStore.moduleColumns("s"))
                    FROM module_state s WHERE \(RegistryStore.alive("s", at: nil)) ORDER BY s.id
                    """))
        {
            let alive = AliveModule(stateID: row["id"], moduleID: row["module_id"], module: RegistryStore.module(row))
            modules[alive.module.path] = alive
            identities[alive.module.path] = alive.moduleID
        }
        let scopeIDs = scope.map { $0.compactMap { modules[$0]?.moduleID } }
        if scopeIDs?.isEmpty == true {
            try readDiagnostics(db)
            return
        }
        let edgeScope: SQL = scopeIDs.map { "AND e.from_module IN \($0)" } ?? ""
        for row in try Row.fetchAll(
            db,
            SQLRequest(
                literal: """
                    SELECT e.id, e.from_module, e.to_module, \(RegistryStore.edgeColumns("e", from: "f", to: "t"))
                    FROM path_edge e
                    LEFT JOIN module_state f ON f.module_id = e.from_module AND \(RegistryStore.alive("f", at: nil))
                    LEFT JOIN module_state t ON t.module_id = e.to_module AND \(RegistryStore.alive("t", at: nil))
                    WHERE \(RegistryStore.alive("e", at: nil)) \(edgeScope)
                    """))
        {
            // An edge whose end vanished without the edge being closed cannot match anything: close it.
            guard row["from_path"] as String? != nil, row["to_path"] as String? != nil else {
                orphanEdges.append(row["id"])
                continue
            }
            let edge = AliveEdge(
                id: row["id"], from: row["from_module"], to: row["to_module"], edge: RegistryStore.edge(row))
            edges[edge.from, default: []].append(edge)
        }
        let requirementScope: SQL = scopeIDs.map { "AND r.module_id IN \($0)" } ?? ""
        for row in try Row.fetchAll(
            db,
            SQLRequest(
                literal: """
                    SELECT r.id, r.module_id, \(RegistryStore.requirementColumns("r", module: "m"))
                    FROM requirement r JOIN module_state m ON m.module_id = r.module_id AND \(RegistryStore.alive("m", at: nil))
                    WHERE \(RegistryStore.alive("r", at: nil)) \(requirementScope)
                    """))
        {
            let requirement = AliveRequirement(
                id: row["id"], module: row["module_id"], requirement: RegistryStore.requirement(row))
            requirements[requirement.module, default: []].append(requirement)
        }
        try readDiagnostics(db)
    }

    private mutating func readDiagnostics(_ db: Database) throws {
        diagnostics = Set(try RegistryStore.diagnostics(db, snapshot: nil))
        diagnosticsHolder = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(diagnostics_of, id) FROM snapshot ORDER BY id DESC LIMIT 1")
    }
}

/// The comparison of an update with the rows alive in the registry (`SnapshotDiff`), and the
/// rows it writes: closing the rows it replaces, inserting the new ones.
private struct Ingestion {
    let update: SnapshotUpdate
    /// The rows compared: every alive one for a whole snapshot, the patched modules' for a patch.
    let modules: [AliveModule]
    let edges: [AliveEdge]
    let requirements: [AliveRequirement]
    let diff: SnapshotDiff<Int64>
    let isFull: Bool
    private(set) var changes = SnapshotChanges()

    init(_ update: SnapshotUpdate, alive: AliveRows) {
        self.update = update
        switch update {
        case .full:
            isFull = true
            modules = alive.modules.values.sorted { $0.stateID < $1.stateID }
        case .patch(let patch):
            isFull = false
            // The same modules as before: only their own rows can differ.
            var seen = Set<Int64>()
            modules = patch.modules.compactMap { alive.modules[$0.path] }.filter { seen.insert($0.moduleID).inserted }
        }
        edges = modules.flatMap { alive.edges[$0.moduleID] ?? [] }
        requirements = modules.flatMap { alive.requirements[$0.moduleID] ?? [] }
        let after = update.contents
        diff = SnapshotDiff(
            modules: modules.map { ($0.moduleID, $0.module) }, edges: edges.map { ($0.from, $0.to, $0.edge) },
            requirements: requirements.map { ($0.module, $0.requirement) }, after: update,
            known: isFull ? [:] : alive.identities)

        changes.modulesAdded = diff.modulesAdded
        changes.modulesRemoved = diff.modulesRemoved.map { modules[$0].module }
        changes.modulesChanged = diff.modules.filter { modules[$0.before].module != $0.after }.map(\.after)
        changes.edgesAdded = zip(after.edges, diff.edges).filter { $1.isNew }.map(\.0)
        changes.edgesRemoved = closedEdges.map { edges[$0].edge }.sorted(by: PathEdge.snapshotOrder)
        let ends = Set((changes.edgesAdded + changes.edgesRemoved).flatMap { [$0.from, $0.to] })
        if !ends.isEmpty {
            let now = Dictionary(update.modules.map { ($0.path, $0.name) }, uniquingKeysWith: { first, _ in first })
            for folder in ends { changes.names[folder] = now[folder] ?? alive.modules[folder]?.module.name }
        }
        changes.requirementsAdded = diff.requirements.count { $0.isNew }
        changes.requirementsRemoved = closedRequirements.count
        changes.diagnosticsChanged = alive.diagnostics != Set(after.diagnostics)
    }

    /// The indices of the edges compared that the update removes or replaces.
    private var closedEdges: [Int] { diff.edgesRemoved + diff.edges.compactMap(\.replaced) }
    private var closedRequirements: [Int] { diff.requirementsRemoved + diff.requirements.compactMap(\.replaced) }

    /// Writes the snapshot's rows and brings `alive` up to date with them.
    func write(_ db: Database, snapshotID: Int64, alive: inout AliveRows) throws {
        let close = { (table: String, ids: [Int64]) throws in
            let statement = try db.cachedStatement(sql: "UPDATE \(table) SET disappeared = ? WHERE id = ?")
            for id in ids { try statement.run(snapshotID, id) }
        }
        let closedEdges = self.closedEdges.map { edges[$0] }
        try close("path_edge", closedEdges.map(\.id) + alive.orphanEdges)
        alive.orphanEdges = []
        Self.remove(closedEdges.map { ($0.from, $0.id) }, from: &alive.edges)
        let closedRequirements = self.closedRequirements.map { requirements[$0] }
        try close("requirement", closedRequirements.map(\.id))
        Self.remove(closedRequirements.map { ($0.module, $0.id) }, from: &alive.requirements)
        let replaced = diff.modules.filter { modules[$0.before].module != $0.after }
        let closedStates = diff.modulesRemoved.map { modules[$0] } + replaced.map { modules[$0.before] }
        try close("module_state", closedStates.map(\.stateID))
        for closed in closedStates where alive.modules[closed.module.path]?.stateID == closed.stateID {
            alive.modules[closed.module.path] = nil
        }

        let insertModule = try db.cachedStatement(sql: "INSERT INTO module DEFAULT VALUES")
        let insertState = try db.cachedStatement(
            sql: """
                INSERT INTO module_state (module_id, name, path, manifest, kind, version, description, appeared)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var addedIDs: [Int64] = []
        let writes = replaced.map { (modules[$0.before].moduleID, $0.after) } + diff.modulesAdded.map { (nil, $0) }
        for (existing, module) in writes {
            var moduleID = existing
            if moduleID == nil {
                try insertModule.execute()
                moduleID = db.lastInsertedRowID
                addedIDs.append(db.lastInsertedRowID)
            }
            try insertState.run(
                moduleID, module.name.rawValue, module.path, module.manifest, module.kind.rawValue,
                module.version, module.description, snapshotID)
            if let moduleID {
                alive.modules[module.path] = AliveModule(
                    stateID: db.lastInsertedRowID, moduleID: moduleID, module: module)
            }
        }
        let diff = self.diff
        let id = { (folder: String) -> Int64? in
            switch diff.identity(of: folder) {
            case .existing(let id): id
            case .added(let index): addedIDs[index]
            case nil: nil
            }
        }

        let (afterEdges, afterRequirements, diagnostics) = update.contents
        let insertEdge = try db.cachedStatement(
            sql: """
                INSERT INTO path_edge
                    (from_module, to_module, dep_group, editable, optional, declared, file, line, resolution,
                     inherited_from, declared_by, appeared)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (edge, match) in zip(afterEdges, diff.edges) where match.isNew {
            guard let from = id(edge.from), let to = id(edge.to) else { continue }
            try insertEdge.run(
                from, to, edge.group, edge.editable, edge.optional, edge.declared, edge.file, edge.line,
                edge.resolution.rawValue, edge.inheritedFrom, edge.declaredBy.rawValue, snapshotID)
            alive.edges[from, default: []].append(AliveEdge(id: db.lastInsertedRowID, from: from, to: to, edge: edge))
        }
        let insertRequirement = try db.cachedStatement(
            sql: """
                INSERT INTO requirement (module_id, package, specifier, markers, dep_group, optional, file, line, appeared)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (requirement, match) in zip(afterRequirements, diff.requirements) where match.isNew {
            guard let module = id(requirement.module) else { continue }
            try insertRequirement.run(
                module, requirement.package.rawValue, requirement.specifier, requirement.markers,
                requirement.group, requirement.optional, requirement.file, requirement.line, snapshotID)
            alive.requirements[module, default: []].append(
                AliveRequirement(id: db.lastInsertedRowID, module: module, requirement: requirement))
        }

        // A whole snapshot places every module anew; a patch keeps the folders it does not list.
        if isFull { alive.identities = [:] }
        for (folder, _) in diff.folders where alive.identities[folder] == nil { alive.identities[folder] = id(folder) }

        // The same diagnostics as the snapshot before: point at the rows already written.
        if !changes.diagnosticsChanged, let holder = alive.diagnosticsHolder {
            try db.cachedStatement(sql: "UPDATE snapshot SET diagnostics_of = ? WHERE id = ?")
                .execute(arguments: [holder, snapshotID])
            return
        }
        let insertDiagnostic = try db.cachedStatement(
            sql: """
                INSERT INTO diagnostic (snapshot_id, severity, code, module, file, line, message) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for diagnostic in diagnostics {
            try insertDiagnostic.run(
                snapshotID, diagnostic.severity.rawValue, diagnostic.code.rawValue, diagnostic.module?.rawValue,
                diagnostic.file, diagnostic.line, diagnostic.message)
        }
        alive.diagnostics = Set(diagnostics)
        alive.diagnosticsHolder = snapshotID
    }

    /// Removes the rows `closed` (declaring module, row id) from the rows alive by module.
    private static func remove<Value: Identified>(_ closed: [(Int64, Int64)], from rows: inout [Int64: [Value]]) {
        var byModule: [Int64: Set<Int64>] = [:]
        for (module, id) in closed { byModule[module, default: []].insert(id) }
        for (module, ids) in byModule { rows[module]?.removeAll { ids.contains($0.id) } }
    }
}

/// An alive row, by its id.
private protocol Identified { var id: Int64 { get } }
extension AliveEdge: Identified {}
extension AliveRequirement: Identified {}

extension SnapshotDiff.Match {
    /// True for a row to insert: new, or replacing another.
    fileprivate var isNew: Bool {
        switch self {
        case .added, .changed: true
        case .same, .unresolved: false
        }
    }

    /// The index of the row this one replaces.
    fileprivate var replaced: Int? {
        if case .changed(let index) = self { return index }
        return nil
    }
}

extension SnapshotUpdate {
    /// The edges, requirements and diagnostics the update brings.
    fileprivate var modules: [Module] {
        switch self {
        case .full(let snapshot): snapshot.modules
        case .patch(let patch): patch.modules
        }
    }

    fileprivate var contents: (edges: [PathEdge], requirements: [Requirement], diagnostics: [Diagnostic]) {
        switch self {
        case .full(let snapshot): (snapshot.edges, snapshot.requirements, snapshot.diagnostics)
        case .patch(let patch): (patch.edges, patch.requirements, patch.diagnostics)
        }
    }
}

extension RegistryStore {
    /// Records new modification times of files whose content did not change.
    public func updateFileStamps(_ stamps: [FileStamp]) throws(StoreError) {
        try write { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE manifest_file SET size = ?, modified = ?, hash = ? WHERE path = ?")
            for stamp in stamps {
                try statement.execute(arguments: [stamp.size, stamp.modified, stamp.hash, stamp.path])
            }
        }
    }
}
