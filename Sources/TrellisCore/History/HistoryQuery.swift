import Foundation

/// One change with the snapshot it belongs to: a line of `history` or `diff`.
public struct HistoryEvent: Sendable, Equatable {
    /// What changed.
    public var change: GraphChange
    /// The snapshot that recorded the change (for `diff`, the later end); nil when unknown.
    public var snapshot: SnapshotInfo?

    /// An event of `snapshot`.
    public init(change: GraphChange, snapshot: SnapshotInfo?) {
        self.change = change
        self.snapshot = snapshot
    }
}

/// Which recorded events `history` lists: about one module, inside a date window, of one kind.
public struct HistoryQuery: Sendable {
    /// Events whose declaring module or edge target is this module.
    public var module: ModuleName?
    /// Events whose declaring module or edge target lies in this folder: for a name that two
    /// modules share, which `module` cannot tell apart.
    public var folder: String?
    /// The first moment of the window, inclusive.
    public var since: Date?
    /// The last moment of the window, inclusive.
    public var until: Date?
    /// Events of this kind only.
    public var event: GraphChange.Event?

    /// A query over moments already parsed.
    public init(
        module: ModuleName? = nil, folder: String? = nil, start: Date? = nil, end: Date? = nil,
        event: GraphChange.Event? = nil
    ) {
        self.module = module
        self.folder = folder
        since = start
        until = end
        self.event = event
    }

    /// The window as a person writes it (`SnapshotSelector.parseDate`): a bare date covers its
    /// whole day, UTC, so `since` starts at the day's first second and `until` ends at its last.
    public init(
        module: ModuleName?, folder: String? = nil, since: String?, until: String?, event: GraphChange.Event?
    ) {
        // parseDate gives a bare date's last second; the day starts 86 399 seconds earlier.
        let start = since.flatMap(SnapshotSelector.parseDate)
            .map { $0.addingTimeInterval(since?.count == 10 ? -86_399 : 0) }
        self.init(
            module: module, folder: folder, start: start, end: until.flatMap(SnapshotSelector.parseDate), event: event)
    }

    /// The events of `history` (snapshots in order, each with its changes) that the query keeps.
    /// A snapshot whose moment cannot be read is kept whatever the window. O(events).
    public func events(in history: [(SnapshotInfo, [GraphChange])]) -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        for (info, changes) in history {
            if let time = Timestamp.date(info.moment) {
                if let since, time < since { continue }
                if let until, time > until { continue }
            }
            for change in changes where event == nil || change.event == event {
                if let module, change.module != module && change.target != module.rawValue { continue }
                if let folder, change.folder != folder && change.targetFolder != folder { continue }
                events.append(HistoryEvent(change: change, snapshot: info))
            }
        }
        return events
    }
}
