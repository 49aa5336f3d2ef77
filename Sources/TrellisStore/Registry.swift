import Foundation
import TrellisCore

/// The engine's entry point: a repository and its registry store, and everything that writes
/// the store from the repository. The CLI opens one per command (`CommandContext`) and asks it to
///
/// - `scan()`: list the work tree (`RepositoryScanner`), compare every file's size, modification
///   time and, only where those moved, content hash with the stamps of the last scan, resolve
///   only what changed (`ResolvedRepository`, seeded from the store) or everything, and record
///   a snapshot at the work tree's git HEAD (`GitWorkTree`) when the graph changed;
/// - `refresh()`: the freshness check before a query (stat the watched folders and the
///   manifests, `freshness()`, which a read-only store can answer; scan only when content changed);
/// - `importGit(ref:since:progress:)` (Registry+History.swift): record one snapshot per commit
///   (`CommitSnapshotBuilder`), and `snapshotID(for:)`: find the snapshot `--at` names.
///
/// Reads go through `RegistryView` (the store at one snapshot); SQL stays in `RegistryStore`.
public struct Registry: Sendable {
    public let store: RegistryStore
    public let scanner: RepositoryScanner

    public init(store: RegistryStore, scanner: RepositoryScanner) {
        self.store = store
        self.scanner = scanner
    }

    /// What a scan found and recorded.
    public struct ScanReport: Sendable {
        /// The whole snapshot read, or nil when only a patch was resolved (the store has the rest).
        public var snapshot: Snapshot?
        /// How many modules, path edges and requirements the repository has now.
        public var counts: RegistryStore.Counts
        /// Every diagnostic of the repository now.
        public var diagnostics: [Diagnostic]
        public var ingest: IngestResult
        /// How many `pyproject.toml` files the repository has.
        public var manifests: Int
        /// How many of them were parsed: all of them, or only what changed since the last scan.
        public var parsedFiles: Int
    }

    /// Reads the working tree and records a snapshot when the graph changed. When the registry
    /// has a snapshot and no manifest was added or removed since, only the files whose content
    /// changed are parsed, and only the manifests they can reach resolved
    /// (`RepositoryScanner.patch`, through `ResolvedRepository`); `full` (or a change that may
    /// reach other manifests) reads everything. A manifest that is not valid TOML keeps the state
    /// of the last snapshot; the report carries its diagnostic. `listing` is discovery's answer
    /// when the caller has it.
    /// `progress` hears the stages of a whole scan (an incremental one is quick and says nothing).
    public func scan(
        listing known: ManifestDiscovery.Listing? = nil, full: Bool = false,
        progress: (RepositoryScanner.Stage) -> Void = { _ in }
    ) throws -> ScanReport {
        // With nothing to compare, the listing is the scan's own: it reads the tracked files while
        // git lists the untracked ones.
        if known == nil, try full || store.latestSnapshot() == nil { return try scanAll(nil, progress: progress) }
        let listing = try known ?? list()
        if !full, let comparison = try compare(listing), let report = try scanChanges(listing, comparison) {
            return report
        }
        return try scanAll(listing, progress: progress)
    }

    /// Reads and resolves every listed file; without `known`, lists them first (remembering the
    /// folders the listing depended on, as `list()` does).
    private func scanAll(
        _ known: ManifestDiscovery.Listing?, progress: (RepositoryScanner.Stage) -> Void = { _ in }
    ) throws -> ScanReport {
        let store = self.store
        let started = Date()
        let outcome = try scanner.scan(
            listing: known,
            previous: {
                Snapshot(modules: try store.modules(), edges: try store.edges(), requirements: try store.requirements())
            }, progress: progress)
        let listing = outcome.listing
        if known == nil {
            try store.replaceWatchedPaths(WatchedPaths.stamps(listing.watched, root: scanner.root, listedAt: started))
        }
        let parsed = outcome.files.filter { ManifestKind.of(path: $0.path) == .pyproject }.count
        let result = try store.ingest(outcome.snapshot, origin: origin(of: listing), files: outcome.files)
        let snapshot = outcome.snapshot
        let counts = RegistryStore.Counts(
            modules: snapshot.modules.count, edges: snapshot.edges.count, requirements: snapshot.requirements.count)
        return ScanReport(
            snapshot: snapshot, counts: counts, diagnostics: snapshot.diagnostics, ingest: result, manifests: parsed,
            parsedFiles: parsed)
    }

    /// The listed files against the stamps of the last scan.
    private struct Comparison {
        /// Files whose content changed: path → new text.
        var changed: [String: ManifestText] = [:]
        /// Every file's stamp now, with its content hash.
        var stamps: [FileStamp] = []
        /// Files with another size or modification time but the same content.
        var touched: [FileStamp] = []
    }

    /// Compares the listed files with the recorded stamps, hashing only the files whose size or
    /// modification time changed; nil when there is no snapshot yet, or a file was added,
    /// removed or cannot be read.
    /// `current` holds the listed files' stamps when the caller has just taken them.
    private func compare(_ listing: ManifestDiscovery.Listing, current known: [FileStamp]? = nil) throws -> Comparison?
    {
        guard try store.latestSnapshot() != nil else { return nil }
        var stored: [String: FileStamp] = [:]
        for stamp in try store.fileStamps() { stored[stamp.path] = stamp }
        let current: [FileStamp]
        if let known {
            current = known
        } else {
            let taken = scanner.stamps(of: listing)
            // A link out of the root is never stamped; one added or removed needs a scan, the
            // only place its finding comes from.
            guard taken.outsideLinks == (try store.diagnosticFiles(.symlinkOutsideRoot)) else { return nil }
            current = taken.stamps
        }
        guard current.count == stored.count else { return nil }
        var comparison = Comparison()
        for var stamp in current {
            guard let old = stored[stamp.path] else { return nil }
            stamp.hash = old.hash
            if old.size != stamp.size || old.modified != stamp.modified {
                guard let data = FileManager.default.contents(atPath: "\(scanner.root)/\(stamp.path)") else {
                    return nil
                }
                stamp.hash = FileStamp.hash(data)
                if stamp.hash != old.hash {
                    comparison.changed[stamp.path] = ManifestText(decoding: data, path: stamp.path)
                } else {
                    comparison.touched.append(stamp)
                }
            }
            comparison.stamps.append(stamp)
        }
        return comparison
    }

