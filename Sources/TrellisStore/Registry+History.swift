import Foundation
import TrellisCore

extension Registry {
    /// What `import-git` did.
    public struct ImportReport: Sendable {
        /// Commits of the first-parent chain that changed a manifest and were new to the registry.
        public var imported: Int
        /// Manifest commits already in the registry, skipped.
        public var skipped: Int
        /// How many files were read from git (only the files each commit changed).
        public var filesRead: Int
        /// True when the new commits were older than snapshots already recorded, so the history
        /// was rebuilt in chronological order.
        public var rewritten: Bool
    }

    /// Records one snapshot per commit of the first-parent chain of `ref` that changed a file
    /// Trellis reads (after `since`, when given), with its author, date and subject. Incremental:
    /// commits already recorded are skipped; idempotent: a second run changes nothing.
    /// `progress(done, total)` is called after each commit.
    ///
    /// The registry's snapshots are read before the write transaction starts (the commits are
    /// built from git while they are recorded); when another process records a snapshot in
    /// between (a scan, another import), the import starts again from what is recorded now, so
    /// that its write never drops or misplaces the other's snapshot.
    public func importGit(ref: String = "HEAD", since: String? = nil, progress: (Int, Int) -> Void = { _, _ in }) throws
        -> ImportReport
    {
        for _ in 0..<Self.importAttempts {
            if let report = try importOnce(ref: ref, since: since, progress: progress) { return report }
        }
        throw StoreError.busy(path: store.path)
    }

    /// How many times an import starts again because other processes kept recording snapshots.
    static let importAttempts = 20

