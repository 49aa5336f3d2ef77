/// The files a change touches, read from git: what `affected` starts from.
public struct GitChanges: Sendable {
    /// The repository root Trellis works on (possibly a folder inside a larger git work tree).
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// Why git could not say what changed.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Files changed since the merge base of HEAD and `ref` (committed on this branch, staged,
    /// unstaged and untracked), or with `ref` nil only the uncommitted changes against HEAD.
    /// Paths are relative to `root`; files outside it are left out. A rename counts as a deletion
    /// and an addition, so both owners are affected.
    public func changedFiles(since ref: String?) throws(Failure) -> [String] {
        var base = "HEAD"
        if let ref {
            let mergeBase = try git(["merge-base", ref, "HEAD"], what: "find the merge base of \(ref) and HEAD")
            base = mergeBase.trimmed()
        } else if (try? git(["rev-parse", "--verify", "-q", "HEAD"], what: "")) == nil {
            // No commit yet: everything tracked or not is new.
            return try listed(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).filter {
                !$0.hasPrefix(".trellis/")
            }
        }
        // `--relative` keeps paths relative to (and inside) the root when it is a subfolder of the work tree.
        // Against the work tree, git hashes the files whose stat changed, through their clean filters.
        let changed = try listed(
            GitCommand.withoutFilters(in: root) + [
                "diff", "--name-only", "--no-renames", "--relative", "-z", base, "--",
            ])
        let untracked = try listed(["ls-files", "-z", "--others", "--exclude-standard"])
        // The registry's own folder (`.trellis/registry.sqlite`, untracked unless ignored) is no change.
        return Array(Set(changed + untracked)).filter { !$0.hasPrefix(".trellis/") }.sorted()
    }

    private func listed(_ arguments: [String]) throws(Failure) -> [String] {
        try git(arguments, what: "list changed files").split(separator: "\0").map(String.init).filter { !$0.isEmpty }
    }

    private func git(_ arguments: [String], what: String) throws(Failure) -> String {
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(GitCommand.git + ["-c", "core.quotepath=off"] + arguments, in: root)
        } catch {
            throw Failure(message: "cannot run git to \(what): \(error)")
        }
        guard result.status == 0 else {
            let reason =
                result.stderr.trimmed().split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
            throw Failure(message: "git could not \(what) in \(root): \(reason)")
        }
        return result.output
    }
}