    /// The scan of only what `comparison` found changed; nil when a change may reach other
    /// manifests, so that a whole scan is needed.
    private func scanChanges(_ listing: ManifestDiscovery.Listing, _ comparison: Comparison) throws -> ScanReport? {
        let recorded = ResolvedRepository.Recorded(modules: try store.modules(), diagnostics: try store.diagnostics())
        guard let (patch, parsed) = scanner.patch(changing: comparison.changed, listing: listing, recorded: recorded)
        else { return nil }
        let result = try store.ingest(.patch(patch), origin: origin(of: listing), files: comparison.stamps)
        let manifests = listing.paths.filter { ManifestKind.of(path: $0) == .pyproject }.count
        return ScanReport(
            snapshot: nil, counts: try store.counts(), diagnostics: patch.diagnostics, ingest: result,
            manifests: manifests, parsedFiles: parsed)
    }

    /// A worktree snapshot at HEAD, dirty when a listed file is untracked or a tracked one edited.
    private func origin(of listing: ManifestDiscovery.Listing) -> SnapshotOrigin {
        let git = GitWorkTree(root: scanner.root)
        return SnapshotOrigin(
            source: .worktree, commit: git.head(), dirty: !listing.untracked.isEmpty || git.hasTrackedManifestChanges())
    }

    /// What the freshness check did before a query.
    public enum Refresh: Sendable {
        /// Every file has the size and modification time the last scan saw. `listed` is false when
        /// no watched folder or ignore file changed either, so the work tree was not listed again.
        case fresh(listed: Bool)
        /// Files were touched but their content is the same; only the stamps were updated.
        case touched
        /// Something changed and the working tree was scanned again.
        case scanned(ScanReport)
    }

    /// Lists the files to read, and remembers which folders and ignore files the listing
    /// depended on, for the next refresh.
    private func list() throws -> ManifestDiscovery.Listing {
        let started = Date()
        let listing = try scanner.listing()
        try store.replaceWatchedPaths(WatchedPaths.stamps(listing.watched, root: scanner.root, listedAt: started))
        return listing
    }

    /// What the stat of the watched folders, ignore files and manifests found, before any listing.
    public enum Freshness: Sendable {
        /// Nothing moved: the registry is current.
        case fresh
        /// No watched folder or ignore file changed, but these manifests have another size or
        /// modification time: their stamps now.
        case manifestsMoved([FileStamp])
        /// A watched path changed, or nothing is recorded yet: the work tree must be listed again.
        case relist
    }

    /// The stat walk of docs/ARCHITECTURE.md ("Freshness"), without writing: every watched folder
    /// and ignore file, then (only when none changed) every manifest, each stat'ed once. Needs
    /// only a read-only store, so a fresh registry is answered without opening it for writing.
    public func freshness() throws -> Freshness {
        let root = scanner.root
        let found = try store.withFreshnessStamps { watched, manifests -> Freshness in
            guard let folders = WatchedPaths.moved(in: watched, root: root, firstOnly: true), folders.isEmpty else {
                return .relist
            }
            let moved = try manifests().withUnsafeBytes { WatchedPaths.moved(in: $0, root: root, firstOnly: false) }
            guard let moved else { return .relist }
            return moved.isEmpty ? .fresh : .manifestsMoved(moved)
        }
        return found ?? .relist
    }

    /// The freshness check before a query: `freshness()` (or what the caller found with it), and
    /// when something moved, a listing (only when a watched path changed), a comparison of size
    /// and modification time with the last scan, a hash of only the files that look changed, and
    /// a scan when content differs.
    public func refresh(after checked: Freshness? = nil) throws -> Refresh {
        var known: ManifestDiscovery.Listing?
        var current: [FileStamp]?
        switch try checked ?? freshness() {
        case .fresh: return .fresh(listed: false)
        case .manifestsMoved(let moved):
            // No folder changed, so no file appeared or vanished: the recorded files are the
            // listing, and the stamps just taken are the ones to compare (no second stat).
            let stored = try store.fileStamps()
            let listing = scanner.listing(of: stored.map(\.path))
            var now: [String: FileStamp] = [:]
            for stamp in stored {
                now[stamp.path] = FileStamp(path: stamp.path, size: stamp.size, modified: stamp.modified)
            }
            for stamp in moved { now[stamp.path] = stamp }
            // A manifest that is now a folder or missing is left out, as a listing would leave it.
            current = listing.paths.compactMap { now[$0] }.filter { $0.size >= 0 }
            known = listing
        case .relist: break
        }
        // One discovery serves both the comparison and, when something changed, the scan.
        let listing = try known ?? list()
        guard let comparison = try compare(listing, current: current) else { return .scanned(try scanAll(listing)) }
        if !comparison.changed.isEmpty { return .scanned(try scanChanges(listing, comparison) ?? scanAll(listing)) }
        if comparison.touched.isEmpty { return .fresh(listed: true) }
        try store.updateFileStamps(comparison.touched)
        return .touched
    }
}
