import Foundation
import GRDB
import Testing
import TrellisTestSupport

@Suite struct DoctorCommandTests {
    @Test func aHealthyRegistryAndABrokenOne() throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        let trellis = { (arguments: [String]) in
            runTrellis(arguments + ["--root", repository.root], in: repository.root)
        }
        #expect(trellis(["scan"]).status == 0)
        let healthy = trellis(["doctor"])
        #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
        #expect(healthy.stdout.contains("integrity:    ok"))
        #expect(healthy.stdout.contains("schema:       0006_walk_indexes (6 of 6 migrations)"))
        #expect(healthy.stdout.hasSuffix("No problems found.\n"))

        // An alive edge whose module has no alive state: history that lost its anchor.
        let database = try DatabaseQueue(path: "\(repository.root)/.trellis/registry.sqlite")
        try database.write { db in
            try db.execute(sql: "INSERT INTO module DEFAULT VALUES")
            let orphan = db.lastInsertedRowID
            try db.execute(
                sql: """
                    INSERT INTO path_edge (from_module, to_module, dep_group, editable, optional, declared, file, line, resolution, appeared)
                    VALUES (?, ?, 'main', 0, 0, 'x', 'x', 1, 'path', 1)
                    """, arguments: [orphan, orphan])
        }
        let broken = trellis(["doctor", "--json"])
        #expect(broken.status == 1)
        let report = try #require(try broken.json() as? [String: Any])
        #expect(report["healthy"] as? Bool == false)
        #expect(report["dangling_rows"] as? Int == 1)
    }

    /// Issue #16's temporal invariants: no edge alive twice, every interval closed after it
    /// opened, commit snapshots in git's order. Each is broken by hand and named by `doctor`.
    @Test func temporalInvariantsAreChecked() throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        _ = try repository.git("init", "-q")
        try repository.commitAll("first")
        try repository.write(["libs/extra/pyproject.toml": "[project]\nname = \"extra\"\nversion = \"1.0.0\"\n"])
        try repository.commitAll("second")
        let trellis = { (arguments: [String]) in
            runTrellis(arguments + ["--root", repository.root], in: repository.root)
        }
        #expect(trellis(["import-git"]).status == 0)
        #expect(trellis(["doctor"]).status == 0)
        let database = try DatabaseQueue(path: "\(repository.root)/.trellis/registry.sqlite")
        try database.write { db in
            // An alive edge copied: alive twice. A closed module state closed where it opened.
            try db.execute(
                sql: """
                    INSERT INTO path_edge (from_module, to_module, dep_group, editable, optional, declared, file, line, resolution, appeared)
                    SELECT from_module, to_module, dep_group, editable, optional, declared, file, line, resolution, appeared
                    FROM path_edge WHERE disappeared IS NULL LIMIT 1
                    """)
            try db.execute(
                sql: "UPDATE requirement SET disappeared = appeared WHERE id = (SELECT MIN(id) FROM requirement)")
            // The two commits' snapshots swapped: the history is no longer in commit order.
            let commits = try String.fetchAll(db, sql: "SELECT commit_id FROM snapshot ORDER BY id")
            try db.execute(sql: "UPDATE snapshot SET commit_id = ? WHERE id = 1", arguments: [commits[1]])
            try db.execute(sql: "UPDATE snapshot SET commit_id = ? WHERE id = 2", arguments: [commits[0]])
        }
        let broken = trellis(["doctor"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("1 edges alive twice"), "\(broken.stdout)")
        #expect(broken.stdout.contains("1 intervals closed before they opened"), "\(broken.stdout)")
        #expect(broken.stdout.contains("1 commits out of git's order"), "\(broken.stdout)")
        let json = try #require(try trellis(["doctor", "--json"]).json() as? [String: Any])
        #expect((json["temporal_problems"] as? [String])?.count == 3, "\(json["temporal_problems"] ?? "")")
    }
}
