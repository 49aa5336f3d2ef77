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
        try write { db in try Self.ingest(db, update, origin: origin, files: files, recordUnchanged: recordUnchanged, now: now) }
    }

    /// `alive` carries the rows alive after the previous ingestion of the same transaction, so a
    /// history import compares each commit in memory instead of reading the graph back every time.
    static func ingest(
        _ db: Database, _ update: SnapshotUpdate, origin: SnapshotOrigin, files: [FileStamp]?, recordUnchanged: Bool, now: Date,
        alive: AliveState? = nil
    ) throws -> IngestResult {
        var ingestion = Ingestion(db: db, update: update, alive: try alive ?? AliveState(db, scope: update.scope))
        let changes = ingestion.changes
        var recorded: SnapshotInfo?
        if !changes.isEmpty || recordUnchanged {
            let info = try insertSnapshot(db, origin: origin, now: now)
            try ingestion.apply(snapshotID: info.id)
            recorded = info
        }
        if let files { try replaceFileStamps(db, with: files) }
        // A snapshot just recorded is the latest one (ids grow).
        return IngestResult(recorded: recorded, latest: try recorded ?? latestSnapshot(db), changes: changes)
    }

    static func insertSnapshot(_ db: Database, origin: SnapshotOrigin, now: Date) throws -> SnapshotInfo {
        let recordedAt = Timestamp.string(now)
        try db.cachedStatement(sql: """
            INSERT INTO snapshot (source, recorded_at, commit_id, dirty, author, authored_at, subject) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [origin.source.rawValue, recordedAt, origin.commit, origin.dirty, origin.author, origin.date, origin.subject])
        return SnapshotInfo(
            id: db.lastInsertedRowID, source: origin.source, recordedAt: recordedAt, commit: origin.commit,
            dirty: origin.dirty, author: origin.author, date: origin.date, subject: origin.subject)
    }

    /// Writes only the stamps that differ, so a no-op refresh writes nothing.
    static func replaceFileStamps(_ db: Database, with files: [FileStamp]) throws {
        var stored: [String: FileStamp] = [:]
        for stamp in try fileStamps(db) { stored[stamp.path] = stamp }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO manifest_file (path, size, modified, hash) VALUES (?, ?, ?, ?)
            ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified, hash = excluded.hash
            """)
        for file in files where stored.removeValue(forKey: file.path) != file {
            try upsert.execute(arguments: [file.path, file.size, file.modified, file.hash])
        }
        let delete = try db.cachedStatement(sql: "DELETE FROM manifest_file WHERE path = ?")
        for path in stored.keys { try delete.execute(arguments: [path]) }
    }
}

/// The rows alive in the registry (disappeared IS NULL), read once and kept up to date by each
/// ingestion that records a snapshot. Edges and requirements are kept by the module that
/// declares them, so a patch compares only its modules' rows.
final class AliveState {
    struct AliveModule {
        var stateID: Int64
        var moduleID: Int64
        var module: Module
    }

    fileprivate var modules: [String: AliveModule] = [:]
    /// The identity of every alive module, by name (the first one when a name is declared twice).
    fileprivate var identities: [ModuleName: Int64] = [:]
    fileprivate var edges: [Int64: [EdgeRow: (id: Int64, edge: PathEdge)]] = [:]
    fileprivate var requirements: [Int64: [RequirementRow: [Int64]]] = [:]
    fileprivate var diagnostics: Set<Diagnostic> = []
    /// The snapshot whose diagnostic rows hold `diagnostics` (nil: none recorded yet).
    fileprivate var diagnosticsHolder: Int64?
    /// Edge rows alive although one of their ends is not: the next recorded snapshot closes them.
    fileprivate var orphanEdges: [Int64] = []

    /// An empty registry.
    init() {}

