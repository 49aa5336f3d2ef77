import Foundation
import TrellisCore
import TrellisStore

/// Everything a command needs, built once from the global options: no singletons below this.
struct CommandContext {
    let root: String
    let databasePath: String
    let options: GlobalOptions
    let console: Console
    let environment: [String: String]
    /// The folder the command was started in (relative `--output` and `--db` paths start here).
    let currentDirectory: String

    init(options: GlobalOptions, console: Console, environment: [String: String], currentDirectory: String) throws {
        self.options = options
        self.console = console
        self.environment = environment
        self.currentDirectory = currentDirectory
        root = try Self.resolveRoot(options.root, currentDirectory: currentDirectory)
        if let db = options.db ?? environment["TRELLIS_DB"] {
            databasePath = db.hasPrefix("/") ? db : "\(currentDirectory)/\(db)"
        } else {
            databasePath = "\(root)/.trellis/registry.sqlite"
        }
    }

    /// The registry of this repository, opened (and created when missing).
    func registry() throws -> Registry {
        Registry(store: try RegistryStore(path: databasePath), scanner: RepositoryScanner(root: root, useGit: !options.noGit))
    }

    /// The registry, refreshed first unless `--no-refresh` or `--at`. A manifest that cannot be
    /// read keeps its last recorded state; the refresh says so on stderr. Without a refresh
    /// nothing writes, so an existing, current registry is opened for reading only.
    func freshRegistry() throws -> Registry {
        let refreshes = !options.noRefresh && options.at == nil
        let registry = refreshes ? try registry() : try readingRegistry()
        if refreshes, case .scanned(let report) = try registry.refresh() {
            for diagnostic in report.diagnostics where diagnostic.code == Diagnostic.unreadableManifest {
                console.err("trellis: warning: \(diagnostic)")
            }
        }
        if try registry.store.latestSnapshot() == nil { throw CLIError.noRegistry(databasePath) }
        return registry
    }

    /// The registry opened for reading only, or opened (created, migrated) as `registry()` does
    /// when it is missing or older than this Trellis.
    private func readingRegistry() throws -> Registry {
        guard let store = try RegistryStore.openForReading(path: databasePath) else { return try registry() }
        return Registry(store: store, scanner: RepositoryScanner(root: root, useGit: !options.noGit))
    }

    /// The registry as of `--at`, or as of now after a refresh: what read commands query.
    func view() throws -> RegistryView {
        let registry = try freshRegistry()
        return RegistryView(store: registry.store, snapshot: try options.at.map { try registry.snapshotID(for: SnapshotSelector($0)) })
    }

    /// The `--root` folder, or the enclosing git work tree, or the current folder; absolute, symlinks resolved.
    static func resolveRoot(_ option: String?, currentDirectory: String) throws -> String {
        if let option {
            let absolute = option.hasPrefix("/") ? option : "\(currentDirectory)/\(option)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError.unreadableRepository("the repository root \(option) is not a folder")
            }
            return URL(fileURLWithPath: absolute).resolvingSymlinksInPath().standardizedFileURL.path
        }
        var folder = URL(fileURLWithPath: currentDirectory).resolvingSymlinksInPath().standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) { return folder.path }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return URL(fileURLWithPath: currentDirectory).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
