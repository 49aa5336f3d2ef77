import Testing
import TrellisCore
import TrellisTestSupport

/// Lock files as a second witness (Tests/Fixtures/lock-drift, made by tools/e2e/make-lock-drift.sh).
///
/// What the real tools write, checked on the fixture they made (uv 0.13.9, Poetry 2.5.1):
/// - uv.lock: one lock at the workspace root; every member is a `[[package]]` with `source = {
///   editable = "apps/app" }` (relative to the root) and its direct dependencies in
///   `dependencies = [{ name = "core" }, …]`, extras in `[package.optional-dependencies]`, groups
///   in `[package.dev-dependencies]`; `[package.metadata] requires-dist` repeats the declarations
///   and is not read. A local package is `{ editable = … }`, `{ directory = … }` or `{ virtual = … }`.
/// - poetry.lock: one lock per project, in its folder; the project itself is never locked, every
///   local package of its closure is, with `[package.source] type = "directory" url = "../x"`
///   (relative to the lock's folder), `groups = ["main"]` and its own `[package.dependencies]`.
///   So the local packages no other locked package depends on are the direct dependencies.
/// - pdm.lock (written by hand here from PDM's lock format: `pdm.models.candidates.
///   Candidate.as_lockfile_entry` writes `path` for a local folder and `editable`, and the lock
///   lists `groups = ["default"]` and `dependencies = ["x @ file:///${PROJECT_ROOT}/…"]`; PDM is
///   not in the test venv): one lock per project, like Poetry's.
/// Only direct dependencies are cross-checked: an edge the lock has that the manifest lacks, or
/// the reverse, is `lock-drift`; where dependencies are dynamic and unread, the lock's edges are
/// the module's, declared by the lock.
@Suite struct LockDriftTests {
    func scan(_ tool: String) throws -> Snapshot {
        try RepositoryScanner(root: "\(ProjectPaths.packageRoot)/Tests/Fixtures/lock-drift/\(tool)", useGit: false)
            .scan().snapshot
    }

    func drift(_ snapshot: Snapshot) -> [String] {
        snapshot.diagnostics.filter { $0.code == .lockDrift }.map { "\($0.file):\($0.line) \($0.message)" }.sorted()
    }

    @Test func aUVWorkspaceLockDriftsBothWays() throws {
        let snapshot = try scan("uv")
        #expect(
            drift(snapshot) == [
                "apps/app/pyproject.toml:2 uv.lock:20 locks libs/extra ('extra') as a dependency of app, but "
                    + "apps/app/pyproject.toml declares none on it: an unread declaration, or a lock not refreshed "
                    + "since it was removed",
                "apps/app/pyproject.toml:8 'util with [tool.uv.sources] util = { workspace = true }' points at "
                    + "libs/util, but uv.lock:15, the entry of app, locks no dependency on it: the lock was not "
                    + "refreshed since it was added",
            ])
        #expect(snapshot.diagnostics.filter { $0.code == .lockDrift }.allSatisfy { $0.severity == .warning })
        // The manifests stay what the graph says: the lock only witnesses.
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("app ->") } == [
                "app -> core main editable workspace apps/app/pyproject.toml:7",
                "app -> util main editable workspace apps/app/pyproject.toml:8",
            ])
    }

    @Test func dynamicDependenciesAreCompletedFromTheLock() throws {
        let snapshot = try scan("uv")
        let edges = snapshot.edges.filter { $0.from == ModuleName("dyn") }
        #expect(
            edges.map(\.testSummary) == [
                "dyn -> core main editable path uv.lock:39",
                "dyn -> extra cli editable optional path uv.lock:44",
            ])
        #expect(edges.allSatisfy { $0.declaredBy == .lock })
        #expect(snapshot.edges.filter { $0.from != ModuleName("dyn") }.allSatisfy { $0.declaredBy == .manifest })
        // Completed, not drifted; the unread list is still said.
        #expect(!snapshot.diagnostics.contains { $0.code == .lockDrift && $0.module == ModuleName("dyn") })
        #expect(snapshot.diagnosticLines.contains("dynamic-dependencies-not-read apps/dyn/pyproject.toml:6"))
    }

    @Test func aPoetryLockListsWhatTheProjectNoLongerDeclares() throws {
        let snapshot = try scan("poetry")
        #expect(
            drift(snapshot) == [
                "apps/svc/pyproject.toml:2 apps/svc/poetry.lock:35 locks libs/stale ('stale') as a dependency of "
                    + "svc, but apps/svc/pyproject.toml declares none on it: an unread declaration, or a lock not "
                    + "refreshed since it was removed"
            ])
        // logger is locked for svc only through lib-one: no direct edge, no drift.
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("svc ->") } == [
                "svc -> lib-one main editable lock-file apps/svc/pyproject.toml:11"
            ])
    }

    /// Poetry 2.5.1 locks a `[tool.poetry.dependencies]` path only when a non-empty `[project]
    /// dependencies` lists it (the fixture's apps/svc/poetry.lock has no logger of its own
    /// making; with `dependencies = []` Poetry locks it): otherwise it is a source no dependency uses.
    @Test func aPoetryPathThatProjectDependenciesDoNotListIsAnUnusedSource() throws {
        let snapshot = try scan("poetry")
        #expect(!snapshot.edgeLines.contains { $0.hasPrefix("svc -> logger") })
        let unused = try #require(snapshot.diagnostics.first { $0.code == .unusedSource })
        #expect("\(unused.file):\(unused.line)" == "apps/svc/pyproject.toml:19")
        #expect(unused.severity == .info && unused.message.contains("Poetry ignores it"))
    }

    @Test func aPDMLockDriftsLikePoetrys() throws {
        let snapshot = try scan("pdm")
        #expect(
            drift(snapshot) == [
                "apps/web/pyproject.toml:2 apps/web/pdm.lock:33 locks libs/legacy ('legacy') as a dependency of "
                    + "web, but apps/web/pyproject.toml declares none on it: an unread declaration, or a lock not "
                    + "refreshed since it was removed"
            ])
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("web ->") } == ["web -> base main path apps/web/pyproject.toml:6"])
    }

    /// `check` reports the drift: it is among the findings, as a warning.
    @Test func checkReportsTheDrift() throws {
        let snapshot = try scan("uv")
        let check = RepositoryCheck(
            graph: DependencyGraph(modules: snapshot.modules, edges: snapshot.edges),
            requirements: snapshot.requirements, diagnostics: snapshot.diagnostics)
        let findings = check.run().filter { $0.code == .lockDrift }
        #expect(findings.map { "\($0.file):\($0.line)" } == ["apps/app/pyproject.toml:2", "apps/app/pyproject.toml:8"])
        #expect(findings.allSatisfy { $0.severity == .warning })
    }
}