    /// Reads what is alive now; with `scope` (module folders), only the edges and requirements
    /// of those modules: what a patch compares.
    init(_ db: Database, scope: Set<String>? = nil) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT id, module_id, name, path, manifest, kind, version, description
            FROM module_state WHERE disappeared IS NULL ORDER BY id
            """) {
            let alive = AliveModule(stateID: row[0], moduleID: row[1], module: RegistryStore.module(row, offset: 2))
            modules[alive.module.path] = alive
            if identities[alive.module.name] == nil { identities[alive.module.name] = alive.moduleID }
        }
        // Module ids are integers read from the database: safe to write into the SQL.
        let scopeIDs = (scope ?? []).compactMap { modules[$0]?.moduleID }.map(String.init).joined(separator: ",")
        for row in try Row.fetchAll(db, sql: """
            SELECT e.id, e.from_module, e.to_module, f.name, t.name, e.dep_group, e.editable, e.optional,
                   e.declared, e.file, e.line, e.resolution
            FROM path_edge e
            LEFT JOIN module_state f ON f.module_id = e.from_module AND f.disappeared IS NULL
            LEFT JOIN module_state t ON t.module_id = e.to_module AND t.disappeared IS NULL
            WHERE e.disappeared IS NULL\(scope == nil ? "" : " AND e.from_module IN (\(scopeIDs))")
            """) {
            // An edge whose end vanished without the edge being closed cannot match anything: close it.
            guard row[3] as String? != nil, row[4] as String? != nil else {
                orphanEdges.append(row[0])
                continue
            }
            let from: Int64 = row[1]
            let key = EdgeRow(
                from: .existing(from), to: .existing(row[2]), group: row[5], editable: row[6], optional: row[7],
                declared: row[8], file: row[9], line: row[10], resolution: row[11])
            edges[from, default: [:]][key] = (row[0], RegistryStore.edge(row, offset: 3))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, module_id, package, specifier, markers, dep_group, optional, file, line
            FROM requirement WHERE disappeared IS NULL\(scope == nil ? "" : " AND module_id IN (\(scopeIDs))")
            """) {
            let module: Int64 = row[1]
            let key = RequirementRow(
                module: .existing(module), package: row[2], specifier: row[3], markers: row[4], group: row[5],
                optional: row[6], file: row[7], line: row[8])
            requirements[module, default: [:]][key, default: []].append(row[0])
        }
        diagnostics = Set(try RegistryStore.diagnostics(db, snapshot: nil))
        diagnosticsHolder = try Int64.fetchOne(db, sql: "SELECT COALESCE(diagnostics_of, id) FROM snapshot ORDER BY id DESC LIMIT 1")
    }
}

/// The comparison of a new snapshot with the rows alive in the registry, and its application.
private struct Ingestion {
    let db: Database
    let alive: AliveState
    var changes = SnapshotChanges()
    /// The new state: the whole snapshot, or the modules of a patch with everything they declare.
    private let modules: [Module]
    private let edges: [PathEdge]
    private let requirements: [Requirement]
    private let diagnostics: [Diagnostic]

    /// New module states: the identity they keep (nil: a new module) and the state row they replace.
    private var moduleWrites: [(module: Module, moduleID: Int64?, closes: AliveState.AliveModule?)] = []
    private var modulesToClose: [AliveState.AliveModule] = []
    /// Module identity of every module of the new snapshot, by name (for edges and requirements).
    private var identities: [ModuleName: Int64] = [:]
    private var pendingIdentities: [ModuleName: Int] = [:]
    private var edgeRowsToClose: [(key: EdgeRow, id: Int64)] = []
    private var edgesToInsert: [PathEdge] = []
    private var requirementRowsToClose: [(key: RequirementRow, ids: [Int64])] = []
    private var requirementsToInsert: [Requirement] = []

    init(db: Database, update: SnapshotUpdate, alive: AliveState) {
        self.db = db
        self.alive = alive
        switch update {
        case .full(let snapshot):
            (modules, edges, requirements, diagnostics) = (snapshot.modules, snapshot.edges, snapshot.requirements, snapshot.diagnostics)
            compareModules()
            compareEdges(with: alive.edges.values)
            compareRequirements(with: alive.requirements.values)
        case .patch(let patch):
            (modules, edges, requirements, diagnostics) = (patch.modules, patch.edges, patch.requirements, patch.diagnostics)
            // The same modules as before: only their own rows can differ.
            identities = alive.identities
            var scope: [Int64] = []
            for module in modules {
                if let old = alive.modules[module.path] {
                    record(module, against: old)
                    scope.append(old.moduleID)
                }
            }
            compareEdges(with: scope.compactMap { alive.edges[$0] })
            compareRequirements(with: scope.compactMap { alive.requirements[$0] })
        }
        changes.diagnosticsChanged = alive.diagnostics != Set(diagnostics)
    }

    // MARK: Comparison

