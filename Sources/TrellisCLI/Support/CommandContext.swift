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
    /// The subcommand's name (`scan`), for the note a writer leaves while it holds the registry.
    let command: String
    /// The terminal's width, colour and progress, decided once (`TerminalStyle.decide`).
    let style: TerminalStyle

    init(
        options: GlobalOptions, console: Console, environment: [String: String], currentDirectory: String,
        command: String = ""
    ) throws {
        self.command = command
        self.options = options
        self.console = console
        self.environment = environment
        self.currentDirectory = currentDirectory
        style = TerminalStyle.decide(color: options.color, console: console, environment: environment)
        root = try Self.resolveRoot(options.root, currentDirectory: currentDirectory)
        if let db = options.db ?? environment["TRELLIS_DB"] {
            databasePath = db.hasPrefix("/") ? db : "\(currentDirectory)/\(db)"
        } else {
            databasePath = "\(root)/.trellis/registry.sqlite"
        }
    }

    /// The scanner of this repository, as the options ask for it.
    var scanner: RepositoryScanner { RepositoryScanner(root: root, useGit: !options.noGit) }

    /// The configuration in the working tree (`trellis.toml` or `[tool.trellis]`): layering rules
    /// and global files apply as they are now, also with `--at`.
    var configuration: TrellisConfiguration { scanner.configuration() }

    /// The registry of this repository, opened (and created when missing).
    func registry() throws -> Registry {
        let work =
            ["scan", "import-git"].contains(command)
            ? "trellis \(command)" : "trellis \(command) (refreshing the registry after a manifest changed)"
        return Registry(store: try RegistryStore(path: databasePath, work: work), scanner: scanner)
    }

    /// The registry, refreshed first unless `--no-refresh` or `--at`. A manifest that cannot be
    /// read keeps its last recorded state; the refresh says so on stderr. An existing, current
    /// registry is opened for reading only (one connection, no migration check that writes), and
    /// for writing only when the freshness check finds something moved.
    func freshRegistry() throws -> Registry {
        let refreshes = !options.noRefresh && options.at == nil
        var (registry, writable) = try readingRegistry()
        if refreshes {
            let freshness = try registry.freshness()
            if case .fresh = freshness { return registry }
            if !writable {
                if let reason = RegistryStore.whyNotWritable(path: databasePath) {
                    throw CLIError.cannotRefresh(databasePath, reason)
                }
                registry = try self.registry()
            }
            if case .scanned(let report) = try registry.refresh(after: freshness) {
                for diagnostic in report.diagnostics where diagnostic.code == .invalidManifest {
                    console.err("trellis: warning: \(diagnostic)")
                }
            }
        }
        if try registry.store.latestSnapshot() == nil { throw CLIError.noRegistry(databasePath) }
        return registry
    }

    /// The registry opened for reading only, or opened (created, migrated) as `registry()` does
    /// when it is missing or older than this Trellis; `writable` says which.
    private func readingRegistry() throws -> (registry: Registry, writable: Bool) {
        guard let store = try RegistryStore.openForReading(path: databasePath) else { return (try registry(), true) }
        return (Registry(store: store, scanner: scanner), false)
    }

    /// The registry as of `--at`, or as of now after a refresh: what read commands query.
    func view() throws -> RegistryView {
        let registry = try freshRegistry()
        return RegistryView(
            store: registry.store, snapshot: try options.at.map { try registry.snapshotID(for: SnapshotSelector($0)) })
    }

    /// The code's imports: the work tree's (unchanged files from the registry's cache), or with `--at REV` those of that git revision,
    /// read from git without a checkout; nil when `--at` names a snapshot number or a date
    /// (no commit to read the code of). `reading` limits which modules' code is read.
    func importGraph(of graph: DependencyGraph, tests: Bool, reading: Set<String>? = nil) throws -> ImportGraph? {
        guard let at = options.at else {
            // The work tree's files through the registry's cache: only what moved is read again.
            let read = WorkTreeImports.read(
                root: root, registryPath: databasePath, graph: graph, tests: tests, reading: reading)
            if let note = read.cacheNote { console.err("trellis: note: \(note)") }
            return read.graph
        }
        guard case .revision(let revision) = SnapshotSelector(at) else { return nil }
        let commit = try GitHistory(root: root).resolve(revision)
        return try ImportGraph.read(root: root, commit: commit, graph: graph, tests: tests, reading: reading)
    }

    /// Prints `report` on standard output in the format the options ask for.
    func render(_ report: Report) throws {
        var text = ""
        try ReportRenderer.render(report, as: options.output.format, style: style, into: &text)
        console.out(text)
    }

    /// A progress line on standard error, drawn when it is a terminal.
    func progress() -> ProgressLine { ProgressLine(console: console, style: style) }

    /// Writes `data` to `file` (relative to the folder the command started in), or to standard
    /// output without one.
    func write(_ data: Data, to file: String?) throws {
        guard let file else { return console.out(data) }
        let path = absolute(file)
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError.tool("cannot write \(file): \(error.localizedDescription)")
        }
    }

    /// `file` as an absolute path: relative ones start in the folder the command started in.
    func absolute(_ file: String) -> String { file.hasPrefix("/") ? file : "\(currentDirectory)/\(file)" }

    /// The changed files `affected` starts from: `files` as given (`-` reads them from standard
    /// input, one per line), or without files what git says changed since `since`. Paths are
    /// relative to the root; an absolute path outside it is left out, so it affects nothing.
    func changedFiles(_ files: [String], since: String?) throws -> [String] {
        if files == ["-"] {
            return console.readInput().split(whereSeparator: \.isNewline).compactMap { relative(String($0)) }
        }
        if !files.isEmpty { return files.compactMap(relative) }
        return try GitChanges(root: root).changedFiles(since: since)
    }

    private func relative(_ path: String) -> String? {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/") else { return trimmed.isEmpty ? nil : trimmed }
        return trimmed.hasPrefix(root + "/") ? String(trimmed.dropFirst(root.count + 1)) : nil
    }

    /// The `--root` folder, or the enclosing git work tree, or the current folder; absolute, symlinks resolved.
    static func resolveRoot(_ option: String?, currentDirectory: String) throws -> String {
        if let option {
            let absolute = option.hasPrefix("/") ? option : "\(currentDirectory)/\(option)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue
            else {
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
