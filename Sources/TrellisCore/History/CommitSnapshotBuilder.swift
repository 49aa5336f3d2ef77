import Foundation

/// Rebuilds the snapshot of each commit of a history from the previous one, re-reading and
/// re-parsing only the files the commit changed.
public final class CommitSnapshotBuilder {
    private let root: String
    private let prefix: String
    private let reader: GitObjectReader
    private var contents: [String: String] = [:]
    /// The manifest each folder gives (nil: the folder is no module), rebuilt only when one of its files changes.
    private var manifests: [String: Manifest] = [:]
    /// The last snapshot built: an unreadable manifest keeps its state from it.
    public private(set) var previous = Snapshot()
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
        manifests = [:]
        guard let commit else { return }
        for path in files { try read(path, at: commit) }
        reread(folders: Set(files.map(RelativePath.parent)))
        previous = resolve()
    }

    /// The snapshot after `commit`, reading only its changed files.
    public func apply(_ commit: GitCommit) throws -> Snapshot {
        for change in commit.changes {
            if change.deleted {
                contents[change.path] = nil
            } else {
                try read(change.path, at: commit.id)
            }
        }
        reread(folders: Set(commit.changes.map { RelativePath.parent(of: $0.path) }))
        previous = resolve()
        return previous
    }

    private func read(_ path: String, at commit: String) throws {
        contents[path] = try reader.read("\(commit):\(prefix)\(path)").map { String(decoding: $0, as: UTF8.self) }
        filesRead += 1
    }

    /// Parses again the manifests of the folders whose files changed (ManifestReader works per folder).
    private func reread(folders: Set<String>) {
        let paths = contents.keys.filter { folders.contains(RelativePath.parent(of: $0)) }
        for folder in folders { manifests[folder] = nil }
        for manifest in ManifestReader().read(paths: paths, readFile: { self.contents[$0] }) {
            manifests[manifest.folder] = manifest
        }
    }

    private func resolve() -> Snapshot {
        let configuration = TrellisConfiguration.read { self.contents[$0] }
        let current = manifests.values.filter { !configuration.isExcluded($0.file) }
        return SnapshotResolver(rootPath: root, configuration: configuration, lockFiles: lockFiles)
            .resolve(current, readFile: { self.contents[$0] }, previous: { self.previous })
    }
}