    /// Matches each new module to an identity: same folder first, then same name (a move).
    private mutating func compareModules() {
        let alive = self.alive.modules.values.sorted { $0.stateID < $1.stateID }
        var byPath: [String: Int] = [:]
        var byName: [ModuleName: Int] = [:]
        for (position, entry) in alive.enumerated() {
            byPath[entry.module.path] = position
            if byName[entry.module.name] == nil { byName[entry.module.name] = position }
        }
        var matched = Set<Int>()
        var unmatched: [Module] = []
        for module in modules {
            if let position = byPath[module.path], !matched.contains(position) {
                matched.insert(position)
                record(module, against: alive[position])
            } else {
                unmatched.append(module)
            }
        }
        for module in unmatched {
            if let position = byName[module.name], !matched.contains(position) {
                matched.insert(position)
                record(module, against: alive[position])
            } else {
                changes.modulesAdded.append(module)
                pendingIdentities[module.name] = moduleWrites.count
                moduleWrites.append((module, nil, nil))
            }
        }
        for (position, entry) in alive.enumerated() where !matched.contains(position) {
            changes.modulesRemoved.append(entry.module)
            modulesToClose.append(entry)
        }
    }

    private mutating func record(_ module: Module, against old: AliveState.AliveModule) {
        if identities[module.name] == nil { identities[module.name] = old.moduleID }
        guard module != old.module else { return }
        changes.modulesChanged.append(module)
        moduleWrites.append((module, old.moduleID, old))
    }

    /// The identity of a module of the new snapshot: an existing module id, or a module about to be inserted.
    private func identity(of name: ModuleName) -> Identity? {
        if let id = identities[name] { return .existing(id) }
        if let pending = pendingIdentities[name] { return .pending(pending) }
        return nil
    }

    /// Edges are compared by the identities of their ends, so a module that is renamed or moved
    /// keeps its edges untouched unless their declaration changed.
    private mutating func compareEdges(with rows: some Sequence<[EdgeRow: (id: Int64, edge: PathEdge)]>) {
        var remaining: [EdgeRow: (id: Int64, edge: PathEdge)] = [:]
        for byKey in rows { remaining.merge(byKey) { first, _ in first } }
        for edge in edges {
            guard let from = identity(of: edge.from), let to = identity(of: edge.to) else { continue }
            if remaining.removeValue(forKey: EdgeRow(edge, from: from, to: to)) == nil {
                edgesToInsert.append(edge)
                changes.edgesAdded.append(edge)
            }
        }
        for (key, entry) in remaining {
            edgeRowsToClose.append((key, entry.id))
            changes.edgesRemoved.append(entry.edge)
        }
        changes.edgesRemoved.sort { ($0.from, $0.to, $0.group) < ($1.from, $1.to, $1.group) }
    }

    private mutating func compareRequirements(with rows: some Sequence<[RequirementRow: [Int64]]>) {
        var remaining: [RequirementRow: [Int64]] = [:]
        for byKey in rows { remaining.merge(byKey) { first, _ in first } }
        for requirement in requirements {
            guard let module = identity(of: requirement.module) else { continue }
            let key = RequirementRow(requirement, module: module)
            if var ids = remaining[key], !ids.isEmpty {
                ids.removeLast()
                remaining[key] = ids.isEmpty ? nil : ids
            } else {
                requirementsToInsert.append(requirement)
            }
        }
        requirementRowsToClose = remaining.map { ($0.key, $0.value) }
        changes.requirementsAdded = requirementsToInsert.count
        changes.requirementsRemoved = remaining.values.reduce(0) { $0 + $1.count }
    }

    // MARK: Application

