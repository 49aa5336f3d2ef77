import Foundation

/// Rebuilds the snapshot of each commit of a history from the previous one, re-reading and
/// re-parsing only the files the commit changed.
public final class CommitSnapshotBuilder {
    private let root: String
    private let prefix: String
    private let reader: GitObjectReader
    private var contents: [String: ManifestText] = [:]
    /// Lock files, by the commit that last wrote them: read from git only when an absolute URL
    /// needs one (they are large: 646 `poetry.lock` files weigh 124 MB in the 10,000-module bench).
    private var lockFileCommits: [String: String] = [:]
    /// The files of `contents` by folder.
    private var filesByFolder: [String: Set<String>] = [:]
    /// Folders whose manifest is not valid TOML.
    private var unreadable: Set<String> = []
    /// The manifest each folder gives (nil: the folder is no module), rebuilt only when one of its files changes.
    private var manifests: [String: Manifest] = [:]
    /// The last whole snapshot built: an unreadable manifest keeps its state from it.
    private var previous = Snapshot()
    /// Every manifest resolved, while none is unreadable: a commit re-resolves what it reaches,
    /// or everything when it may reach every manifest.
    private var repository: ResolvedRepository?
    private let lockFiles = LockFileCache()
    /// How many files were read from git so far.
    public private(set) var filesRead = 0

    /// `root` is the Trellis root, `prefix` its path inside the repository (`GitHistory.prefix()`).
    public init(root: String, prefix: String) throws {
        self.root = root
        self.prefix = prefix
        reader = try GitObjectReader(root: root)
    }

    /// Starts from the full state of `commit` (its files listed by `files`), or from nothing.
    public func load(commit: String?, files: [String]) throws {
        contents = [:]
        lockFileCommits = [:]
        filesByFolder = [:]
        manifests = [:]
        unreadable = []
        repository = nil
        previous = Snapshot()
        guard let commit else { return }
        for path in files { try read(path, at: commit) }
        _ = reread(folders: Set(files.map(RelativePath.parent)))
        previous = resolveAll()
    }

    /// What `commit` changed in the snapshot, reading and parsing only its changed files and
    /// resolving only what they can reach (`ResolvedRepository`).
    public func apply(_ commit: GitCommit) throws -> SnapshotUpdate {
        for change in commit.changes {
            if change.deleted {
                contents[change.path] = nil
                lockFileCommits[change.path] = nil
                filesByFolder[RelativePath.parent(of: change.path)]?.remove(change.path)
            } else {
                try read(change.path, at: commit.id)
            }
        }
        let folders = Set(commit.changes.map { RelativePath.parent(of: $0.path) })
        let changed = reread(folders: folders)
        // The configuration lives at the root; a manifest that cannot be read keeps its last state
        // (`SnapshotResolver.resolve(_:readFile:previous:)`), which needs the whole snapshot.
        if folders.contains(".") || !unreadable.isEmpty || repository == nil {
            if repository != nil, !unreadable.isEmpty { previous = repository?.snapshot() ?? previous }
            previous = resolveAll()
            return .full(previous)
        }
        let locks = commit.changes.map(\.path).filter(\.isLockFilePath)
        let configuration = repository!.resolver.configuration
        let patch = repository!.update(
            folders: folders, manifests: changed.filter { !configuration.isExcluded($0.file) }, lockFiles: locks,
            readFile: text(of:))
        if let patch { return .patch(patch) }
        previous = resolveAll()
        return .full(previous)
    }

    /// The whole snapshot after the last commit applied.
    public func snapshot() -> Snapshot {
        repository?.snapshot() ?? previous
    }

    private func read(_ path: String, at commit: String) throws {
        if path.isLockFilePath {
            lockFileCommits[path] = commit
            return
        }
        contents[path] = try reader.read("\(commit):\(prefix)\(path)").map { ManifestText(decoding: $0, path: path) }
        filesByFolder[RelativePath.parent(of: path), default: []].insert(path)
        filesRead += 1
    }

    /// The text of a file of the current commit: a manifest from memory, a lock file from git.
    private func text(of path: String) -> String? {
        if let text = contents[path] { return text.text }
        guard let commit = lockFileCommits[path] else { return nil }
        filesRead += 1
        return (try? reader.read("\(commit):\(prefix)\(path)")).flatMap { $0 }.map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Parses again the manifests of the folders whose files changed (ManifestReader works per
    /// folder), and returns them.
    private func reread(folders: Set<String>) -> [Manifest] {
        let paths = folders.flatMap { filesByFolder[$0] ?? [] }
        for folder in folders {
            manifests[folder] = nil
            unreadable.remove(folder)
        }
        let read = ManifestReader().read(paths: paths, readFile: { self.contents[$0] })
        for manifest in read {
            manifests[manifest.folder] = manifest
            if manifest.isUnreadable { unreadable.insert(manifest.folder) }
        }
        return read
    }

    /// Resolves every manifest; keeps the per-manifest state for the next commits unless a
    /// manifest is unreadable (its last state is carried over from the whole previous snapshot).
    private func resolveAll() -> Snapshot {
        let configuration = TrellisConfiguration.read { self.contents[$0]?.text }
        let current = manifests.values.filter { !configuration.isExcluded($0.file) }
        let resolver = SnapshotResolver(rootPath: root, configuration: configuration, lockFiles: lockFiles)
        let readFile = { (path: String) in self.text(of: path) }
        if !unreadable.isEmpty {
            repository = nil
            let previous = self.previous
            return resolver.resolve(current, readFile: readFile, previous: { previous })
        }
        repository = ResolvedRepository(resolver: resolver, manifests: current, readFile: readFile)
        return repository!.snapshot()
    }
}
