/// Facts about the git work tree a scan reads, recorded with each snapshot.
public struct GitWorkTree: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The HEAD commit id, or nil outside git or before the first commit.
    public func head() -> String? {
        guard let result = try? Subprocess.run(GitCommand.git + ["rev-parse", "--verify", "-q", "HEAD"], in: root),
            result.status == 0
        else { return nil }
        return result.output.trimmed()
    }

    /// True when a tracked file Trellis reads differs from HEAD (staged or not). Untracked
    /// manifests are known from discovery (`ManifestDiscovery.Listing.untracked`), so this asks
    /// git only about tracked files: `diff-index` stats those, where `git status` would walk the tree.
    public func hasTrackedManifestChanges() -> Bool {
        let arguments =
            GitCommand.git + GitCommand.withoutFilters(in: root) + ["diff-index", "--quiet", "HEAD", "--"]
            + ManifestDiscovery.pathspecs
        guard let result = try? Subprocess.run(arguments, in: root) else { return false }
        return result.status == 1
    }
}
