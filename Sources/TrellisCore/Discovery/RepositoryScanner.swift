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

    /// What a scan read and what it found.
    public struct Outcome: Sendable {
        public var snapshot: Snapshot
        /// Every file read, with its content hash.
        public var files: [FileStamp]
        /// The files read that git does not track yet.
        public var untracked: [String]
    }

    /// The configuration from `trellis.toml` or the root `pyproject.toml`'s `[tool.trellis]`.
    public func configuration() -> TrellisConfiguration {
        TrellisConfiguration.read(read)
    }

    /// The files to read, as discovery finds them under the current configuration.
    public func listing() throws -> ManifestDiscovery.Listing {
        try ManifestDiscovery(root: root, useGit: useGit).listing(excluding: configuration())
    }

    /// The listing of `paths`, known to be every file there is (`ManifestDiscovery.listing(of:)`).
    public func listing(of paths: [String]) -> ManifestDiscovery.Listing {
        ManifestDiscovery(root: root, useGit: useGit).listing(of: paths)
    }

    /// Size and modification time of each listed file (no hash).
    public func stamps(of listing: ManifestDiscovery.Listing) -> [FileStamp] {
        listing.paths.compactMap { FileStamp.stat($0, absolutePath: "\(root)/\($0)") }
    }

    /// Reads and resolves every manifest. A manifest that cannot be read keeps the state it had in
    /// `previous()` (the last recorded snapshot, asked for only then), so one broken file loses nothing.
    /// `listing` is discovery's answer when the caller already has it (a refresh that found a change).
    public func scan(listing known: ManifestDiscovery.Listing? = nil, previous: () throws -> Snapshot? = { nil }) throws
        -> Outcome
    {
        let configuration = configuration()
        let listing = try known ?? ManifestDiscovery(root: root, useGit: useGit).listing(excluding: configuration)
        let paths = listing.paths
        // Reading, hashing and (below) parsing are independent per file: both cores share them.
        let root = self.root
        // Lock files are hashed but not kept: they can be large (a torch lock is ~1 MB) and are read
        // again only when an absolute URL from another machine needs one.
        let read = parallelMap(paths) { path -> (FileStamp, String?)? in
            guard var stamp = FileStamp.stat(path, absolutePath: "\(root)/\(path)"),
                let data = FileManager.default.contents(atPath: "\(root)/\(path)")
            else { return nil }
            stamp.hash = FileStamp.hash(data)
            return (stamp, path.isLockFilePath ? nil : String(decoding: data, as: UTF8.self))
        }
        var contents: [String: String] = [:]
        var stamps: [FileStamp] = []
        for case let (stamp, text)? in read {
            stamps.append(stamp)
            contents[stamp.path] = text
        }
        let manifests = ManifestReader().read(paths: paths) { contents[$0] }
        let readLock = { (path: String) in path.isLockFilePath ? self.read(path) : nil }
        let snapshot = try SnapshotResolver(rootPath: root, configuration: configuration)
            .resolve(manifests, readFile: { contents[$0] ?? readLock($0) }, previous: previous)
        return Outcome(snapshot: snapshot, files: stamps, untracked: listing.untracked)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: "\(root)/\(path)").map { String(decoding: $0, as: UTF8.self) }
    }
}
