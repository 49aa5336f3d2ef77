import Foundation
import TrellisCore

/// A repository and its registry: scanning the working tree into the store, and keeping the
/// store fresh before queries.
public struct Registry: Sendable {
    public let store: RegistryStore
    public let scanner: RepositoryScanner

    public init(store: RegistryStore, scanner: RepositoryScanner) {
        self.store = store
        self.scanner = scanner
    }

    /// What a scan found and recorded.
    public struct ScanReport: Sendable {
        public var snapshot: Snapshot
        public var ingest: IngestResult
        /// How many manifest files were parsed.
        public var parsedFiles: Int
    }

    /// Reads the working tree and records a snapshot when the graph changed. A manifest that is
    /// not valid TOML keeps the state of the last snapshot; the report carries its diagnostic.
    /// `listing` is discovery's answer when the caller already has it.
    public func scan(listing: ManifestDiscovery.Listing? = nil) throws -> ScanReport {
        let store = self.store
        let outcome = try scanner.scan(listing: listing, previous: {
            Snapshot(modules: try store.modules(), edges: try store.edges(), requirements: try store.requirements())
        })
        let parsed = outcome.files.filter { $0.path.hasSuffix("pyproject.toml") }.count
        let git = GitWorkTree(root: scanner.root)
        let origin = SnapshotOrigin(source: .worktree, commit: git.head(), dirty: !outcome.untracked.isEmpty || git.hasTrackedManifestChanges())
        let result = try store.ingest(outcome.snapshot, origin: origin, files: outcome.files)
        return ScanReport(snapshot: outcome.snapshot, ingest: result, parsedFiles: parsed)
    }

    /// What the freshness check did before a query.
    public enum Refresh: Sendable {
        /// Every file has the size and modification time the last scan saw.
        case fresh
        /// Files were touched but their content is the same; only the stamps were updated.
        case touched
        /// Something changed and the working tree was scanned again.
        case scanned(ScanReport)
    }

    /// The stat walk of DESIGN.md: lists the manifests, compares size and modification time
    /// with the last scan, hashes only the files that look changed, and scans when content differs.
    public func refresh() throws -> Refresh {
        // One discovery serves both the comparison and, when something changed, the scan.
        let listing = try scanner.listing()
        let rescan = { () throws -> Refresh in .scanned(try scan(listing: listing)) }
        let current = scanner.stamps(of: listing)
        var stored: [String: FileStamp] = [:]
        for stamp in try store.fileStamps() { stored[stamp.path] = stamp }
        if try store.latestSnapshot() == nil { return try rescan() }
        guard current.count == stored.count else { return try rescan() }
        var touched: [FileStamp] = []
        for stamp in current {
            guard let old = stored[stamp.path] else { return try rescan() }
            if old.size == stamp.size && old.modified == stamp.modified { continue }
            guard old.size == stamp.size,
                  let data = FileManager.default.contents(atPath: "\(scanner.root)/\(stamp.path)"),
                  FileStamp.hash(data) == old.hash else { return try rescan() }
            touched.append(FileStamp(path: stamp.path, size: stamp.size, modified: stamp.modified, hash: old.hash))
        }
        if touched.isEmpty { return .fresh }
        try store.updateFileStamps(touched)
        return .touched
    }
}
