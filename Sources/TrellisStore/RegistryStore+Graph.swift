import GRDB
import TrellisCore

/// Reading the graph: modules and the path edges between them, named and sorted.
///
/// Edges are stored between module ids. Joining each edge to its two ends' names and sorting
/// the joined rows by text in SQL costs four B-tree searches per edge and a sort of wide rows;
/// instead the alive names are read once, in order, each with its rank in SQLite's text order,
/// and the edges are read alone and sorted by those ranks: the same order, the same edges.
extension RegistryStore {
    /// The path edges alive at `snapshot` (nil: now), named by their ends' names at that snapshot,
    /// sorted by from-name, to-name, group.
    public func edges(at snapshot: Int64? = nil) throws(StoreError) -> [PathEdge] {
        try read { try Self.edges($0, at: snapshot) }
    }

    /// The graph alive at `snapshot` (nil: now), ready for traversal. Two queries in one read transaction.
    public func graph(at snapshot: Int64? = nil) throws(StoreError) -> DependencyGraph {
        try read { db in
            var names = RankedNames()
            let modules = try Self.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT s.module_id, \(Self.moduleColumns("s")) FROM module_state s
                        WHERE \(Self.alive("s", at: snapshot)) ORDER BY s.name, s.path
                        """)
            ) { row in
                let module = Self.module(row)
                names.add(id: row["module_id"], stored: row["name"], name: module.name)
                return module
            }
            return DependencyGraph(modules: modules, edges: try Self.edges(db, at: snapshot, names: names))
        }
    }

    static func edges(_ db: Database, at snapshot: Int64?) throws -> [PathEdge] {
        var names = RankedNames()
        let rows = try Row.fetchCursor(
            db,
            SQLRequest(
                literal: """
                    SELECT s.module_id, s.name FROM module_state s WHERE \(Self.alive("s", at: snapshot)) ORDER BY s.name
                    """))
        while let row = try rows.next() {
            let stored: String = row["name"]
            names.add(id: row["module_id"], stored: stored, name: ModuleName(stored))
        }
        return try edges(db, at: snapshot, names: names)
    }

    /// The alive edges between the modules of `names`, sorted as `ORDER BY from name, to name,
    /// dep_group` would sort them (edges equal on all three in the order they were recorded).
    static func edges(_ db: Database, at snapshot: Int64?, names: RankedNames) throws -> [PathEdge] {
        var edges: [PathEdge] = []
        var keys: [(from: Int, to: Int, id: Int64)] = []
        let rows = try Row.fetchCursor(
            db,
            SQLRequest(
                literal: """
                    SELECT e.id, e.from_module, e.to_module, \(Self.edgeColumns("e"))
                    FROM path_edge e WHERE \(Self.alive("e", at: snapshot))
                    """))
        while let row = try rows.next() {
            guard let from = names[row["from_module"]], let to = names[row["to_module"]] else { continue }
            edges.append(Self.edge(row, from: from.name, to: to.name))
            keys.append((from.rank, to.rank, row["id"]))
        }
        let order = edges.indices.sorted { a, b in
            let x = keys[a], y = keys[b]
            if x.from != y.from { return x.from < y.from }
            if x.to != y.to { return x.to < y.to }
            let left = edges[a].group.utf8, right = edges[b].group.utf8
            if !left.elementsEqual(right) { return left.lexicographicallyPrecedes(right) }
            return x.id < y.id
        }
        return order.map { edges[$0] }
    }
}

/// Alive module names by module id, each with its rank in SQLite's text order (`BINARY`: byte
/// order, where equal bytes are equal names), filled from rows sorted by name.
struct RankedNames {
    private var byID: [Int64: (name: ModuleName, rank: Int)] = [:]
    private var previous: String?
    private var rank = -1

    /// Adds the module `id` named `stored` in the database; call in `ORDER BY name` order.
    mutating func add(id: Int64, stored: String, name: ModuleName) {
        if previous.map({ !$0.utf8.elementsEqual(stored.utf8) }) ?? true {
            rank += 1
            previous = stored
        }
        byID[id] = (name, rank)
    }

    subscript(id: Int64) -> (name: ModuleName, rank: Int)? { byID[id] }
}
