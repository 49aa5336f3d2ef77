import Foundation

/// Reads the working tree of a repository into a `Snapshot`: discovery, parsing, resolution.
public struct RepositoryScanner: Sendable {
    /// Absolute path of the repository root.
    public let root: String
    public var useGit: Bool

    public init(root: String, useGit: Bool = true) {
        self.root = root
        self.useGit = useGit
    }

    /// The stage a whole scan is at, for a progress line: listing the files, reading and hashing
    /// them, resolving the manifests into a snapshot.
    public enum Stage: Sendable, Equatable {
        case listing
        case reading(files: Int)
        case resolving(manifests: Int)
    }

    /// What a scan read and what it found.
    public struct Outcome: Sendable {
        public var snapshot: Snapshot
        /// Every file read, with its content hash.
        public var files: [FileStamp]
        /// The files read that git does not track yet.
        public var untracked: [String]
        /// What discovery listed (the caller's listing when it gave one).
        public var listing: ManifestDiscovery.Listing
    }

    /// The configuration from `trellis.toml` or the root `pyproject.toml`'s `[tool.trellis]`.
    public func configuration() -> TrellisConfiguration {
        TrellisConfiguration.read { read($0)?.text }
    }

    /// The same configuration with where each setting comes from and what was not understood.
    public func configurationReading() -> ConfigurationReading {
        ConfigurationReading.read { read($0)?.text }
    }

    /// The files to read, as discovery finds them under the current configuration.
    public func listing() throws -> ManifestDiscovery.Listing {
        try ManifestDiscovery(root: root, useGit: useGit).listing(excluding: configuration())
    }

    /// The listing of `paths`, known to be every file there is (`ManifestDiscovery.listing(of:)`).
    public func listing(of paths: [String]) -> ManifestDiscovery.Listing {
        ManifestDiscovery(root: root, useGit: useGit).listing(of: paths)
    }

    /// Size and modification time of each listed file (no hash), as a scan stamps them; the
    /// listed symbolic links out of the root are not stamped (a scan never opens them) but named.
    public func stamps(of listing: ManifestDiscovery.Listing) -> (stamps: [FileStamp], outsideLinks: Set<String>) {
        var stamps: [FileStamp] = []
        var links = Set<String>()
        for path in listing.paths {
            switch Self.status(of: path, root: root) {
            case .file(let stamp): stamps.append(stamp)
            case .outside: links.insert(path)
            case nil: continue
            }
        }
        return (stamps, links)
    }

    /// What a listed file is to a scan.
    private enum Status {
        case file(FileStamp)
        /// A symbolic link out of the root, to `target`.
        case outside(target: String)
    }

    /// One `lstat` tells a regular file's stamp; a link is followed when it stays inside the
    /// root. Nil for what is neither (gone, a folder, a dangling link).
    private static func status(of path: String, root: String) -> Status? {
        let absolute = "\(root)/\(path)"
        var info = stat()
        guard lstat(absolute, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return .file(FileStamp(path: path, size: Int64(info.st_size), modified: modificationTime(info)))
        case S_IFLNK:
            if let target = SymbolicLink.outsideTarget(ofLink: absolute, root: root) { return .outside(target: target) }
            return FileStamp.stat(path, absolutePath: absolute).map(Status.file)
        default:
            return nil
        }
    }

