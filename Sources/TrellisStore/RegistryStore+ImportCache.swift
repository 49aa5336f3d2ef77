import Foundation
import GRDB
import TrellisCore

extension RegistryStore {
    /// The import cache of the work tree (`import_file`): every `.py` file's stamp and imports as
    /// the last read of it found them. Not history: one row per file, whatever the snapshot.
    public func importCache() throws(StoreError) -> ImportCache {
        try read { db in
            guard try db.tableExists("import_file") else { return ImportCache() }
            var files: [String: CachedImports] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT path, size, modified, inode, hash, imports FROM import_file")
            while let row = try rows.next() {
                let path: String = row[0]
                files[path] = CachedImports(
                    size: row[1], modified: row[2], inode: UInt64(bitPattern: row[3] as Int64), hash: row[4],
                    encoded: row[5])
            }
            return ImportCache(files: files)
        }
    }

    /// Writes the rows a read found out of date and deletes those of files gone, in one transaction.
    public func updateImportCache(_ update: ImportCache.Update) throws(StoreError) {
        guard !update.isEmpty else { return }
        try write { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO import_file (path, size, modified, inode, hash, imports) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified,
                        inode = excluded.inode, hash = excluded.hash, imports = excluded.imports
                    """)
            for (path, row) in update.changed.sorted(by: { $0.key < $1.key }) {
                try upsert.execute(arguments: [
                    path, row.size, row.modified, Int64(bitPattern: row.inode), row.hash,
                    row.encoded,
                ])
            }
            let delete = try db.cachedStatement(sql: "DELETE FROM import_file WHERE path = ?")
            for path in update.removed { try delete.execute(arguments: [path]) }
        }
    }

    /// How many files the import cache holds.
    public func importCacheCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM import_file") ?? 0 }
    }
}
