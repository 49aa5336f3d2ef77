import Foundation
import GRDB
import TrellisCore

/// The registry: an SQLite database holding every snapshot of the repository's graph.
/// Every method is one transaction; readers never see half of a scan.
public final class RegistryStore: Sendable {
    /// The file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter
    /// What this process does with the registry ("trellis scan"), written in `WriterNote` while
    /// it holds the write lock; nil writes no note.
    let work: String?

    /// Opens (creating it and its folder when missing) the registry at `path`, migrating it to the
    /// current schema. A registry written by a newer schema is refused and left untouched.
    public init(path: String, busyTimeout: TimeInterval = 5, work: String? = nil) throws(StoreError) {
        self.path = path
        self.work = work
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
        work = nil
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
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
            // A WAL registry on a read-only file system (a CI cache mounted read-only) cannot
            // get its `-shm` (CANTOPEN), nor can one in a folder this user may not write, such
            // as another user's (READONLY, "attempt to write a readonly database"): with no WAL
            // content to miss, it is read as an immutable file.
            guard whyNotWritable(path: path) != nil,
                (try? FileManager.default.attributesOfItem(
                    atPath: path + "-wal")[.size] as? Int).flatMap({ $0 > 0 }) != true
            else { throw error }
            return try DatabaseQueue(path: immutableURI(path), configuration: configuration)
        }
    }

    /// `path` as an SQLite URI filename opened `immutable` (the system SQLite reads URI filenames).
    private static func immutableURI(_ path: String) -> String {
        let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
            .replacingOccurrences(of: "#", with: "%23")
        return "file:\(escaped)?immutable=1"
    }

    /// An in-memory registry, for tests.
    public init() throws(StoreError) {
        path = ":memory:"
        work = nil
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

    /// One transaction that takes the write lock at once (`BEGIN IMMEDIATE`, waiting up to the
    /// busy timeout), so that the `WriterNote` it leaves names the process that holds the lock.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    if let work { WriterNote.claim(path: path, work: work) }
                    defer { if work != nil { WriterNote.release(path: path) } }
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.database(path: path, reason: "the write returned nothing") }
                return result
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}

extension RegistryStore {
    /// Why this process cannot write the registry at `path` (a read-only file or folder, a
    /// read-only file system), or nil when it can. A registry in WAL mode needs its folder
    /// writable too: SQLite creates `-wal` and `-shm` beside the file.
    public static func whyNotWritable(path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        if access(path, W_OK) != 0 {
            return errno == EROFS
                ? "it is on a read-only file system" : "the file is read-only (\(String(cString: strerror(errno))))"
        }
        if access(folder, W_OK) != 0 {
            return errno == EROFS
                ? "it is on a read-only file system"
                : "its folder \(folder) is read-only (\(String(cString: strerror(errno))))"
        }
        return nil
    }
}
