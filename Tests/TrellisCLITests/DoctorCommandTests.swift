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
        #expect(healthy.stdout.contains("schema:       0004_declared_by (4 of 4 migrations)"))
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
}
