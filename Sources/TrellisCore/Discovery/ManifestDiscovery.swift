import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the files Trellis reads (`pyproject.toml`, `setup.cfg`, `setup.py`, `hatch.toml`, `tox.ini`,
/// `*requirements*.txt`, `constraints*.txt`, lock files, `trellis.toml`) below a root,
/// from the git index when the root is inside a work tree, by walking the folders otherwise.
public struct ManifestDiscovery: Sendable {
    /// File names Trellis reads.
    public static let fileNames: Set<String> = Set(ManifestKind.allCases.compactMap(\.fileName))
    /// The git pathspecs of every file Trellis reads (requirements files compared in any case).
    public static let pathspecs: [String] =
        fileNames.sorted().map { ":(glob)**/\($0)" }
        + [":(glob,icase)**/*requirements*.txt", ":(glob,icase)**/constraints*.txt"]

    /// True for a file name Trellis reads.
    public static func isManifestName(_ name: some StringProtocol) -> Bool {
        ManifestKind(fileName: name) != nil
    }
    /// Folders never entered (besides every hidden folder).
    public static let skippedFolders: Set<String> = ["node_modules", "venv", "__pycache__", "build", "dist"]

    public let root: String
    public var useGit: Bool

    public init(root: String, useGit: Bool = true) {
        self.root = root
        self.useGit = useGit
    }

    /// Repository-relative paths of every file to read, sorted; excluded folders already left out.
    public func files(excluding configuration: TrellisConfiguration = .default) throws -> [String] {
        try listing(excluding: configuration).paths
    }

    /// What discovery found: every file to read, and those of them git does not track yet.
    public struct Listing: Sendable {
        public var paths: [String]
        /// Files not in the git index (always empty outside git): a scan that reads one is dirty.
        public var untracked: [String]
        /// Every folder whose entries the listing depends on (not ignored, not hidden, not
        /// skipped; `.` is the root), and the ignore files that shaped it: while none of them
        /// changes, a new listing would find the same files.
        public var watched: [String] = []

        public init(paths: [String], untracked: [String], watched: [String] = []) {
            self.paths = paths
            self.untracked = untracked
            self.watched = watched
        }
    }

    /// The files to read, sorted, with the untracked ones named.
    public func listing(excluding configuration: TrellisConfiguration = .default) throws -> Listing {
        try listing(excluding: configuration) { _ in () }.listing
    }

    /// The listing, and what `work` made of the tracked files (sorted, excluded ones left out)
    /// while git walked the work tree for the untracked ones: that walk is most of a listing's
    /// time and needs no core of this process, so reading the tracked files need not wait for it.
    /// Outside git, `work` gets every file, after the walk.
    public func listing<Work>(
        excluding configuration: TrellisConfiguration = .default, whileWalking work: ([String]) throws -> Work
    ) throws -> (listing: Listing, work: Work) {
        let keep = { (path: String) in !configuration.isExcluded(path) }
        var done: Work?
        if useGit,
            let git = try gitFiles(whileWalking: { tracked in done = try work(tracked.filter(keep).sorted()) })
        {
            let listing = Listing(
                paths: git.paths.filter(keep).sorted(), untracked: git.untracked.filter(keep).sorted(),
                watched: git.watched)
            if let done { return (listing, done) }
            return (listing, try work(listing.paths))
        }
        var folders: [String] = []
        let paths = try walkedFiles(folders: &folders)
        let listing = Listing(paths: paths.filter(keep).sorted(), untracked: [], watched: folders.sorted())
        return (listing, try work(listing.paths))
    }

    /// The listing of `paths`, files known to be all there is (no folder changed since they were
    /// listed): only which of them git does not track is asked, from the index.
    public func listing(of paths: [String]) -> Listing {
        guard useGit,
            let result = try? Subprocess.run(
                GitCommand.git + ["-c", "core.quotePath=false", "ls-files", "-z", "--cached"], in: root),
            result.status == 0
        else { return Listing(paths: paths.sorted(), untracked: []) }
        var untracked = Set(paths)
        for entry in result.stdout.split(separator: 0) { untracked.remove(String(decoding: entry, as: UTF8.self)) }
        return Listing(paths: paths.sorted(), untracked: untracked.sorted())
    }

    /// True when no folder on the path is hidden or skipped, and the file name is one Trellis reads.
    public static func isCandidate(_ path: String) -> Bool {
        // The name first: most paths git lists are source files, rejected without splitting.
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? Substring(path)
        guard isManifestName(name) else { return false }
        return !path.utf8.split(separator: slash).dropLast().contains(where: isHiddenOrSkippedName)
    }

    private static let slash = UInt8(ascii: "/")
    private static let skippedNames = skippedFolders.map { Array($0.utf8) }

    /// True for a folder name (UTF-8) that is hidden or skipped; compares bytes, allocating nothing,
    /// since a listing asks for every folder of the work tree (40,000 at 10,000 modules).
    private static func isHiddenOrSkippedName(_ name: Substring.UTF8View) -> Bool {
        name.first == UInt8(ascii: ".") || skippedNames.contains { $0.elementsEqual(name) }
    }

    /// Tracked and untracked-but-not-ignored files from git; nil when `root` is not in a work tree.
    /// `work` gets the tracked files while git still walks the work tree for the others.
    private func gitFiles(whileWalking work: ([String]) throws -> Void) throws -> (
        paths: [String], untracked: [String], watched: [String]
    )? {
        // Two listings, one walk of the work tree: every tracked file (the index, fast; filtered
        // here, since wildcard pathspecs made git 3.5x slower: 169 ms against 48 ms for 40,000
        // files), and the untracked files with wholly untracked folders collapsed to "folder/" —
        // which is also how a nested repository (a folder with its own .git) shows up. Those
        // folders are walked here. The walk (0.6 s of kernel time in git at 10,000 modules) runs
        // while the index is read and `work` runs.
        let others =
            GitCommand.git + [
                "-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard", "--directory",
            ]
        let root = self.root
        nonisolated(unsafe) var nested = Data()
        let walk = DispatchGroup()
        walk.enter()
        DispatchQueue.global().async {
            nested = (try? Subprocess.run(others, in: root))?.stdout ?? Data()
            walk.leave()
        }
        defer { walk.wait() }
        let tracked = GitCommand.git + ["-c", "core.quotePath=false", "ls-files", "-z", "--cached"]
        guard let result = try? Subprocess.run(tracked, in: root), result.status == 0 else { return nil }
        var seen = Set<String>()
        var paths: [String] = []
        var folders: Set<String> = ["."]
        var ignoreFiles: [String] = []
        var last = "."
        for entry in result.stdout.split(separator: 0) {
            let path = String(decoding: entry, as: UTF8.self)
            if path.hasSuffix(".gitignore") { ignoreFiles.append(path) }
            Self.addFolders(of: path, to: &folders, last: &last)
            // --cached lists files deleted from the work tree.
            guard Self.isCandidate(path), seen.insert(path).inserted,
                FileManager.default.fileExists(atPath: "\(root)/\(path)")
            else { continue }
            paths.append(path)
        }
        try work(paths)
        walk.wait()
        var untracked: [String] = []
        for entry in nested.split(separator: 0) {
            let path = String(decoding: entry, as: UTF8.self)
            if path.hasSuffix(".gitignore") { ignoreFiles.append(path) }
            if path.hasSuffix("/") {
                // "./": the root itself is untracked (a folder of a work tree not yet added).
                let folder = path == "./" ? "" : String(path.dropLast())
                if folder.isEmpty || !Self.isHiddenOrSkipped(folder) {
                    var walked: [String] = []
                    untracked += try walkedFiles(below: folder, folders: &walked).filter { seen.insert($0).inserted }
                    folders.formUnion(walked)
                    Self.addFolders(of: folder, to: &folders)
                }
            } else {
                Self.addFolders(of: path, to: &folders)
                if Self.isCandidate(path), seen.insert(path).inserted { untracked.append(path) }
            }
        }
        let watched = folders.filter { !Self.isHiddenOrSkipped($0) }.sorted() + ignoreFiles.sorted() + Self.excludeFiles
        return (paths + untracked, untracked, watched)
    }

    /// The ignore rules outside the tree's `.gitignore` files: the repository's `info/exclude`
    /// and the user's default excludes file (a `core.excludesFile` set elsewhere is not watched).
    private static var excludeFiles: [String] {
        [
            ".git/info/exclude",
            ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"].map { "\($0)/git/ignore" }
                ?? ProcessInfo.processInfo.environment["HOME"].map { "\($0)/.config/git/ignore" } ?? "",
        ].filter { !$0.isEmpty }
    }

    /// Adds every folder above `path` (a file, or a folder itself when `path` is one) to `folders`.
    /// git lists a folder's files together: `last` (the folder added for the previous path) spares
    /// the copy and the set lookup of the folder each time.
    private static func addFolders(of path: String, to folders: inout Set<String>, last: inout String) {
        if let slash = path.utf8.lastIndex(of: slash), path.utf8[..<slash].elementsEqual(last.utf8) { return }
        addFolders(of: path, to: &folders)
        last = RelativePath.parent(of: path)
    }

    /// Adds every folder above `path` (a file, or a folder itself when `path` is one) to `folders`.
    private static func addFolders(of path: String, to folders: inout Set<String>) {
        var folder = RelativePath.parent(of: path)
        while folder != ".", folders.insert(folder).inserted {
            folder = RelativePath.parent(of: folder)
        }
    }

    private static func isHiddenOrSkipped(_ folder: String) -> Bool {
        folder != "." && folder.utf8.split(separator: slash).contains(where: isHiddenOrSkippedName)
    }

    private func walkedFiles(below start: String = "", folders: inout [String]) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root) else {
            throw DiscoveryError.unreadableRoot(root)
        }
        var paths: [String] = []
        var stack = [start]
        while let folder = stack.popLast() {
            folders.append(folder.isEmpty ? "." : folder)
            let absolute = folder.isEmpty ? root : "\(root)/\(folder)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { continue }
            for name in names {
                let relative = folder.isEmpty ? name : "\(folder)/\(name)"
                // lstat: a symbolic link to a folder is not entered (git lists it as one file, and a
                // link cycle would never end); a link to a file is read like the file (unless it
                // leads out of the root: `SymbolicLink`). Not FileManager's attributes, which look
                // up the owner's name in /etc/passwd and /etc/group for every file.
                var info = stat()
                guard lstat("\(absolute)/\(name)", &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if !name.hasPrefix(".") && !Self.skippedFolders.contains(name) { stack.append(relative) }
                } else if Self.isManifestName(name) {
                    paths.append(relative)
                }
            }
        }
        return paths
    }
}

/// Why the repository could not be read.
public enum DiscoveryError: Error, CustomStringConvertible {
    case unreadableRoot(String)
    public var description: String {
        switch self {
        case .unreadableRoot(let root): "cannot read the repository at \(root)"
        }
    }
}
