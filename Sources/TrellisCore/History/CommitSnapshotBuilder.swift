import Foundation

/// Rebuilds the snapshot of each commit of a history from the previous one, re-reading and
/// re-parsing only the files the commit changed.
public final class CommitSnapshotBuilder {
    private let root: String
    private let prefix: String
    private let reader: GitObjectReader
    private let parser = PyProjectParser()
    private var contents: [String: String] = [:]
    private var manifests: [String: Manifest] = [:]
    /// The last snapshot built: an unreadable manifest keeps its state from it.
    public private(set) var previous = Snapshot()
    /// How many manifests were parsed so far.
    public private(set) var parsedFiles = 0

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
        previous = resolve()
    }

    /// The snapshot after `commit`, reading only its changed files.
    public func apply(_ commit: GitCommit) throws -> Snapshot {
        for change in commit.changes {
            if change.deleted {
                contents[change.path] = nil
                manifests[change.path] = nil
            } else {
                try read(change.path, at: commit.id)
            }
        }
        previous = resolve()
        return previous
    }

    private func read(_ path: String, at commit: String) throws {
        guard let data = try reader.read("\(commit):\(prefix)\(path)") else {
            contents[path] = nil
            manifests[path] = nil
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        contents[path] = text
        if path.hasSuffix("pyproject.toml") {
            manifests[path] = parser.parse(file: path, text: text)
            parsedFiles += 1
        }
    }

    private func resolve() -> Snapshot {
        var current = Array(manifests.values)
        let unreadable = Set(current.filter(\.isUnreadable).map(\.file))
        for index in current.indices where current[index].isUnreadable {
            current[index].restore(from: previous)
        }
        let configuration = TrellisConfiguration.read { self.contents[$0] }
        current = current.filter { !configuration.isExcluded($0.file) }
        var snapshot = SnapshotResolver(rootPath: root, configuration: configuration).resolve(current) { self.contents[$0] }
        if !unreadable.isEmpty { snapshot.carryOver(from: previous, forManifests: unreadable) }
        return snapshot
    }
}
