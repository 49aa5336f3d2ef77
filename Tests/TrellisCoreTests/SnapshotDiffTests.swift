import Testing
import TrellisCore
import TrellisTestSupport

/// The one graph diff: modules matched by folder, then by name; edges and requirements paired
/// through module identity, equal ones first.
@Suite struct SnapshotDiffTests {
    /// The diff of `after` with `before`, modules identified by their index before.
    func diff(_ before: Snapshot, _ after: SnapshotUpdate) -> SnapshotDiff<Int> {
        let index = Dictionary(before.modules.enumerated().map { ($1.path, $0) }) { first, _ in first }
        return SnapshotDiff(
            modules: before.modules.enumerated().map { ($0, $1) },
            edges: before.edges.map { (index[$0.from]!, index[$0.to]!, $0) },
            requirements: before.requirements.map { (index[$0.module]!, $0) }, after: after)
    }

    @Test func aFolderMatchesBeforeAName() {
        // `b` moved into `a`'s old folder and `a` moved away: each keeps its identity by folder first.
        let before = Snapshot(modules: [Module.test("a"), Module.test("b", path: "libs/x")])
        let after = Snapshot(modules: [Module.test("c", path: "libs/a"), Module.test("b", path: "libs/y")])
        let result = diff(before, .full(after))
        #expect(result.modules.map(\.before) == [0, 1])
        #expect(result.modules.map(\.after) == after.modules)
        #expect(result.modulesAdded.isEmpty && result.modulesRemoved.isEmpty)
        #expect(result.identity(of: "libs/a") == .existing(0))
        #expect(result.identity(of: "libs/y") == .existing(1))
        #expect(result.identity(of: "libs/x") == nil)
    }

    @Test func aMovedModuleKeepsItsEdgesAndRequirements() {
        let before = Snapshot(
            modules: [Module.test("a"), Module.test("b")], edges: [PathEdge.test("a", "b")],
            requirements: [Requirement.test("b", "numpy")])
        var after = before
        after.modules[1] = Module.test("b", path: "libs/bee")
        // The same declarations, ending at the module's new folder.
        after.edges[0].to = "libs/bee"
        after.requirements[0].module = "libs/bee"
        let result = diff(before, .full(after))
        #expect(result.edges == [.same(0)] && result.edgesRemoved.isEmpty)
        #expect(result.requirements == [.same(0)] && result.requirementsRemoved.isEmpty)
    }

    /// An edge added in another group beside an unchanged one is an addition, not a change of
    /// the unchanged edge followed by an addition.
    @Test func anEqualEdgeIsKeptBeforeOthersArePaired() {
        let before = Snapshot(modules: [Module.test("a"), Module.test("b")], edges: [PathEdge.test("a", "b")])
        var after = before
        after.edges = [PathEdge.test("a", "b", group: "dev"), PathEdge.test("a", "b")]
        let result = diff(before, .full(after))
        #expect(result.edges == [.added, .same(0)])
        #expect(
            GraphChange.changes(from: before, to: after) == [
                GraphChange(
                    .edgeAdded, module: ModuleName("a"), target: "b", to: "dev, editable", folder: "libs/a",
                    targetFolder: "libs/b")
            ])
        // Only the group changed: the edge is changed, not removed and added.
        after.edges = [PathEdge.test("a", "b", group: "dev")]
        #expect(diff(before, .full(after)).edges == [.changed(0)])
    }

    @Test func aPatchMatchesByFolderAndRemovesNothing() {
        let before = Snapshot(modules: [Module.test("a"), Module.test("b")], edges: [PathEdge.test("a", "b")])
        var patch = SnapshotPatch(modules: [Module.test("a", version: "2.0.0")])
        patch.edges = [PathEdge.test("a", "b", line: 11)]
        let result = SnapshotDiff<Int>(
            modules: [(0, before.modules[0])], edges: [(0, 1, before.edges[0])], requirements: [],
            after: .patch(patch), known: ["libs/a": 0, "libs/b": 1])
        #expect(result.modules.map(\.before) == [0])
        #expect(result.modulesAdded.isEmpty && result.modulesRemoved.isEmpty)
        #expect(result.edges == [.changed(0)])
        #expect(result.identity(of: "libs/b") == .existing(1))
    }
}