    /// Writes the snapshot's rows and brings the alive state up to date with them.
    mutating func apply(snapshotID: Int64) throws {
        let db = self.db
        let close = { (table: String, ids: [Int64]) throws in
            let statement = try db.cachedStatement(sql: "UPDATE \(table) SET disappeared = ? WHERE id = ?")
            for id in ids { try statement.execute(arguments: [snapshotID, id]) }
        }
        try close("path_edge", edgeRowsToClose.map(\.id) + alive.orphanEdges)
        try close("requirement", requirementRowsToClose.flatMap(\.ids))
        let closedStates = modulesToClose + moduleWrites.compactMap(\.closes)
        try close("module_state", closedStates.map(\.stateID))
        for (key, _) in edgeRowsToClose { alive.edges[key.from.existingID]?[key] = nil }
        alive.orphanEdges = []
        for (key, _) in requirementRowsToClose { alive.requirements[key.module.existingID]?[key] = nil }
        for closed in closedStates where alive.modules[closed.module.path]?.stateID == closed.stateID {
            alive.modules[closed.module.path] = nil
        }

        let insertModule = try db.cachedStatement(sql: "INSERT INTO module DEFAULT VALUES")
        let insertState = try db.cachedStatement(sql: """
            INSERT INTO module_state (module_id, name, path, manifest, kind, version, description, appeared)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for write in moduleWrites {
            var moduleID = write.moduleID
            if moduleID == nil {
                try insertModule.execute()
                moduleID = db.lastInsertedRowID
                if identities[write.module.name] == nil { identities[write.module.name] = moduleID }
            }
            let module = write.module
            try insertState.execute(arguments: [
                moduleID, module.name.rawValue, module.path, module.manifest, module.kind.rawValue,
                module.version, module.description, snapshotID,
            ])
            if let moduleID { alive.modules[module.path] = .init(stateID: db.lastInsertedRowID, moduleID: moduleID, module: module) }
        }
        let insertEdge = try db.cachedStatement(sql: """
            INSERT INTO path_edge (from_module, to_module, dep_group, editable, optional, declared, file, line, resolution, appeared)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for edge in edgesToInsert {
            guard let from = identities[edge.from], let to = identities[edge.to] else { continue }
            try insertEdge.execute(arguments: [
                from, to, edge.group, edge.editable, edge.optional, edge.declared, edge.file, edge.line,
                edge.resolution.rawValue, snapshotID,
            ])
            alive.edges[from, default: [:]][EdgeRow(edge, from: .existing(from), to: .existing(to))] = (db.lastInsertedRowID, edge)
        }
        let insertRequirement = try db.cachedStatement(sql: """
            INSERT INTO requirement (module_id, package, specifier, markers, dep_group, optional, file, line, appeared)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for requirement in requirementsToInsert {
            guard let module = identities[requirement.module] else { continue }
            try insertRequirement.execute(arguments: [
                module, requirement.package.rawValue, requirement.specifier, requirement.markers,
                requirement.group, requirement.optional, requirement.file, requirement.line, snapshotID,
            ])
            alive.requirements[module, default: [:]][RequirementRow(requirement, module: .existing(module)), default: []].append(db.lastInsertedRowID)
        }
        // The same diagnostics as the snapshot before: point at the rows already written.
        if !changes.diagnosticsChanged, let holder = alive.diagnosticsHolder {
            try db.cachedStatement(sql: "UPDATE snapshot SET diagnostics_of = ? WHERE id = ?").execute(arguments: [holder, snapshotID])
            alive.identities = identities
            return
        }
        let insertDiagnostic = try db.cachedStatement(sql: """
            INSERT INTO diagnostic (snapshot_id, severity, code, module, file, line, message) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for diagnostic in diagnostics {
            try insertDiagnostic.execute(arguments: [
                snapshotID, diagnostic.severity.rawValue, diagnostic.code, diagnostic.module?.rawValue,
                diagnostic.file, diagnostic.line, diagnostic.message,
            ])
        }
        alive.diagnostics = Set(diagnostics)
        alive.diagnosticsHolder = snapshotID
        alive.identities = identities
    }
}

extension RegistryStore {
    /// Records new modification times of files whose content did not change.
    public func updateFileStamps(_ stamps: [FileStamp]) throws(StoreError) {
        try write { db in
            let statement = try db.cachedStatement(sql: "UPDATE manifest_file SET size = ?, modified = ?, hash = ? WHERE path = ?")
            for stamp in stamps { try statement.execute(arguments: [stamp.size, stamp.modified, stamp.hash, stamp.path]) }
        }
    }
}

/// A module identity during an ingestion: a row of `module`, or the n-th module about to be inserted.
private enum Identity: Hashable {
    case existing(Int64)
    case pending(Int)

    /// The module id of an alive row (rows of the alive state always have one).
    var existingID: Int64 {
        if case .existing(let id) = self { return id }
        return -1
    }
}

/// A path edge row as the comparison sees it: ends by identity, every stored attribute.
private struct EdgeRow: Hashable {
    var from: Identity, to: Identity
    var group: String
    var editable: Bool, optional: Bool
    var declared: String, file: String
    var line: Int
    var resolution: String
}

extension EdgeRow {
    init(_ edge: PathEdge, from: Identity, to: Identity) {
        self.init(
            from: from, to: to, group: edge.group, editable: edge.editable, optional: edge.optional,
            declared: edge.declared, file: edge.file, line: edge.line, resolution: edge.resolution.rawValue)
    }
}

/// A requirement row as the comparison sees it: its module by identity, every stored attribute.
private struct RequirementRow: Hashable {
    var module: Identity
    var package: String, specifier: String
    var markers: String?
    var group: String
    var optional: Bool
    var file: String
    var line: Int
}

extension RequirementRow {
    init(_ requirement: Requirement, module: Identity) {
        self.init(
            module: module, package: requirement.package.rawValue, specifier: requirement.specifier,
            markers: requirement.markers, group: requirement.group, optional: requirement.optional,
            file: requirement.file, line: requirement.line)
    }
}
