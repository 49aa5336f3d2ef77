/// The whole graph of the repository at one moment.
public struct Snapshot: Sendable, Equatable {
    public var modules: [Module]
    public var edges: [PathEdge]
    public var requirements: [Requirement]
    public var diagnostics: [Diagnostic]

    public init(
        modules: [Module] = [], edges: [PathEdge] = [], requirements: [Requirement] = [],
        diagnostics: [Diagnostic] = []
    ) {
        self.modules = modules
        self.edges = edges
        self.requirements = requirements
        self.diagnostics = diagnostics
    }

    /// The manifests that could not be read at all.
    public var unreadableManifests: [String] {
        diagnostics.filter { $0.code == .invalidManifest }.map(\.file)
    }

    /// Copies from `previous` the path edges and requirements that `manifests` (files that could
    /// not be read now) gave: the ones they declare, and the members' edges that their
    /// `[tool.uv.sources]` resolved (a workspace root's sources apply to every member). Edges are
    /// kept only between modules that still exist; a requirement that only exists now because
    /// its source vanished with the broken file is dropped in favour of the carried edge.
    public mutating func carryOver(from previous: Snapshot, forManifests manifests: Set<String>) {
        let folders = Set(modules.map(\.path))
        let carried = previous.edges.filter { edge in
            (manifests.contains(edge.file) || edge.inheritedFrom.map(manifests.contains) == true)
                && folders.contains(edge.to) && folders.contains(edge.from) && !edges.contains(edge)
        }
        edges += carried
        // A requirement on the carried edge's target by name: the target folder's module name.
        let nameOf = Dictionary(modules.map { ($0.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        let replaced = Set(carried.compactMap { edge in nameOf[edge.to].map { "\(edge.from)\u{0}\($0)" } })
        requirements.removeAll { replaced.contains("\($0.module)\u{0}\($0.package)") }
        requirements += previous.requirements.filter { manifests.contains($0.file) && folders.contains($0.module) }
        edges.sort(by: PathEdge.snapshotOrder)
        requirements.sort(by: Requirement.snapshotOrder)
    }
}

/// Where a snapshot comes from: a scan of the working tree, or one git commit with its details.
public struct SnapshotOrigin: Sendable, Equatable, Codable {
    /// What was read: the working tree or a commit.
    public enum Source: String, Sendable, Codable { case worktree, commit }

    /// What was read.
    public var source: Source
    /// The commit: HEAD for a worktree scan, the commit itself for an import.
    public var commit: String?
    /// A worktree scan with files that differ from HEAD.
    public var dirty: Bool
    /// The commit's author, `Name <email>`.
    public var author: String?
    /// The commit's ISO 8601 author date.
    public var date: String?
    /// The commit's subject line.
    public var subject: String?

    /// An origin; by default a clean worktree scan with no commit.
    public init(
        source: Source = .worktree, commit: String? = nil, dirty: Bool = false,
        author: String? = nil, date: String? = nil, subject: String? = nil
    ) {
        self.source = source
        self.commit = commit
        self.dirty = dirty
        self.author = author
        self.date = date
        self.subject = subject
    }
}

/// A snapshot recorded in the registry: its id, when it was recorded, and where it came from.
public struct SnapshotInfo: Sendable, Equatable, Codable {
    /// The registry's id for it; ids grow with the order snapshots are recorded in.
    public var id: Int64
    /// ISO 8601 time the snapshot was recorded.
    public var recordedAt: String
    /// Where the snapshot came from.
    public var origin: SnapshotOrigin

    /// The moment the snapshot stands for: a commit's author date, or when a scan was recorded.
    public var moment: String { (origin.source == .commit ? origin.date : nil) ?? recordedAt }

    /// A recorded snapshot.
    public init(id: Int64, recordedAt: String, origin: SnapshotOrigin) {
        self.id = id
        self.recordedAt = recordedAt
        self.origin = origin
    }
}
