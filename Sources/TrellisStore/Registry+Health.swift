import TrellisCore

extension Registry {
    /// The recorded commit snapshots against git's first-parent chain of HEAD: how many of them,
    /// read in snapshot order, come before a commit recorded earlier (0 when they are in commit
    /// order); nil when the root is not in a git work tree or records no commit. Commits that are
    /// not on HEAD's chain (another branch was imported) are not compared.
    public func commitsOutOfOrder() throws -> Int? {
        let recorded = try store.recordedCommits()
        guard !recorded.isEmpty, let chain = try? GitHistory(root: scanner.root).firstParentChain("HEAD") else {
            return nil
        }
        let position = Dictionary(chain.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var last = -1
        var outOfOrder = 0
        for commit in recorded {
            guard let index = position[commit] else { continue }
            if index <= last { outOfOrder += 1 } else { last = index }
        }
        return outOfOrder
    }
}
