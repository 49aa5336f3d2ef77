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
                    imports: Self.decodeImports(row[5]))
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
                    Self.encodeImports(row.imports),
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

    /// One line per import, as migrations/0005_import_file.sql describes:
    /// `<kind> <line> <level> <module or -> <names or -> <flags or ->`. Module and names are
    /// Python identifiers joined by dots (or `*`), so they hold no space or comma.
    static func encodeImports(_ imports: [PythonImport]) -> String {
        imports.map { entry in
            let flags = (entry.typingOnly ? "t" : "") + (entry.optional ? "o" : "")
            return [
                entry.names.isEmpty ? "import" : "from", String(entry.line), String(entry.level),
                entry.module.isEmpty ? "-" : entry.module,
                entry.names.isEmpty ? "-" : entry.names.joined(separator: ","), flags.isEmpty ? "-" : flags,
            ].joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The imports of `encodeImports`; a line that is not one (a row damaged by hand) is left out,
    /// and the file is read again when its stamp moves.
    static func decodeImports(_ text: String) -> [PythonImport] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 6, let number = Int(fields[1]), let level = Int(fields[2]) else { return nil }
            let names = fields[4] == "-" ? [] : fields[4].split(separator: ",").map(String.init)
            guard (fields[0] == "from") == !names.isEmpty else { return nil }
            return PythonImport(
                module: fields[3] == "-" ? "" : String(fields[3]), names: names, level: level, line: number,
                typingOnly: fields[5].contains("t"), optional: fields[5].contains("o"))
        }
    }
}