    /// One attempt of `importGit`; nil when another process recorded a snapshot meanwhile and
    /// nothing was written.
    private func importOnce(ref: String, since: String?, progress: (Int, Int) -> Void) throws -> ImportReport? {
        let history = GitHistory(root: scanner.root)
        let prefix = try history.prefix()
        let tip = try history.resolve(ref)
        let chain = try history.firstParentChain(tip)
        let position = Dictionary(chain.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var commits = try history.manifestCommits(tip)
        if let since {
            let start = position[try history.resolve(since)] ?? -1
            commits = commits.filter { (position[$0.id] ?? 0) > start }
        }
        // The mark before the snapshots: a snapshot recorded between the two reads makes the
        // write find another mark and start again.
        let mark = try store.historyMark()
        let existing = try store.snapshots()
        let recorded = Set(existing.filter { $0.origin.source == .commit }.compactMap(\.origin.commit))
        let fresh = commits.filter { !recorded.contains($0.id) }
        guard let first = fresh.first, let firstPosition = position[first.id] else {
            return ImportReport(imported: 0, skipped: commits.count, filesRead: 0, rewritten: false)
        }

        // Start from the full state of the commit before the first new one.
        let builder = try CommitSnapshotBuilder(root: scanner.root, prefix: prefix)
        let parent = firstPosition > 0 ? chain[firstPosition - 1] : nil
        try builder.load(commit: parent, files: parent.map { try history.files(at: $0) } ?? [])
        // Where each recorded snapshot sits on the chain: a commit at its position, a worktree
        // scan just after the HEAD it was taken at; anything else stays at the end (the present).
        func place(_ info: SnapshotInfo) -> Double {
            guard let commit = info.origin.commit, let index = position[commit] else { return .infinity }
            return Double(index) + (info.origin.source == .worktree ? 0.5 : 0)
        }
        let rewrite = existing.contains { place($0) > Double(firstPosition) }
        // Commits are built while they are recorded, one update after the other; an error from
        // git is reported as itself (and rolls the transaction back).
        var failure: (any Error)?
        var done = 0
        func nextCommit() throws -> (origin: SnapshotOrigin, update: SnapshotUpdate)? {
            guard done < fresh.count else { return nil }
            let commit = fresh[done]
            do {
                var update = try builder.apply(commit)
                // The registry's latest snapshot may not be the parent commit (a worktree scan
                // with edits): the first commit is compared whole, the next ones as patches.
                if done == 0, case .patch = update { update = .full(builder.snapshot()) }
                done += 1
                progress(done, fresh.count)
                return (Self.origin(of: commit), update)
            } catch {
                failure = error
                throw error
            }
        }
        do {
            let written: Bool
            if !rewrite {
                written = try store.append(expecting: mark, nextCommit)
            } else {
                let commitPlaces = fresh.map { Double(position[$0.id] ?? Int.max) }
                written = try rewriteHistory(
                    existing: existing, expecting: mark, place: place, commitPlaces: commitPlaces
                ) {
                    guard let entry = try nextCommit() else { return nil }
                    return (entry.origin, builder.snapshot())
                }
            }
            if !written { return nil }
        } catch {
            throw failure ?? error
        }
        return ImportReport(
            imported: fresh.count, skipped: commits.count - fresh.count, filesRead: builder.filesRead,
            rewritten: rewrite)
    }

    /// Records the history again in chronological order: the snapshots `existing` at their
    /// `place`, and the new commits at `commitPlaces` (`next()` builds them in that order).
    private func rewriteHistory(
        existing: [SnapshotInfo], expecting mark: RegistryStore.HistoryMark, place: (SnapshotInfo) -> Double,
        commitPlaces: [Double], next: () throws -> (origin: SnapshotOrigin, snapshot: Snapshot)?
    ) throws -> Bool {
        enum Entry {
            case recorded(SnapshotInfo, Snapshot)
            case commit
        }
        var timeline: [(place: Double, order: Int, entry: Entry)] = []
        for (order, info) in existing.enumerated() {
            timeline.append((place(info), order, .recorded(info, try store.snapshot(at: info.id))))
        }
        for (order, place) in commitPlaces.enumerated() {
            timeline.append((place, existing.count + order, .commit))
        }
        timeline.sort { ($0.place, $0.order) < ($1.place, $1.order) }
        var entries = timeline.makeIterator()
        let now = Timestamp.string(Date())
        return try store.rewriteHistory(expecting: mark) {
            switch entries.next()?.entry {
            case nil: return nil
            case .recorded(let info, let snapshot):
                return (info.origin, info.recordedAt, snapshot)
            case .commit:
                guard let (origin, snapshot) = try next() else { return nil }
                return (origin, now, snapshot)
            }
        }
    }

    private static func origin(of commit: GitCommit) -> SnapshotOrigin {
        SnapshotOrigin(
            source: .commit, commit: commit.id, author: commit.author, date: commit.date, subject: commit.subject)
    }

    /// The snapshot `--at` names: an id (`#12`), the last snapshot at or before a date, or the
    /// snapshot of the newest commit on the first-parent chain of a revision that has one.
    public func snapshotID(for selector: SnapshotSelector) throws -> Int64 {
        let snapshots = try store.snapshots()
        switch selector {
        case .snapshot(let id):
            guard snapshots.contains(where: { $0.id == id }) else { throw HistoryError.noSuchSnapshot(id) }
            return id
        case .date(let date):
            let match = snapshots.last { info in
                guard let time = Timestamp.date(info.moment) else { return false }
                return time <= date
            }
            guard let match else { throw HistoryError.nothingBefore(Timestamp.string(date)) }
            return match.id
        case .revision(let revision):
            let history = GitHistory(root: scanner.root)
            let chain = try history.firstParentChain(try history.resolve(revision))
            var byCommit: [String: Int64] = [:]
            for info in snapshots {
                guard let commit = info.origin.commit else { continue }
                // A commit snapshot is exact; a clean worktree scan at that commit is as good.
                if info.origin.source == .commit || (!info.origin.dirty && byCommit[commit] == nil) {
                    byCommit[commit] = info.id
                }
            }
            for commit in chain.reversed() {
                if let id = byCommit[commit] { return id }
            }
            throw HistoryError.noSnapshotForRevision(revision)
        }
    }
}

/// Why a point in history could not be found.
public enum HistoryError: Error, CustomStringConvertible {
    case noSuchSnapshot(Int64)
    case nothingBefore(String)
    case noSnapshotForRevision(String)

    public var description: String {
        switch self {
        case .noSuchSnapshot(let id): "there is no snapshot #\(id)"
        case .nothingBefore(let date):
            "the registry has no snapshot at or before \(date); run `trellis import-git` to record the history"
        case .noSnapshotForRevision(let revision):
            "no snapshot records '\(revision)' or any commit before it; run `trellis import-git`"
        }
    }
}
