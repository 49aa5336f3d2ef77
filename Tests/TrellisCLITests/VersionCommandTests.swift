import Foundation
import GRDB
import Testing
import TrellisTestSupport

/// `trellis --version`: the release, the registry schema it writes, the SQLite it runs on.
struct VersionCommandTests {
    @Test func versionNamesTheSchemaAndTheSQLiteItRunsOn() throws {
        let run = runTrellis(["--version"], in: "/")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("trellis ") == true)
        // The schema version is the number of migrations shipped; the newest one names it.
        let migrations = try FileManager.default.contentsOfDirectory(atPath: "\(ProjectPaths.packageRoot)/migrations")
            .filter { $0.hasSuffix(".sql") }.sorted()
        let newest = try #require(migrations.last).replacingOccurrences(of: ".sql", with: "")
        #expect(lines.dropFirst().first == "registry schema \(migrations.count) (\(newest))")
        // SQLite's own answer, asked through a real (in-memory) connection.
        let sqlite = try DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }
        #expect(lines.last == "SQLite \(try #require(sqlite))")
    }
}
