import TrellisCore

/// What an ingestion changed, compared with the latest snapshot.
public struct SnapshotChanges: Sendable, Equatable {
    public var modulesAdded: [Module] = []
    public var modulesRemoved: [Module] = []
    /// Modules whose version, kind, path or description changed (the new state).
    public var modulesChanged: [Module] = []
    public var edgesAdded: [PathEdge] = []
    public var edgesRemoved: [PathEdge] = []
    /// The names of the modules at the ends (folders) of the edges added and removed.
    public var names: [String: ModuleName] = [:]
    public var requirementsAdded: Int = 0
    public var requirementsRemoved: Int = 0
    public var diagnosticsChanged: Bool = false

    public init() {}

    /// True when the graph (or what the scan had to say about it) differs from the latest snapshot.
    public var isEmpty: Bool {
        modulesAdded.isEmpty && modulesRemoved.isEmpty && modulesChanged.isEmpty && edgesAdded.isEmpty
            && edgesRemoved.isEmpty && requirementsAdded == 0 && requirementsRemoved == 0 && !diagnosticsChanged
    }
}

/// The result of recording a snapshot.
public struct IngestResult: Sendable {
    /// The snapshot recorded, or nil when nothing changed (no snapshot is recorded then).
    public var recorded: SnapshotInfo?
    /// The latest snapshot after the ingestion.
    public var latest: SnapshotInfo?
    public var changes: SnapshotChanges
}
