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

    /// The finding for an edge the lock `at` (file:line) has to `folder` (package `package`)
    /// that `module`'s manifest lacks, reported at the manifest's name line.
    func lockOnly(_ manifest: String, _ module: String, at lock: String, _ folder: String, _ package: String) -> String
    {
        "\(manifest):2 \(lock) locks \(folder) ('\(package)') as a dependency of \(module), but \(manifest) declares "
            + "none on it: an unread declaration, or a lock not refreshed since it was removed"
    }

    func drift(_ snapshot: Snapshot) -> [String] {
        snapshot.diagnostics.filter { $0.code == .lockDrift }.map { "\($0.file):\($0.line) \($0.message)" }.sorted()
    }

    @Test func aUVWorkspaceLockDriftsBothWays() throws {
        let snapshot = try scan("uv")
        #expect(
            drift(snapshot) == [
                lockOnly("apps/app/pyproject.toml", "app", at: "uv.lock:20", "libs/extra", "extra"),
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
        let edges = snapshot.edges.filter { $0.from == "apps/dyn" }
        #expect(
            edges.map(\.testSummary) == [
                "apps/dyn -> libs/core main editable path uv.lock:39",
                "apps/dyn -> libs/extra cli editable optional path uv.lock:44",
            ])
        #expect(edges.allSatisfy { $0.declaredBy == .lock })
        #expect(snapshot.edges.filter { $0.from != "apps/dyn" }.allSatisfy { $0.declaredBy == .manifest })
        // Completed, not drifted; the unread list is still said.
        #expect(!snapshot.diagnostics.contains { $0.code == .lockDrift && $0.module == ModuleName("dyn") })
        #expect(snapshot.diagnosticLines.contains("dynamic-dependencies-not-read apps/dyn/pyproject.toml:6"))
    }

    /// A poetry.lock (made by Poetry) and a pdm.lock (by hand) that still list a package the
    /// project no longer declares. svc reaches logger only through lib-one in its lock: no direct
    /// edge, no drift; the same for web and helper through base.
    @Test(arguments: [
        (
            "poetry", "svc", "apps/svc/poetry.lock:35", "stale",
            "svc -> lib-one main editable lock-file apps/svc/pyproject.toml:11"
        ),
        ("pdm", "web", "apps/web/pdm.lock:33", "legacy", "web -> base main path apps/web/pyproject.toml:6"),
    ])
    func aProjectLockListsWhatTheProjectNoLongerDeclares(
        tool: String, module: String, lock: String, package: String, edge: String
    ) throws {
        let snapshot = try scan(tool)
        let manifest = "apps/\(module)/pyproject.toml"
        #expect(drift(snapshot) == [lockOnly(manifest, module, at: lock, "libs/\(package)", package)])
        #expect(snapshot.edgeLines.filter { $0.hasPrefix("\(module) ->") } == [edge])
    }

    /// Checked with Poetry 2.5.1: a project with `dependencies = ["lib-one @ file:///…"]` and
    /// `[tool.poetry.dependencies] extra = {path = "../../libs/extra", develop = true}` gets a
    /// `poetry lock` with lib-one (and its logger) but no extra, and `poetry check` says "All
    /// set!"; with `dependencies = []` the path is locked. So a path that a non-empty `[project]
    /// dependencies` does not list is a source no dependency uses, not an edge.
    @Test func aPoetryPathThatProjectDependenciesDoNotListIsAnUnusedSource() throws {
        let snapshot = try scan("poetry")
        #expect(!snapshot.edgeLines.contains { $0.hasPrefix("svc -> logger") })
        let unused = try #require(snapshot.diagnostics.first { $0.code == .unusedSource })
        #expect("\(unused.file):\(unused.line)" == "apps/svc/pyproject.toml:19")
        #expect(unused.severity == .info && unused.message.contains("Poetry ignores it"))
    }

    /// The same for a group, checked with Poetry 2.5.1: `[dependency-groups] dev = ["logger @
    /// file:///…"]` with `[tool.poetry.group.dev.dependencies] extra = {path = …}` locks logger,
    /// not extra. A group `[dependency-groups]` does not define keeps its Poetry table (Poetry
    /// writes only that one when the group is new, tools/e2e/FACTS.md).
    @Test func aPoetryGroupPathThatTheGroupDoesNotListIsAnUnusedSource() {
        let snapshot = resolveRepository([
            "apps/grp/pyproject.toml": project(
                "grp",
                extra: """
                    [dependency-groups]
                    dev = ["logger @ file:../../libs/logger"]

                    [tool.poetry.group.dev.dependencies]
                    extra = {path = "../../libs/extra", develop = true}

                    [tool.poetry.group.docs.dependencies]
                    extra = {path = "../../libs/extra"}
                    """),
            "libs/logger/pyproject.toml": project("logger"),
            "libs/extra/pyproject.toml": project("extra"),
        ])
        #expect(
            snapshot.edgeLines == [
                "grp -> extra docs path apps/grp/pyproject.toml:13", "grp -> logger dev path apps/grp/pyproject.toml:7",
            ])
        #expect(snapshot.diagnosticLines == ["unused-source apps/grp/pyproject.toml:10"])
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
