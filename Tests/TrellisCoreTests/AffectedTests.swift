import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// File → owning module, the dependents' closure, and the changed files read from real git repositories.
@Suite struct AffectedTests {
    let graph = DependencyGraph.test(
        modules: [
            Module.test("core"), Module.test("plugin", path: "libs/core/plugins/plugin"),
            Module.test("web", path: "projects/web", kind: .project),
            Module.test("cli", path: "projects/cli", kind: .project), Module.test("alone"),
        ],
        edges: [
            PathEdge.test("web", "core"), PathEdge.test("cli", "plugin"), PathEdge.test("plugin", "core", group: "dev"),
        ])

    @Test func theDeepestModuleFolderOwnsAFile() {
        let affected = AffectedModules(graph: graph)
        #expect(affected.owner(of: "libs/core/src/core/x.py")?.name.rawValue == "core")
        #expect(affected.owner(of: "libs/core/plugins/plugin/pyproject.toml")?.name.rawValue == "plugin")
        #expect(affected.owner(of: "libs/core/plugins/README.md")?.name.rawValue == "core")
        #expect(affected.owner(of: "./libs/core/../core/a.py")?.name.rawValue == "core")
        #expect(affected.owner(of: "README.md") == nil)
        #expect(affected.owner(of: "libs/corex/a.py") == nil, "a folder name prefix is not containment")
    }

    func names(_ entries: [AffectedModules.Entry]) -> [String] {
        entries.map { "\($0.module.name):\($0.reason.rawValue)" }
    }

