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
        diagnostics.filter { $0.code == Diagnostic.unreadableManifest }.map(\.file)
    }

    /// Copies from `previous` the path edges and requirements that `manifests` (files that could
    /// not be read now) gave: the ones they declare, and the members' edges that their
    /// `[tool.uv.sources]` resolved (a workspace root's sources apply to every member). Edges are
    /// kept only between modules that still exist; a requirement that only exists now because
    /// its source vanished with the broken file is dropped in favour of the carried edge.
    public mutating func carryOver(from previous: Snapshot, forManifests manifests: Set<String>) {
        let names = Set(modules.map(\.name))
        let carried = previous.edges.filter { edge in
            (manifests.contains(edge.file) || manifests.contains { edge.declared.hasSuffix(" in \($0)") })
                && names.contains(edge.to) && names.contains(edge.from) && !edges.contains(edge)
        }
        edges += carried
        let replaced = Set(carried.map { "\($0.from)\u{0}\($0.to)" })
        requirements.removeAll { replaced.contains("\($0.module)\u{0}\($0.package)") }
        requirements += previous.requirements.filter { manifests.contains($0.file) && names.contains($0.module) }
        edges.sort { ($0.from, $0.to, $0.group) < ($1.from, $1.to, $1.group) }
        requirements.sort { ($0.module, $0.group, $0.package, $0.line) < ($1.module, $1.group, $1.package, $1.line) }
    }
}

/// Where a snapshot came from, and when.
public struct SnapshotInfo: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable { case worktree, commit }

    public var id: Int64
    public var source: Source
    /// ISO 8601 time the snapshot was recorded.
    public var recordedAt: String
    public var commit: String?
    public var dirty: Bool
    public var author: String?
    public var date: String?
    public var subject: String?

    /// The moment the snapshot stands for: a commit's author date, or when a scan was recorded.
    public var moment: String { (source == .commit ? date : nil) ?? recordedAt }

    public init(
        id: Int64, source: Source, recordedAt: String, commit: String? = nil, dirty: Bool = false,
        author: String? = nil, date: String? = nil, subject: String? = nil
    ) {
        self.id = id
        self.source = source
        self.recordedAt = recordedAt
        self.commit = commit
        self.dirty = dirty
        self.author = author
        self.date = date
        self.subject = subject
    }
}
