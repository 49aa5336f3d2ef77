import Foundation
import GRDB
import TrellisCore

/// The registry: an SQLite database holding every snapshot of the repository's graph.
/// Every method is one transaction; readers never see half of a scan.
public final class RegistryStore: Sendable {
    /// The file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter

    /// Opens (creating it and its folder when missing) the registry at `path`, migrating it to the
    /// current schema. A registry written by a newer schema is refused and left untouched.
    public init(path: String, busyTimeout: TimeInterval = 5) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        do {
            try Self.refuseNewerSchema(path: path)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
        try migrate()
    }

    /// Opens the existing registry at `path` for reading only, through one read-only connection:
    /// no writer, no WAL switch, no migration. What read commands need when nothing refreshes
    /// the registry first; `RegistryStore(path:)` opens three connections. Nil when the file is
    /// missing or its schema is older than this Trellis (opening it normally migrates it); a
    /// registry written by a newer schema is refused as `init(path:)` refuses it.
    public static func openForReading(path: String, busyTimeout: TimeInterval = 5) throws(StoreError) -> RegistryStore?
    {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let connection = try readOnlyConnection(path: path, busyTimeout: busyTimeout)
            let applied = try refuseNewerSchema(connection, path: path)
            guard applied.count == Migrations.migrator.migrations.count else { return nil }
            return RegistryStore(path: path, writer: connection)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    private init(path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// Reads the applied migrations of an existing file through a read-only connection: a
    /// registry written by a newer schema must be refused before anything writes to it (opening
    /// a `DatabasePool` alone switches the journal to WAL and writes the header).
    private static func refuseNewerSchema(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        _ = try refuseNewerSchema(readOnlyConnection(path: path, busyTimeout: nil), path: path)
    }

    /// The migrations `connection`'s database has applied, all known to this Trellis, or
    /// `StoreError.newerSchema`.
    private static func refuseNewerSchema(_ connection: DatabaseQueue, path: String) throws -> Set<String> {
        let applied = try connection.read { db in
            try db.tableExists("grdb_migrations")
                ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
        }
        let unknown = applied.subtracting(Migrations.migrator.migrations)
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown.sorted()) }
        return applied
    }

    /// A read-only connection to `path`, waiting up to `busyTimeout` for a lock (nil: not at all).
    private static func readOnlyConnection(path: String, busyTimeout: TimeInterval?) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        if let busyTimeout { configuration.busyMode = .timeout(busyTimeout) }
        // Pages read through a memory map, not one pread(2) each: a read command at 10,000
        // modules reads about 3,900 pages (the freshness stamps alone, 3.5 MB).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 268435456") }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// An in-memory registry, for tests.
    public init() throws(StoreError) {
        path = ":memory:"
        do {
            writer = try DatabaseQueue()
        } catch {
            throw StoreError.wrap(error, path: path)
        }
        try migrate()
    }

    private func migrate() throws(StoreError) {
        let migrator = Migrations.migrator
        do {
            let applied = try writer.read { try migrator.appliedIdentifiers($0) }
            let unknown = applied.subtracting(migrator.migrations)
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown.sorted()) }
            if applied.count < migrator.migrations.count { try migrator.migrate(writer) }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The schema migrations applied, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { try Migrations.migrator.appliedMigrations($0) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}
