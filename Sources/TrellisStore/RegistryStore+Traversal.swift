import GRDB
import TrellisCore

extension RegistryStore {
    /// The module `query` names at `snapshot` (nil: now), read without loading the graph: only the
    /// rows with that folder or name, and every name only when a suggestion is needed.
    public func findModule(_ query: String, at snapshot: Int64? = nil) throws -> Module {
        let candidates = try read { db in
            try Self.fetchAll(db, SQLRequest(literal: """
                SELECT name, path, manifest, kind, version, description FROM module_state s
                WHERE \(Self.alive("s", at: snapshot)) AND (s.path = \(ModuleLookup.folder(query)) OR s.name = \(ModuleName(query).rawValue))
                """)) { Self.module($0, offset: 0) }
        }
        do {
            return try ModuleLookup(modules: candidates).find(query)
        } catch .unknown {
            return try ModuleLookup(modules: try modules(at: snapshot)).find(query)
        }
    }

    /// Who depends on `module` or what it depends on, as `DependencyGraph.reach` answers, but
    /// breadth-first in SQL one level at a time through the edge indexes: it reads only the edges
    /// it crosses, O(reached modules + their edges), instead of loading the whole graph.
    public func reach(
        _ direction: DependencyGraph.Direction, from module: Module, transitive: Bool, maxDepth: Int? = nil,
        at snapshot: Int64? = nil
    ) throws(StoreError) -> [DependencyGraph.Reached] {
        try read { db in
            let (near, far) = direction == .dependents ? ("to_module", "from_module") : ("from_module", "to_module")
            guard let start = try Int64.fetchOne(db, SQLRequest(literal: """
                SELECT module_id FROM module_state s WHERE \(Self.alive("s", at: snapshot)) AND s.path = \(module.path)
                """)) else { return [] }
            let limit = transitive ? (maxDepth ?? Int.max) : min(1, maxDepth ?? 1)
            var depthOf: [Int64: Int] = [start: 0]
            var frontier = [start]
            var level = 0
            while !frontier.isEmpty && level < limit {
                level += 1
                let next = try Int64.fetchAll(db, SQLRequest(literal: """
                    SELECT DISTINCT \(SQL(sql: "e.\(far)")) FROM path_edge e
                    WHERE \(SQL(sql: "e.\(near)")) IN \(frontier) AND \(Self.alive("e", at: snapshot, filterOnly: true))
                    """)).filter { depthOf[$0] == nil }
                for id in next { depthOf[id] = level }
                frontier = next
            }
            depthOf[start] = nil
            guard !depthOf.isEmpty else { return [] }
            return try Self.fetchAll(db, SQLRequest(literal: """
                SELECT module_id, name, path, manifest, kind, version, description FROM module_state s
                WHERE s.module_id IN \(Array(depthOf.keys)) AND \(Self.alive("s", at: snapshot, filterOnly: true))
                """)) { row in
                DependencyGraph.Reached(module: Self.module(row, offset: 1), depth: depthOf[row[0]] ?? 0)
            }.sorted { ($0.depth, $0.module.name) < ($1.depth, $1.module.name) }
        }
    }
}