    @Test func changedModulesAndEveryDependent() {
        let affected = AffectedModules(graph: graph)
        // plugin depends on core through a dev edge: its tests use core, so it is affected too.
        #expect(
            names(affected.affected(by: ["libs/core/pyproject.toml"])) == [
                "core:changed", "cli:depends", "plugin:depends", "web:depends",
            ])
        #expect(names(affected.affected(by: ["libs/core/plugins/plugin/a.py"])) == ["plugin:changed", "cli:depends"])
        #expect(
            names(affected.affected(by: ["projects/web/app.py", "projects/cli/x.py"])) == [
                "cli:changed", "web:changed",
            ])
        #expect(affected.affected(by: ["README.md", "docs/x.md"]).isEmpty, "files outside every module affect nothing")
        #expect(
            affected.affected(by: ["projects/web/a.py", "projects/web/b.py"]).first?.files == [
                "projects/web/a.py", "projects/web/b.py",
            ])
    }

    /// Each module's trail is a shortest chain from a changed module; a module needed to build
    /// starts its chain at the affected module needing it.
    @Test func trailsAreShortestChains() {
        let affected = AffectedModules(graph: graph)
        let trails = Dictionary(
            uniqueKeysWithValues: affected.affected(by: ["libs/core/x.py"]).map {
                ($0.module.name.rawValue, $0.trail.map(\.name.rawValue))
            })
        #expect(
            trails == [
                "core": ["core"], "web": ["core", "web"], "plugin": ["core", "plugin"],
                "cli": ["core", "plugin", "cli"],
            ])
        #expect(affected.affected(by: ["libs/core/x.py"]).allSatisfy { $0.files == ["libs/core/x.py"] })
        let needed = affected.affected(by: ["projects/cli/x.py"], includeDependencies: true)
        #expect(
            needed.map { $0.trail.map(\.name.rawValue) } == [["cli"], ["cli", "plugin", "core"], ["cli", "plugin"]])
        #expect(needed.filter { $0.reason == .dependency }.allSatisfy { $0.files.isEmpty })
    }

    @Test func globalFilesAffectEverything() {
        let affected = AffectedModules(graph: graph, global: [Glob("ci/**"), Glob("requirements-dev.txt")])
        #expect(affected.affected(by: ["ci/scripts/test.sh"]).count == 5)
        #expect(affected.affected(by: ["ci/scripts/test.sh"]).allSatisfy { $0.reason == .changed })
        #expect(affected.affected(by: ["ci/scripts/test.sh"]).allSatisfy { $0.files == ["ci/scripts/test.sh"] })
        #expect(affected.affected(by: ["requirements-dev.txt"]).count == 5)
        #expect(affected.affected(by: ["docs/ci/x"]).isEmpty)
    }

    @Test func includeDependenciesAddsWhatTheAffectedNeed() {
        let affected = AffectedModules(graph: graph)
        #expect(
            names(affected.affected(by: ["projects/cli/x.py"], includeDependencies: true)) == [
                "cli:changed", "core:dependency", "plugin:dependency",
            ])
    }

    // MARK: Real git repositories

    func repository() throws -> TemporaryRepository {
        let repository = try TemporaryRepository([
            "libs/core/pyproject.toml": "[project]\nname = \"core\"\n", "libs/core/src/core.py": "x = 1\n",
            "projects/web/pyproject.toml": "[project]\nname = \"web\"\n", "projects/web/app.py": "",
            "README.md": "monorepo\n",
        ])
        try repository.commitAll()
        return repository
    }

    @Test func uncommittedChangesWithoutARef() throws {
        let repository = try repository()
        #expect(try GitChanges(root: repository.root).changedFiles(since: nil).isEmpty)
        try repository.write([
            "libs/core/src/core.py": "x = 2\n", "projects/web/new.py": "", "projects/web/.venv/lib.py": "",
            ".trellis/registry.sqlite": "",
        ])
        try repository.write([".gitignore": ".venv/\n"])
        try repository.git("add", "libs/core/src/core.py")
        #expect(
            try GitChanges(root: repository.root).changedFiles(since: nil) == [
                ".gitignore", "libs/core/src/core.py", "projects/web/new.py",
            ])
    }

    @Test func sinceARefUsesTheMergeBase() throws {
        let repository = try repository()
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.write(["libs/core/src/core.py": "x = 3\n"])
        try repository.git("commit", "-qam", "feature work", date: "2026-01-02T12:00:00Z")
        // main moves on after the branch point: its own changes must not count as the branch's.
        try repository.git("checkout", "-q", "main")
        try repository.write(["projects/web/app.py": "changed on main\n"])
        try repository.git("commit", "-qam", "main work", date: "2026-01-03T12:00:00Z")
        try repository.git("checkout", "-q", "feature")
        try repository.write(["README.md": "uncommitted\n"])
        let changed = try GitChanges(root: repository.root).changedFiles(since: "main")
        #expect(changed == ["README.md", "libs/core/src/core.py"])
    }

    @Test func aRenameAffectsBothOwners() throws {
        let repository = try repository()
        try repository.git("mv", "libs/core/src/core.py", "projects/web/core.py")
        try repository.git("commit", "-qm", "move", date: "2026-01-02T12:00:00Z")
        let changed = try GitChanges(root: repository.root).changedFiles(since: "HEAD~1")
        #expect(changed == ["libs/core/src/core.py", "projects/web/core.py"])
    }

    @Test func aRootInsideALargerWorkTreeSeesOnlyItsFiles() throws {
        let repository = try TemporaryRepository([
            "mono/libs/a/pyproject.toml": "[project]\nname = \"a\"\n", "other/x.py": "", "mono/libs/a/x.py": "",
        ])
        try repository.commitAll()
        try repository.write(["mono/libs/a/x.py": "1\n", "other/x.py": "1\n", "mono/new.txt": ""])
        let changed = try GitChanges(root: "\(repository.root)/mono").changedFiles(since: nil)
        #expect(changed == ["libs/a/x.py", "new.txt"])
    }

    @Test func anUnknownRefIsAClearError() throws {
        let repository = try repository()
        #expect {
            try GitChanges(root: repository.root).changedFiles(since: "origin/nope")
        } throws: { error in
            "\(error)".contains("merge base of origin/nope and HEAD")
        }
    }
}
