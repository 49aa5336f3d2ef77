import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// `trellis context`: the folders of a module and of its path dependencies, on a copy of the
/// example made a git repository with the clutter a work tree has (a virtualenv, bytecode, an
/// ignored build folder), then real offline installs from the context of a uv workspace and of
/// a Poetry monorepo made by the real tools.
@Suite struct ContextCommandTests {
    /// serving → preprocessing → lib-one → logger (main edges), serving a uv workspace member.
    static let servingFolders = ["projects/serving", "libs/lib-one", "libs/logger", "libs/preprocessing"]

    func example() throws -> TemporaryRepository {
        let repository = try TemporaryRepository(prefix: "trellis-context")
        try repository.copy(from: ProjectPaths.example)
        try repository.write([".gitignore": "dist/\n*.log\n"])
        try repository.commitAll()
        try repository.write([
            "projects/serving/.venv/lib/site.py": "", "libs/preprocessing/src/preprocessing/__pycache__/a.pyc": "",
            "projects/serving/dist/serving-1.0.0.whl": "", "projects/serving/debug.log": "",
            "projects/serving/notes.md": "untracked, not ignored: part of the context\n",
        ])
        return repository
    }

    func trellis(_ repository: TemporaryRepository, _ arguments: String..., environment: [String: String] = [:])
        -> TrellisRun
    {
        runTrellis(arguments + ["--root", repository.root], in: repository.root, environment: environment)
    }

    /// The files of the example's own copy under `folders` (what git tracks there), plus
    /// the untracked note and the workspace root's manifest.
    func expectedFiles(_ repository: TemporaryRepository, folders: [String]) throws -> [String] {
        let tracked = try repository.git("ls-files").split(separator: "\n").map(String.init)
        return
            (tracked.filter { path in folders.contains { path.hasPrefix($0 + "/") } } + [
                "projects/serving/notes.md", "pyproject.toml",
            ]).sorted()
    }

    func tarFiles(_ data: Data) throws -> [String] {
        let listing = try Subprocess.run(["tar", "-tf", "-"], input: data)
        #expect(listing.status == 0, "\(listing.stderr)")
        return listing.output.split(separator: "\n").map(String.init).filter { !$0.hasSuffix("/") }
    }

