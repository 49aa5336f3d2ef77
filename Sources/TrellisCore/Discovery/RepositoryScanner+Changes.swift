import Foundation

extension RepositoryScanner {
    /// Re-reads only the manifests of the folders whose files changed content (`changed`: path →
    /// new text; no file added or removed since the `recorded` snapshot), and resolves what they
    /// can reach against the recorded modules (`ResolvedRepository`, seeded from `recorded`).
    /// Returns the patch and how many manifest files were parsed, or nil when the change may
    /// reach other manifests, where only a whole scan is right.
    public func patch(
        changing changed: [String: ManifestText], listing: ManifestDiscovery.Listing,
        recorded: ResolvedRepository.Recorded
    ) -> (patch: SnapshotPatch, parsed: Int)? {
        let configuration = configuration()
        let listed = Dictionary(grouping: listing.paths, by: RelativePath.parent)
        let read = { (path: String) in changed[path] ?? self.read(path) }
        var parsed = 0
        let readManifests = { (folders: Set<String>) -> [Manifest] in
            let paths = folders.flatMap { listed[$0] ?? [] }.filter { !$0.isLockFilePath }
            parsed += paths.filter { ManifestKind.of(path: $0) == .pyproject }.count
            return ManifestReader().read(paths: paths, readFile: read).filter { !configuration.isExcluded($0.file) }
        }
        let folders = Set(changed.keys.map(RelativePath.parent))
        var state = ResolvedRepository(
            resolver: SnapshotResolver(rootPath: root, configuration: configuration), recorded: recorded,
            listed: listed.keys)
        guard
            var patch = state.update(
                folders: folders, manifests: readManifests(folders), lockFiles: changed.keys.filter(\.isLockFilePath),
                readFile: { read($0)?.text }, readManifests: readManifests)
        else { return nil }
        // A link out of the root is found by listing, not by reading (nor stamped): a folder read
        // again dropped its finding, and a removed link kept it. Each recorded one holds exactly
        // as long as its link still leads out of the root.
        let links = recorded.diagnostics.filter { finding in
            finding.code == .symlinkOutsideRoot
                && SymbolicLink.outsideTarget(of: "\(root)/\(finding.file)", root: root) != nil
        }
        patch.diagnostics = ResolvedRepository.sortedFindings(
            patch.diagnostics.filter { $0.code != .symlinkOutsideRoot } + links)
        return (patch, parsed)
    }
}
