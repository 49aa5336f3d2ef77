import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// docs/ARCHITECTURE.md: a busy database waits, then says so clearly (exit 2 in the CLI).
@Suite struct BusyRegistryTests {
    @Test func aWriterHeldByAnotherProcessGivesBusyAfterTheTimeout() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1.0.0\"\n"
        ])
        let path = "\(repository.root)/.trellis/registry.sqlite"
        let registry = Registry(
            store: try RegistryStore(path: path, busyTimeout: 0.2), scanner: RepositoryScanner(root: repository.root))
        _ = try registry.scan()

        // Another connection (as another trellis process would) holds the write lock.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // the lock must outlive this access
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? other.inDatabase { db in try db.execute(sql: "ROLLBACK") } }

        try repository.write(["libs/b/pyproject.toml": "[project]\nname = \"b\"\nversion = \"1.0.0\"\n"])
        let started = Date()
        #expect(throws: StoreError.busy(path: path)) { try registry.scan() }
        #expect(Date().timeIntervalSince(started) >= 0.2, "it waits for the timeout before giving up")
        // Readers are not blocked by the writer (WAL).
        #expect(try registry.store.modules().map(\.name.rawValue) == ["a"])
    }
}
