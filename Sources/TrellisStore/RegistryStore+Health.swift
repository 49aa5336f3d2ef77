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
        /// The temporal invariants the history must keep, each broken one with how many rows break it:
        /// no module or edge alive twice, every interval closed after it opened, each commit
        /// recorded once.
        public var temporalProblems: [String]

        public var isHealthy: Bool {
            integrity == ["ok"] && foreignKeyViolations == 0 && appliedMigrations == knownMigrations
                && danglingRows == 0 && temporalProblems.isEmpty
        }
    }

    /// The temporal invariants, each as a query counting the rows that break it.
    private static let temporalInvariants: [(problem: String, sql: String)] = [
        (
            "modules alive twice",
            """
            SELECT COUNT(*) FROM (SELECT module_id FROM module_state WHERE disappeared IS NULL
                                  GROUP BY module_id HAVING COUNT(*) > 1)
            """
        ),
        (
            "edges alive twice",
            """
            SELECT COUNT(*) FROM (SELECT 1 FROM path_edge WHERE disappeared IS NULL
                                  GROUP BY from_module, to_module, dep_group HAVING COUNT(*) > 1)
            """
        ),
        (
            "intervals closed before they opened",
            """
            SELECT (SELECT COUNT(*) FROM module_state WHERE disappeared <= appeared)
                 + (SELECT COUNT(*) FROM path_edge WHERE disappeared <= appeared)
                 + (SELECT COUNT(*) FROM requirement WHERE disappeared <= appeared)
            """
        ),
        (
            "commits recorded twice",
            """
            SELECT COUNT(*) FROM (SELECT commit_id FROM snapshot WHERE source = 'commit'
                                  GROUP BY commit_id HAVING COUNT(*) > 1)
            """
        ),
    ]

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
            var temporal: [String] = []
            for (problem, sql) in Self.temporalInvariants {
                let count = try Int.fetchOne(db, sql: sql) ?? 0
                if count > 0 { temporal.append("\(count) \(problem)") }
            }
            return Health(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                foreignKeyViolations: try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                appliedMigrations: try Migrations.migrator.appliedMigrations(db),
                knownMigrations: Migrations.migrator.migrations,
                rowCounts: counts,
                danglingRows: dangling,
                temporalProblems: temporal)
        }
    }

    /// The commits of the recorded `commit` snapshots, in the order of their snapshots: what
    /// `doctor` compares with git's first-parent chain.
    public func recordedCommits() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT commit_id FROM snapshot WHERE source = 'commit' AND commit_id IS NOT NULL ORDER BY id")
        }
    }

    /// Closes the registry's connections (a `DatabasePool` checkpoints its WAL into the file).
    public func close() throws(StoreError) {
        do {
            if let pool = writer as? DatabasePool { try pool.close() }
            if let queue = writer as? DatabaseQueue { try queue.close() }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}
