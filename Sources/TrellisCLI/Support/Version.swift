import TrellisStore

/// What `trellis --version` prints: the release, the registry schema it writes, the SQLite it runs on.
enum TrellisVersion {
    /// The release of this binary.
    static let release = "0.1.0"

    /// Three lines: `trellis 0.1.0`, `registry schema 6 (0006_walk_indexes)`, `SQLite 3.46.1`.
    static var text: String {
        """
        trellis \(release)
        registry schema \(SchemaInfo.version) (\(SchemaInfo.latestMigration))
        SQLite \(SchemaInfo.sqliteVersion)
        """
    }
}
