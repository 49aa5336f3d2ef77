import Foundation

/// The minimal build context of one module (`trellis context`): its folder and the folders of the
/// modules it reaches through path edges of the chosen groups, at their repository paths (so
/// `../../libs/x` still resolves), plus the workspace root files a build needs (a uv workspace
/// root's `pyproject.toml` and `uv.lock`, when a folder of the context is a member). Files come from git where the root is in a work tree
/// (tracked and untracked-but-not-ignored, so ignored build output and virtualenvs stay out),
/// else from a walk that skips hidden folders and build output; `__pycache__`, `.venv`, `.git`
/// and `*.pyc` are left out either way, and so are the folders of modules outside the context
/// nested in one inside it. Nothing is followed through a symbolic link: a link is an entry.
public struct BuildContext: Sendable {
    /// The module folders, sorted by path, the module's own first.
    public let folders: [String]
    /// Files outside those folders the build needs (workspace roots), sorted.
    public let rootFiles: [String]
    /// Every entry, repository-relative, sorted bytewise: the folders on the way to each file,
    /// then files and links.
    public let entries: [TarArchive.Entry]

    /// The context of the module at `folder` in `graph`, following edges whose group is in
    /// `groups`. With `manifestsOnly`, only manifests and lock files (the layer that installs
    /// the dependencies, which changes rarely). Reads the file system under `root` (and git),
    /// never outside it.
    public init(
        of folder: String, in graph: DependencyGraph, groups: Set<String>, root: String, useGit: Bool = true,
        manifestsOnly: Bool = false
    ) throws {
        let folders = Self.closure(of: folder, in: graph, groups: groups)
        self.folders = folders
        rootFiles = Self.workspaceRootFiles(above: folders, root: root)
        let inside = Set(folders)
        let others = Set(graph.modules.map(\.path)).subtracting(inside)
        let listed = try Self.files(under: folders, root: root, useGit: useGit).filter { path in
            !Self.isInside(path, anyOf: others, below: inside)
                && (!manifestsOnly || ManifestKind.of(path: path).map { $0 != .configuration && $0 != .tox } ?? false)
        }
        var entries: [TarArchive.Entry] = []
        var made: Set<String> = []
        for path in Set(listed + rootFiles).sorted(by: Self.bytewise) {
            var parents: [String] = []
            var parent = RelativePath.parent(of: path)
            while parent != ".", made.insert(parent).inserted {
                parents.append(parent)
                parent = RelativePath.parent(of: parent)
            }
            entries += parents.reversed().map { TarArchive.Entry.directory($0) }
            guard let entry = Self.entry(path, root: root) else { continue }
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The context as a tar (`TarArchive`), handed to `sink` in pieces of 64 KiB or more.
    public func archive(mtime: Int = TarArchive.defaultTime, to sink: @escaping (Data) throws -> Void) throws {
        nonisolated(unsafe) var pending = Data()
        let archive = TarArchive(mtime: mtime) { data in
            pending.append(data)
            if pending.count >= 1 << 16 {
                try sink(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        for entry in entries { try archive.write(entry) }
        try archive.finish()
        try sink(pending)
    }

    /// The context copied into `folder`, which must be new or empty: files with their execute
    /// bit, links as links.
    public func copy(into folder: String) throws(BuildContextError) {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: folder), !existing.isEmpty {
            throw .notEmpty(folder)
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for entry in entries {
                let target = "\(folder)/\(entry.path)"
                switch entry {
                case .directory: try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                case .symlink(_, let destination):
                    try manager.createSymbolicLink(atPath: target, withDestinationPath: destination)
                case .file(_, let executable, let source):
                    try manager.copyItem(atPath: source, toPath: target)
                    try manager.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: target)
                }
            }
        } catch {
            throw .cannotCopy(folder, error.localizedDescription)
        }
    }

    /// The folders reached from `start` through edges of `groups`, the start first, then sorted.
    static func closure(of start: String, in graph: DependencyGraph, groups: Set<String>) -> [String] {
        var outgoing: [String: [String]] = [:]
        for edge in graph.edges where groups.contains(edge.group) { outgoing[edge.from, default: []].append(edge.to) }
        var seen: Set<String> = [start]
        var stack = [start]
        while let folder = stack.popLast() {
            for next in outgoing[folder] ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        return [start] + seen.subtracting([start]).sorted(by: bytewise)
    }

    /// The `pyproject.toml` and `uv.lock` of every folder above the context's folders whose
    /// manifest is a uv workspace root (`[tool.uv.workspace]`) with one of them as a member
    /// (matching `members`, not `exclude`): uv reads `workspace = true` sources there, and
    /// `uv sync` the lock.
    static func workspaceRootFiles(above folders: [String], root: String) -> [String] {
        var candidates: Set<String> = []
        for folder in folders {
            var parent = folder
            while parent != "." {
                parent = RelativePath.parent(of: parent)
                candidates.insert(parent)
            }
        }
        var files: [String] = []
        for folder in candidates.subtracting(folders).sorted(by: bytewise) {
            let manifest = folder == "." ? "pyproject.toml" : "\(folder)/pyproject.toml"
            guard let data = FileManager.default.contents(atPath: "\(root)/\(manifest)"),
                let table = try? TOMLParser.parse(String(decoding: data, as: UTF8.self)),
                let workspace = table["tool", "uv", "workspace"]?.table
            else { continue }
            let globs = { (key: String) in (workspace[key]?.array ?? []).compactMap(\.string).map(Glob.init) }
            let members = globs("members"), exclude = globs("exclude")
            let isMember = folders.contains { path in
                guard folder == "." || path.hasPrefix(folder + "/") else { return false }
                let inside = folder == "." ? path : String(path.dropFirst(folder.count + 1))
                return members.contains { $0.matches(inside) } && !exclude.contains { $0.matches(inside) }
            }
            guard isMember else { continue }
            files.append(manifest)
            let lock = folder == "." ? "uv.lock" : "\(folder)/uv.lock"
            if FileManager.default.fileExists(atPath: "\(root)/\(lock)") { files.append(lock) }
        }
        return files
    }

    /// The files under `folders`: git's tracked and untracked-not-ignored files, or a walk.
    static func files(under folders: [String], root: String, useGit: Bool) throws -> [String] {
        var all: [String] = []
        if useGit, let listed = gitFiles(root: root) {
            all = listed
        } else {
            for folder in folders { all += walk(folder, root: root) }
        }
        return all.filter { path in
            !RelativePath.components(path).contains { alwaysLeftOut.contains(String($0)) } && !path.hasSuffix(".pyc")
                && folders.contains { $0 == "." || path.hasPrefix($0 + "/") }
        }
    }

    /// Never in a context, whatever git says.
    static let alwaysLeftOut: Set<String> = [".git", ".venv", "__pycache__", ".trellis"]

    /// `git ls-files` from `root`: tracked and untracked files not ignored, relative to `root`;
    /// nil outside a work tree.
    static func gitFiles(root: String) -> [String]? {
        guard
            let result = try? Subprocess.run(
                ["git", "-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                in: root),
            result.status == 0
        else { return nil }
        return result.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file under `folder`, not entering hidden folders, build output or links to folders.
    static func walk(_ folder: String, root: String) -> [String] {
        var files: [String] = []
        var stack = [folder]
        while let current = stack.popLast() {
            let absolute = current == "." ? root : "\(root)/\(current)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { continue }
            for name in names {
                let relative = current == "." ? name : "\(current)/\(name)"
                let type =
                    (try? FileManager.default.attributesOfItem(atPath: "\(absolute)/\(name)"))?[.type]
                    as? FileAttributeType
                if type == .typeDirectory {
                    if !name.hasPrefix(".") && !ManifestDiscovery.skippedFolders.contains(name)
                        && !name.hasSuffix(".egg-info")
                    {
                        stack.append(relative)
                    }
                } else if type == .typeRegular || type == .typeSymbolicLink {
                    files.append(relative)
                }
            }
        }
        return files
    }

    /// True when the deepest module folder holding `path` is one of `others` (a module outside
    /// the context nested in a folder of it), as `affected` decides which module owns a file.
    static func isInside(_ path: String, anyOf others: Set<String>, below folders: Set<String>) -> Bool {
        var parent = RelativePath.parent(of: path)
        while true {
            if folders.contains(parent) { return false }
            if others.contains(parent) { return true }
            if parent == "." { return false }
            parent = RelativePath.parent(of: parent)
        }
    }

    /// The entry of the file at `path`: a regular file (executable when any execute bit is set)
    /// or a link, by `lstat`; nil for anything else (a socket, a file git lists but that is gone).
    static func entry(_ path: String, root: String) -> TarArchive.Entry? {
        let absolute = "\(root)/\(path)"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: absolute),
            let type = attributes[.type] as? FileAttributeType
        else { return nil }
        switch type {
        case .typeRegular:
            let mode = (attributes[.posixPermissions] as? Int) ?? 0o644
            return .file(path, executable: mode & 0o111 != 0, source: absolute)
        case .typeSymbolicLink:
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: absolute) else { return nil }
            return .symlink(path, target: target)
        default: return nil
        }
    }

    /// Byte order of the UTF-8, the order `tar` and `ls` in the C locale list.
    static func bytewise(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}

/// Why a context could not be copied.
public enum BuildContextError: Error, CustomStringConvertible {
    case notEmpty(String)
    case cannotCopy(String, String)

    public var description: String {
        switch self {
        case .notEmpty(let folder): "\(folder) is not empty; context copies only into a new or empty folder"
        case .cannotCopy(let folder, let reason): "cannot copy the context into \(folder): \(reason)"
        }
    }
}
