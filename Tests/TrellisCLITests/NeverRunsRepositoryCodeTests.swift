import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: Trellis reads a repository and never runs it. A repository plants code that would
/// leave a marker file if anything ran it: a `setup.py` (also executable, with a shebang), an
/// in-tree PEP 517 build backend (`backend-path`), `conftest.py` files, and commands Trellis reads
/// as text (Hatch `pre-install-commands` and scripts, tox `commands`), and git configuration that
/// makes git run commands (`core.fsmonitor`, a clean filter; `GitCommand`). Every command runs on it
/// through the real binary, and no marker appears; a control run of the planted code shows each
/// plant does leave its marker when something runs it.
@Suite(.enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"))
struct NeverRunsRepositoryCodeTests {
    /// Python that writes `marker` into `folder` when run or imported.
    static func plant(_ marker: String, in folder: String) -> String {
        """
        #!/usr/bin/env python3
        import pathlib
        pathlib.Path(\(String(reflecting: folder))).joinpath(\(String(reflecting: marker))).write_text("ran")

        """
    }

    static func repository(markers: String) throws -> TemporaryRepository {
        let touch = "touch \(markers)/command.ran"
        let repository = try TemporaryRepository([
            "conftest.py": plant("root-conftest.ran", in: markers),
            "libs/legacy/setup.py": plant("setup.py.ran", in: markers),
            "libs/legacy/legacy/__init__.py": "",
            "libs/backend/pyproject.toml": """
            [build-system]
            requires = []
            build-backend = "in_tree_backend"
            backend-path = ["."]

            [project]
            name = "backend"
            version = "1.0.0"
            dynamic = ["dependencies"]

            """,
            "libs/backend/in_tree_backend.py": plant("backend.ran", in: markers),
            "libs/backend/tests/conftest.py": plant("conftest.ran", in: markers),
            "libs/core/pyproject.toml": project("core"),
            "libs/core/requirements.txt": "-e ../legacy\n",
            "libs/core/tox.ini": "[testenv]\ndeps = -e ../legacy\ncommands = \(touch)\n",
            "libs/core/tests/conftest.py": plant("core-conftest.ran", in: markers),
            "projects/app/pyproject.toml": project(
                "app", dependencies: ["core @ file:../../libs/core", "backend @ file:../../libs/backend"],
                extra: """
                    [tool.hatch.envs.default]
                    pre-install-commands = ["pip install -e ../../libs/legacy", "\(touch)"]
                    [tool.hatch.envs.default.scripts]
                    test = "\(touch) && python -m pytest"

                    """),
        ])
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: "\(repository.root)/libs/legacy/setup.py")
        try repository.commitAll()
        try repository.write(["libs/core/pyproject.toml": project("core", version: "1.1.0")])
        try repository.git("commit", "-q", "-am", "core 1.1.0", date: "2026-01-02T12:00:00Z")
        // git runs what the repository's own configuration names (a downloaded tarball or a CI
        // cache carries `.git/config`): an fsmonitor hook whenever it reads the index, and filters
        // on the work-tree files it hashes. Planted after the commits (git add would run them),
        // with a manifest rewritten so that its stat no longer matches the index.
        try repository.write([".gitattributes": "* filter=planted diff=planted\n"])
        for (key, value) in [
            ("core.fsmonitor", "touch \(markers)/fsmonitor.ran; false"),
            ("filter.planted.clean", "touch \(markers)/clean-filter.ran; cat"),
            ("filter.planted.smudge", "touch \(markers)/smudge-filter.ran; cat"),
            ("diff.planted.textconv", "touch \(markers)/textconv.ran; cat"),
            ("core.pager", "touch \(markers)/pager.ran; cat"),
        ] {
            try repository.git("config", key, value)
        }
        try repository.write(["libs/core/pyproject.toml": project("core", version: "1.2.0")])
        return repository
    }

    /// Every command a user can run, each output format of `graph`, JSON where a command has it.
    static let commands: [[String]] = [
        ["scan"], ["scan", "--rebuild"], ["modules"], ["modules", "--json"],
        ["show", "app"], ["show", "legacy", "--json"], ["show", "backend"],
        ["dependents", "legacy", "-t"], ["dependents", "core", "--with-name-refs", "--json"],
        ["dependencies", "app", "-t"], ["dependencies", "app", "--external", "--json"],
        ["graph"], ["graph", "--format", "mermaid"], ["graph", "--format", "json"],
        ["graph", "--format", "svg"], ["graph", "--format", "svg", "--layout", "layered"],
        ["graph", "--format", "html"], ["graph", "--format", "png", "-o", "graph.png"],
        ["affected", "--files", "libs/legacy/setup.py"], ["affected", "--since", "HEAD~1", "--json"],
        ["why", "app", "legacy", "--all"], ["cycles"], ["order", "--levels"], ["check"], ["check", "--json"],
        ["import-git"], ["history", "core"], ["diff", "HEAD~1", "HEAD", "--json"],
        ["dependents", "core", "--at", "HEAD~1"], ["db", "path"], ["doctor"], ["doctor", "--json"],
    ]

    @Test func noCommandRunsWhatTheRepositoryHolds() throws {
        let markers = try TemporaryRepository(prefix: "trellis-markers")
        let repository = try Self.repository(markers: markers.root)
        var statuses: [String: Int32] = [:]
        for command in Self.commands {
            let run = try runTrellisBinary(command + ["--root", repository.root], in: repository.root)
            statuses[command.joined(separator: " ")] = run.status
            #expect(run.status == 0 || run.status == 1, "trellis \(command): \(run.stderr)")
            #expect(!run.stderr.contains("internal error"), "trellis \(command): \(run.stderr)")
        }
        #expect(statuses.count == Self.commands.count)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: markers.root) == [], "something ran repository code")
        #expect(!FileManager.default.fileExists(atPath: "\(repository.root)/libs/backend/__pycache__"))
        #expect(!FileManager.default.fileExists(atPath: "\(repository.root)/.pytest_cache"))
    }

    /// The control: the plants are live. Running the `setup.py` directly, importing the backend
    /// and running the tox/Hatch command line each leave a marker, so the test above would see one.
    @Test func thePlantedCodeLeavesAMarkerWhenRun() throws {
        guard let python = ProjectPaths.which("python3") else {
            print("skipped: no python3 on PATH to run the planted code")
            return
        }
        let markers = try TemporaryRepository(prefix: "trellis-markers")
        let repository = try Self.repository(markers: markers.root)
        _ = try Subprocess.run(["\(repository.root)/libs/legacy/setup.py"], in: "\(repository.root)/libs/legacy")
        _ = try Subprocess.run([python, "-c", "import in_tree_backend"], in: "\(repository.root)/libs/backend")
        _ = try Subprocess.run([python, "conftest.py"], in: repository.root)
        _ = try Subprocess.run([python, "conftest.py"], in: "\(repository.root)/libs/core/tests")
        _ = try Subprocess.run([python, "conftest.py"], in: "\(repository.root)/libs/backend/tests")
        _ = try Subprocess.run(["sh", "-c", "touch \(markers.root)/command.ran"], in: repository.root)
        _ = try Subprocess.run(["git", "diff-index", "--quiet", "HEAD"], in: repository.root)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: markers.root).sorted() == [
                "backend.ran", "clean-filter.ran", "command.ran", "conftest.ran", "core-conftest.ran",
                "fsmonitor.ran", "root-conftest.ran", "setup.py.ran",
            ])
    }
}