    @Test func listGivesTheFoldersAndTheWorkspaceRoot() throws {
        let repository = try example()
        let run = trellis(repository, "context", "serving", "--list")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == (Self.servingFolders + ["pyproject.toml"]).joined(separator: "\n") + "\n")
        let json = trellis(repository, "context", "serving", "--list", "--json")
        #expect(try json.json() as? [String] == Self.servingFolders + ["pyproject.toml"])
    }

    @Test func tarHoldsExactlyTheContextAndIsReproducible() throws {
        let repository = try example()
        let run = trellis(repository, "context", "serving", "--tar", "-")
        #expect(run.status == 0, "\(run.stderr)")
        let data = Data(run.stdoutBytes)
        #expect(try tarFiles(data) == (try expectedFiles(repository, folders: Self.servingFolders)))
        #expect(Data(trellis(repository, "context", "serving", "--tar", "-").stdoutBytes) == data)
        let file = trellis(repository, "context", "serving", "--tar", "ctx.tar")
        #expect(file.status == 0, "\(file.stderr)")
        #expect(FileManager.default.contents(atPath: "\(repository.root)/ctx.tar") == data)
        let dated = trellis(
            repository, "context", "serving", "--tar", "-", environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let listing = try Subprocess.run(["tar", "--full-time", "-tvf", "-"], input: Data(dated.stdoutBytes))
        #expect(listing.output.split(separator: "\n").allSatisfy { $0.contains(" 2023-11-14 22:13:20 ") })
    }

    @Test func outputCopiesTheSameFilesAndRefusesAFullFolder() throws {
        let repository = try example()
        let tar = try tarFiles(Data(trellis(repository, "context", "serving", "--tar", "-").stdoutBytes))
        let out = try TemporaryRepository(prefix: "trellis-context-out")
        let run = trellis(repository, "context", "serving", "--output", "\(out.root)/ctx")
        #expect(run.status == 0, "\(run.stderr)")
        let copied = try #require(FileManager.default.subpaths(atPath: "\(out.root)/ctx")).filter {
            var folder: ObjCBool = false
            FileManager.default.fileExists(atPath: "\(out.root)/ctx/\($0)", isDirectory: &folder)
            return !folder.boolValue
        }
        #expect(copied.sorted() == tar)
        let again = trellis(repository, "context", "serving", "--output", "\(out.root)/ctx")
        #expect(again.status == 2)
        #expect(again.stderr.contains("is not empty"))
    }

    @Test func groupsAndManifestsOnly() throws {
        let repository = try example()
        // project-two reaches lib-one through its dev group only; it is no member of the
        // example's uv workspace, so the root's pyproject.toml stays out.
        let main = trellis(repository, "context", "project-two", "--list")
        #expect(main.stdout == "projects/project-two\nlibs/logger\n")
        let dev = trellis(repository, "context", "project-two", "--list", "--group", "dev")
        #expect(dev.stdout == "projects/project-two\nlibs/lib-one\nlibs/logger\n")
        let manifests = trellis(repository, "context", "serving", "--list", "--manifests-only")
        #expect(
            manifests.stdout.split(separator: "\n") == [
                "libs/lib-one/pyproject.toml", "libs/logger/pyproject.toml", "libs/preprocessing/poetry.lock",
                "libs/preprocessing/pyproject.toml", "projects/serving/pyproject.toml", "pyproject.toml",
            ])
    }

    @Test func withoutGitAWalkSkipsHiddenFoldersAndBuildOutput() throws {
        let repository = try example()
        let run = trellis(repository, "context", "serving", "--tar", "-", "--no-git")
        #expect(run.status == 0, "\(run.stderr)")
        // The walk knows no .gitignore: the ignored log is in, the dist folder and .venv are not.
        var expected = try expectedFiles(repository, folders: Self.servingFolders)
        expected.append("projects/serving/debug.log")
        #expect(try tarFiles(Data(run.stdoutBytes)) == expected.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func usage() throws {
        let repository = try example()
        #expect(trellis(repository, "context", "serving").status == 64)
        #expect(trellis(repository, "context", "serving", "--list", "--tar", "-").status == 64)
        #expect(trellis(repository, "context", "serving", "--tar", "-", "--json").status == 64)
        #expect(trellis(repository, "context", "nope", "--list").status == 2)
    }

    // MARK: Real installs from the context, offline

    /// uv 0.13.9 builds `uv_build` projects with its own backend, so `uv sync --offline`
    /// needs no wheel: it works only if the context holds every member the project reaches and
    /// the workspace root's pyproject.toml and uv.lock (`--locked`: the lock still matches).
    @Test(.enabled(if: UVTool.path != nil || E2ETools.inCI, "uv is not installed: run tools/install-test-deps.sh"))
    func uvSyncsTheProjectFromItsContext() throws {
        let made = try TemporaryRepository(prefix: "trellis-context-uv")
        let result = try Subprocess.run([
            "bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-uv-workspace.sh", "\(made.root)/repo",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let root = "\(made.root)/repo"
        let list = runTrellis(["context", "app", "--list", "--root", root], in: root)
        #expect(list.stdout == "projects/app\nlibs/lib-one\nlibs/logger\npyproject.toml\nuv.lock\n")
        let context = "\(made.root)/context"
        let copied = runTrellis(["context", "app", "--output", context, "--root", root], in: root)
        try #require(copied.status == 0, "\(copied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(context)/projects/standalone"))
        let uv = try #require(UVTool.path)
        let sync = try Subprocess.run(
            [
                "env", "-u", "VIRTUAL_ENV", "UV_CACHE_DIR=\(made.root)/cache", "UV_PYTHON_DOWNLOADS=never",
                "UV_NO_PROGRESS=1", uv, "sync", "--offline", "--locked", "--package", "app",
            ], in: context)
        try #require(sync.status == 0, "uv sync: \(sync.stderr)")
        let imported = try Subprocess.run(
            ["\(context)/.venv/bin/python", "-c", "import app, lib_one, logger; print(app.__file__)"], in: context)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.output.hasPrefix(context))
    }

    /// Poetry 2.5.1's `poetry add ../../libs/lib-one` writes `lib-one @ file:///<absolute path>`
    /// into [project] dependencies, so the context is extracted where the repository was (as a
    /// Dockerfile's WORKDIR would), after moving the repository away: pip can only succeed
    /// from what the tar holds. poetry-core comes from .build/wheels (tools/install-test-deps.sh).
    @Test(.enabled(if: Self.wheels != nil || E2ETools.inCI, "no poetry-core wheel: run tools/install-test-deps.sh"))
    func pipInstallsThePoetryProjectFromItsContextOffline() throws {
        let made = try TemporaryRepository(prefix: "trellis-context-poetry")
        let root = "\(made.root)/repo"
        let result = try Subprocess.run(["bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-poetry-monorepo.sh", root])
        try #require(result.status == 0, "\(result.stderr)")
        let tar = runTrellis(["context", "project-one", "--tar", "\(made.root)/ctx.tar", "--root", root], in: root)
        try #require(tar.status == 0, "\(tar.stderr)")
        try FileManager.default.moveItem(atPath: root, toPath: "\(made.root)/moved")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        try #require(try Subprocess.run(["tar", "-xf", "\(made.root)/ctx.tar", "-C", root]).status == 0)
        let venv = "\(made.root)/venv"
        try #require(try Subprocess.run(["python3", "-m", "venv", venv]).status == 0)
        let wheels = try #require(Self.wheels)
        let install = try Subprocess.run(
            ["\(venv)/bin/pip", "install", "-q", "--no-index", "--find-links", wheels, "\(root)/projects/project-one"],
            in: made.root)
        try #require(install.status == 0, "pip install: \(install.stderr)")
        let imported = try Subprocess.run(["\(venv)/bin/python", "-c", "import project_one, lib_one, logger"])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    /// A real `docker build -` of the streamed context, where a Docker engine runs (none does on
    /// the machines this was written on: the test says so and skips).
    @Test(.enabled(if: Self.dockerEngine, "no Docker engine answers `docker info`; the docker build is not run"))
    func dockerBuildsTheStreamedContext() throws {
        let made = try TemporaryRepository(prefix: "trellis-context-docker")
        let root = "\(made.root)/repo"
        let result = try Subprocess.run(["bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-uv-workspace.sh", root])
        try #require(result.status == 0, "\(result.stderr)")
        try Data("FROM python:3.12-slim\nCOPY . /repo\nRUN pip install /repo/projects/app\n".utf8)
            .write(to: URL(fileURLWithPath: "\(root)/projects/app/Dockerfile"))
        let tar = runTrellis(["context", "app", "--tar", "-", "--root", root], in: root)
        let build = try Subprocess.run(
            ["docker", "build", "-q", "-f", "projects/app/Dockerfile", "-"], input: tar.stdoutBytes)
        #expect(build.status == 0, "\(build.stderr)")
    }

    static let dockerEngine: Bool = (try? Subprocess.run(["docker", "info"]))?.status == 0

    static var wheels: String? {
        let folder = "\(ProjectPaths.packageRoot)/.build/wheels"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.contains { $0.hasPrefix("poetry_core-") } ? folder : nil
    }
}
