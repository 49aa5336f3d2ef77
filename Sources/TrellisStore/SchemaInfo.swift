import GRDBSQLite

/// What `trellis --version` says about the registry this binary writes and the SQLite it runs on.
public enum SchemaInfo {
    /// The schema version this binary writes: the number of its migrations (`migrations/NNNN_*.sql`).
    public static var version: Int { Migrations.all.count }

    /// The newest migration's identifier (`0005_import_file`).
    public static var latestMigration: String { Migrations.all.last?.id ?? "" }

    /// The version of the SQLite library linked at run time (`3.46.1`).
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
