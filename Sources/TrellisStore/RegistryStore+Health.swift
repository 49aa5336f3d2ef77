import GRDB

extension RegistryStore {
    /// What `doctor` reports about the database file itself.
    public struct Health: Sendable {
        /// `ok`, or each problem SQLite's integrity check found.
        public var integrity: [String]
        public var foreignKeyViolations: Int
        public var appliedMigrations: [String]
        public var knownMigrations: [String]
        public var rowCounts: [String: Int]
        /// Rows alive (disappeared IS NULL) whose module has no alive state: history that lost its anchor.
        public var danglingRows: Int

        public var isHealthy: Bool {
            integrity == ["ok"] && foreignKeyViolations == 0 && appliedMigrations == knownMigrations
                && danglingRows == 0
        }
    }

    /// Runs SQLite's integrity and foreign-key checks and the registry's own consistency checks.
    public func health() throws(StoreError) -> Health {
        let counts = try rowCounts()
        return try read { db in
            let dangling =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT COUNT(*) FROM path_edge e WHERE e.disappeared IS NULL AND NOT EXISTS
                                   (SELECT 1 FROM module_state s WHERE s.module_id = e.from_module AND s.disappeared IS NULL))
                             + (SELECT COUNT(*) FROM requirement r WHERE r.disappeared IS NULL AND NOT EXISTS
                                   (SELECT 1 FROM module_state s WHERE s.module_id = r.module_id AND s.disappeared IS NULL))
                        """) ?? 0
            return Health(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                foreignKeyViolations: try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                appliedMigrations: try Migrations.migrator.appliedMigrations(db),
                knownMigrations: Migrations.migrator.migrations,
                rowCounts: counts,
                danglingRows: dangling)
        }
    }
}
