import GRDB
import TrellisCore

/// Reading the graph: modules and the path edges between them, sorted.
///
/// Edges are stored between module ids. Joining each edge to its two ends' folders and sorting
/// the joined rows by text in SQL costs four B-tree searches per edge and a sort of wide rows;
/// instead the alive folders are read once, each ranked in byte order (SQLite's `BINARY`), and
/// the edges are read alone and sorted by those ranks: the same order, the same edges.
extension RegistryStore {
    /// The path edges alive at `snapshot` (nil: now), between their ends' folders at that
    /// snapshot, sorted by from-folder, to-folder, group (`PathEdge.snapshotOrder`).
    public func edges(at snapshot: Int64? = nil) throws(StoreError) -> [PathEdge] {
        try read { try Self.edges($0, at: snapshot) }
    }

    /// The graph alive at `snapshot` (nil: now), ready for traversal. Two queries in one read transaction.
    public func graph(at snapshot: Int64? = nil) throws(StoreError) -> DependencyGraph {
        try read { db in
            var folders = RankedFolders()
            let modules = try Self.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT s.module_id, \(Self.moduleColumns("s")) FROM module_state s
                        WHERE \(Self.alive("s", at: snapshot)) ORDER BY s.name, s.path
                        """)
            ) { row in
                let module = Self.module(row)
                folders.add(id: row["module_id"], folder: module.path)
                return module
            }
            return DependencyGraph(modules: modules, edges: try Self.edges(db, at: snapshot, folders: folders))
        }
    }

    static func edges(_ db: Database, at snapshot: Int64?) throws -> [PathEdge] {
        var folders = RankedFolders()
        let rows = try Row.fetchCursor(
            db,
            SQLRequest(
                literal: """
                    SELECT s.module_id, s.path FROM module_state s WHERE \(Self.alive("s", at: snapshot))
                    """))
        while let row = try rows.next() { folders.add(id: row["module_id"], folder: row["path"]) }
        return try edges(db, at: snapshot, folders: folders)
    }

    /// The alive edges between the modules of `folders`, sorted as `ORDER BY from folder, to
    /// folder, dep_group` would sort them (edges equal on all three in the order they were recorded).
    static func edges(_ db: Database, at snapshot: Int64?, folders: RankedFolders) throws -> [PathEdge] {
        let ranks = folders.ranked()
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
            guard let from = ranks[row["from_module"]], let to = ranks[row["to_module"]] else { continue }
            edges.append(Self.edge(row, from: from.folder, to: to.folder))
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

/// Alive module folders by module id, to be ranked in SQLite's text order (`BINARY`: byte order).
/// Alive folders are unique, so no two ranks are equal.
struct RankedFolders {
    private var byID: [(id: Int64, folder: String)] = []

    /// Adds the module `id` in `folder`.
    mutating func add(id: Int64, folder: String) { byID.append((id, folder)) }

    /// Each module id's folder with its rank.
    func ranked() -> [Int64: (folder: String, rank: Int)] {
        let sorted = byID.sorted { $0.folder.utf8.lexicographicallyPrecedes($1.folder.utf8) }
        var ranks: [Int64: (folder: String, rank: Int)] = [:]
        ranks.reserveCapacity(sorted.count)
        for (rank, entry) in sorted.enumerated() { ranks[entry.id] = (entry.folder, rank) }
        return ranks
    }
}
