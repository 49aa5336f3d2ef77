/// Facts about the git work tree a scan reads, recorded with each snapshot.
public struct GitWorkTree: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The HEAD commit id, or nil outside git or before the first commit.
    public func head() -> String? {
        guard let result = try? Subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], in: root),
              result.status == 0 else { return nil }
        return result.output.trimmed()
    }

    /// True when a file Trellis reads differs from HEAD (modified, added or untracked).
    public func isDirty() -> Bool {
        var arguments = ["git", "status", "--porcelain", "--untracked-files=all", "--"]
        arguments += ManifestDiscovery.pathspecs
        guard let result = try? Subprocess.run(arguments, in: root), result.status == 0 else { return false }
        return !result.output.trimmed().isEmpty
    }
}
