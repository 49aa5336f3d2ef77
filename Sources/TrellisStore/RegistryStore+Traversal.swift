import GRDB
import GRDBSQLite
import TrellisCore

extension RegistryStore {
    /// The module `query` names at `snapshot` (nil: now), read without loading the graph: only the
    /// rows with that folder or name, and every name only when a suggestion is needed.
    public func findModule(_ query: String, at snapshot: Int64? = nil) throws -> Module {
        try lookUp(query, at: snapshot) { _, _ in () }.start
    }

    /// Who depends on `module` or what it depends on, as `DependencyGraph.reach` answers, but
    /// breadth-first in SQL one level at a time through the edge indexes: it reads only the edges
    /// it crosses, O(reached modules + their edges), instead of loading the whole graph.
    public func reach(
        _ direction: DependencyGraph.Direction, from module: Module, transitive: Bool, maxDepth: Int? = nil,
        at snapshot: Int64? = nil
    ) throws(StoreError) -> [DependencyGraph.Reached] {
        try read { db in
            guard let start = try Self.moduleID(db, path: module.path, at: snapshot) else { return [] }
            return try Self.reach(db, direction, from: start, transitive: transitive, maxDepth: maxDepth, at: snapshot)
        }
    }

    /// `findModule(query)` then `reach(direction, from:)` in one read, finding the module's row
    /// once: with no index on names or folders, each lookup reads every module row.
    public func reach(
        _ direction: DependencyGraph.Direction, fromModuleNamed query: String, transitive: Bool, maxDepth: Int? = nil,
        at snapshot: Int64? = nil
    ) throws -> (start: Module, reached: [DependencyGraph.Reached]) {
        try lookUp(query, at: snapshot) { db, id in
            try id.map {
                try Self.reach(db, direction, from: $0, transitive: transitive, maxDepth: maxDepth, at: snapshot)
            } ?? []
        }
    }

    /// Finds the module `query` names and runs `then` with its module id in the same read.
    /// Only the rows with that folder or name are read (through their indexes, 0006), and every
    /// name only when a suggestion is needed. A lookup failure is thrown as itself, not as a `StoreError`.
    private func lookUp<T>(
        _ query: String, at snapshot: Int64?, then: (Database, Int64?) throws -> T
    ) throws -> (start: Module, reached: T) {
        let found: Result<(Module, T), ModuleLookup.Failure> = try read { db in
            var ids: [String: Int64] = [:]
            let candidates = try Self.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT s.module_id, \(Self.moduleColumns("s")) FROM module_state s
                        WHERE \(Self.alive("s", at: snapshot, filterOnly: true))
                            AND (s.path = \(ModuleLookup.folder(query)) OR s.name = \(ModuleName(query).rawValue))
                        """)
            ) { row in
                let module = Self.module(row)
                ids[module.path] = row[0]
                return module
            }
            do {
                let module = try ModuleLookup(modules: candidates).find(query)
                return .success((module, try then(db, ids[module.path])))
            } catch let failure as ModuleLookup.Failure {
                return .failure(failure)
            }
        }
        switch found {
        case .success(let (module, result)): return (module, result)
        case .failure(.unknown):
            // The candidates hold every row with that folder or name, so this lookup finds
            // nothing either: it throws with the closest names as suggestions.
            let module = try ModuleLookup(modules: modules(at: snapshot)).find(query)
            return (module, try read { db in try then(db, try Self.moduleID(db, path: module.path, at: snapshot)) })
        case .failure(let failure): throw failure
        }
    }

    /// The id of the module alive at `snapshot` in the folder `path`.
    private static func moduleID(_ db: Database, path: String, at snapshot: Int64?) throws -> Int64? {
        try Int64.fetchOne(
            db,
            SQLRequest(
                literal: """
                    SELECT module_id FROM module_state s WHERE \(alive("s", at: snapshot, filterOnly: true)) AND s.path = \(path)
                    """))
    }

    /// The breadth-first walk of `reach` from the module with id `start`.
    private static func reach(
        _ db: Database, _ direction: DependencyGraph.Direction, from start: Int64, transitive: Bool, maxDepth: Int?,
        at snapshot: Int64?
    ) throws -> [DependencyGraph.Reached] {
        let limit = transitive ? (maxDepth ?? Int.max) : min(1, maxDepth ?? 1)
        var depthOf: [Int64: Int] = [start: 0]
        var frontier = [start]
        var level = 0
        // The frontier is one bound argument (a JSON array that `json_each` reads as the outer
        // loop of the join), not one placeholder per id: at 10,000 modules a level can hold
        // thousands of ids, and building and preparing that many placeholders cost more than the
        // search itself. Each id is one search of the covering index on the near end (0006); the
        // duplicates a level reaches twice are dropped here, not by a DISTINCT's temporary b-tree.
        let step = try db.cachedStatement(sql: reachStep(direction, at: snapshot))
        while !frontier.isEmpty && level < limit {
            level += 1
            var next: [Int64] = []
            try step.forEachRow(jsonArray(frontier)) { row in
                let id = sqlite3_column_int64(row, 0)
                if depthOf[id] == nil {
                    depthOf[id] = level
                    next.append(id)
                }
            }
            frontier = next
        }
        depthOf[start] = nil
        guard !depthOf.isEmpty else { return [] }
        return try fetchAll(
            db,
            SQLRequest(
                literal: """
                    SELECT s.module_id, \(moduleColumns("s")) FROM json_each(\(jsonArray(Array(depthOf.keys)))) AS j
                    CROSS JOIN module_state AS s ON s.module_id = j.value
                    WHERE \(alive("s", at: snapshot, filterOnly: true))
                    """)
        ) { row in
            DependencyGraph.Reached(module: Self.module(row), depth: depthOf[row[0]] ?? 0)
        }.sorted { ($0.depth, $0.module.name) < ($1.depth, $1.module.name) }
    }

    /// One level of the walk: the far ends of the edges alive at `snapshot` whose near end is
    /// in the JSON array bound to its one parameter.
    static func reachStep(_ direction: DependencyGraph.Direction, at snapshot: Int64?) -> String {
        let (near, far) = direction == .dependents ? ("to_module", "from_module") : ("from_module", "to_module")
        return """
            SELECT e.\(far) FROM json_each(?) AS j CROSS JOIN path_edge AS e ON e.\(near) = j.value
            WHERE \(aliveCondition("e", at: snapshot.map(String.init), filterOnly: true))
            """
    }

    /// `ids` as a JSON array, for `json_each`.
    private static func jsonArray(_ ids: [Int64]) -> String {
        var text = "["
        text.reserveCapacity(ids.count * 6 + 2)
        for (index, id) in ids.enumerated() {
            if index > 0 { text += "," }
            text += String(id)
        }
        return text + "]"
    }
}
