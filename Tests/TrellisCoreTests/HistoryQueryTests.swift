import Foundation
import Testing
import TrellisCore

/// Which recorded events `history` keeps: the date window a person writes, the module, the kind.
@Suite struct HistoryQueryTests {
    static let history: [(SnapshotInfo, [GraphChange])] = [
        (
            SnapshotInfo(
                id: 1, recordedAt: "2026-01-01T00:00:00Z",
                origin: SnapshotOrigin(source: .commit, date: "2025-03-01T00:00:00Z")),
            [
                GraphChange(.moduleAdded, module: ModuleName("a"), to: "1.0"),
                GraphChange(.edgeAdded, module: ModuleName("b"), target: "a"),
            ]
        ),
        (
            SnapshotInfo(
                id: 2, recordedAt: "2026-01-01T00:00:00Z",
                origin: SnapshotOrigin(source: .commit, date: "2025-03-01T23:59:59Z")),
            [GraphChange(.versionChanged, module: ModuleName("a"), from: "1.0", to: "2.0")]
        ),
        (
            SnapshotInfo(
                id: 3, recordedAt: "2026-01-01T00:00:00Z",
                origin: SnapshotOrigin(source: .commit, date: "2025-03-02T00:00:00Z")),
            [GraphChange(.edgeRemoved, module: ModuleName("c"), target: "d")]
        ),
    ]

    func snapshots(_ query: HistoryQuery) -> [Int64] {
        query.events(in: Self.history).compactMap { $0.snapshot?.id }
    }

    @Test func aBareDateCoversItsWholeDay() {
        #expect(
            snapshots(HistoryQuery(module: nil, since: "2025-03-01", until: "2025-03-01", event: nil)) == [1, 1, 2])
        #expect(snapshots(HistoryQuery(module: nil, since: "2025-03-02", until: nil, event: nil)) == [3])
        #expect(snapshots(HistoryQuery(module: nil, since: nil, until: "2025-02-28", event: nil)).isEmpty)
    }

    @Test func aFullDateTimeIsAnInstant() {
        #expect(snapshots(HistoryQuery(module: nil, since: "2025-03-01T00:00:01Z", until: nil, event: nil)) == [2, 3])
        #expect(snapshots(HistoryQuery(module: nil, since: nil, until: "2025-03-01T00:00:00Z", event: nil)) == [1, 1])
    }

    @Test func aModuleMatchesAsDeclarerOrTargetAndKindsFilter() {
        #expect(snapshots(HistoryQuery(module: ModuleName("a"), since: nil, until: nil, event: nil)) == [1, 1, 2])
        #expect(snapshots(HistoryQuery(module: ModuleName("d"), since: nil, until: nil, event: nil)) == [3])
        #expect(snapshots(HistoryQuery(module: nil, since: nil, until: nil, event: .versionChanged)) == [2])
    }
}