    /// Reads and resolves every manifest. A manifest that cannot be read keeps the state it had in
    /// `previous()` (the last recorded snapshot, asked for only then), so one broken file loses nothing.
    /// `listing` is discovery's answer when the caller already has it (a refresh that found a change);
    /// without it, the tracked manifests are read and parsed while git lists the untracked files.
    /// `progress` hears each stage as it starts.
    public func scan(
        listing known: ManifestDiscovery.Listing? = nil, previous: () throws -> Snapshot? = { nil },
        progress: (Stage) -> Void = { _ in }
    ) throws -> Outcome {
        let configuration = configuration()
        var listing: ManifestDiscovery.Listing
        var files: ReadFiles
        var parsed: [String: Manifest?] = [:]
        if let known {
            listing = known
            progress(.reading(files: known.paths.count))
            files = read(files: known.paths)
        } else {
            progress(.listing)
            let discovery = ManifestDiscovery(root: root, useGit: useGit)
            let early = try discovery.listing(excluding: configuration) { tracked in
                let files = read(files: tracked)
                return (files, ManifestReader().readFolders(paths: tracked) { files.texts[$0] })
            }
            listing = early.listing
            files = early.work.0
            let readEarly = Set(files.stamps.map(\.path))
            let untracked = listing.paths.filter { !readEarly.contains($0) }
            files.merge(read(files: untracked))
            files.stamps.sort { $0.path < $1.path }
            // A folder with a file the early pass did not have, or that asked for a file it did
            // not find (a requirements file may name one elsewhere), is parsed again.
            let later = Set(untracked.map(RelativePath.parent(of:)))
            for (folder, folderRead) in early.work.1 where !folderRead.missedFile && !later.contains(folder) {
                parsed[folder] = folderRead.manifest
            }
        }
        let texts = files.texts
        progress(.resolving(manifests: listing.paths.count))
        let manifests = ManifestReader().read(paths: listing.paths, readFile: { texts[$0] }, parsed: parsed)
        let readLock = { (path: String) in path.isLockFilePath ? self.read(path)?.text : nil }
        var snapshot = try SnapshotResolver(rootPath: root, configuration: configuration)
            .resolve(
                manifests, readFile: { texts[$0]?.text ?? readLock($0) }, concurrentReads: true, previous: previous)
        if !files.outside.isEmpty {
            let links = files.outside.map { path, target in
                Diagnostic(
                    .symlinkOutsideRoot, file: path,
                    "is a symbolic link to \(target), outside the repository root; it is not read")
            }
            snapshot.diagnostics = ResolvedRepository.sortedFindings(snapshot.diagnostics + links)
        }
        return Outcome(snapshot: snapshot, files: files.stamps, untracked: listing.untracked, listing: listing)
    }

    /// The files read: their stamps with the content hash, and the text of each manifest.
    struct ReadFiles {
        var stamps: [FileStamp] = []
        var texts: [String: ManifestText] = [:]
        /// Listed files that are symbolic links out of the root (path → target): never opened.
        var outside: [String: String] = [:]

        mutating func merge(_ other: ReadFiles) {
            stamps += other.stamps
            texts.merge(other.texts) { $1 }
            outside.merge(other.outside) { $1 }
        }
    }

    /// Reads and hashes `paths` on every core (they are independent). Lock files are hashed but
    /// not kept: they can be large (a torch lock is ~1 MB) and are read again only when an
    /// absolute URL from another machine needs one. A symbolic link out of the root is not read
    /// (`SymbolicLink`); `lstat` tells a link from a file at no extra cost for the files.
    private func read(files paths: [String]) -> ReadFiles {
        let root = self.root
        enum Read {
            case file(FileStamp, ManifestText?)
            case outside(String, target: String)
        }
        let read = parallelMap(paths) { path -> Read? in
            switch Self.status(of: path, root: root) {
            case .outside(let target):
                return .outside(path, target: target)
            case .file(var stamp):
                guard let data = FileManager.default.contents(atPath: "\(root)/\(path)") else { return nil }
                stamp.hash = FileStamp.hash(data)
                return .file(stamp, path.isLockFilePath ? nil : ManifestText(decoding: data, path: path))
            case nil:
                return nil
            }
        }
        var files = ReadFiles()
        files.stamps.reserveCapacity(read.count)
        for case let read? in read {
            switch read {
            case .file(let stamp, let text):
                files.stamps.append(stamp)
                files.texts[stamp.path] = text
            case .outside(let path, let target):
                files.outside[path] = target
            }
        }
        return files
    }

    /// The text of the repository-relative `path`; nil when it does not exist or is a symbolic
    /// link out of the root.
    func read(_ path: String) -> ManifestText? {
        let absolute = "\(root)/\(path)"
        guard SymbolicLink.outsideTarget(of: absolute, root: root) == nil else { return nil }
        return FileManager.default.contents(atPath: absolute).map { ManifestText(decoding: $0, path: path) }
    }
}
