import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// `trellis pin`: goldens for every declaration style (Tests/Fixtures/pin: PDM `${PROJECT_ROOT}`
/// URLs and `-e …#egg=`, Hatch `{root:uri}`, a Poetry entry with extras and a comment, uv path
/// sources with extras and markers in a literal string, a requirements file, a CRLF file without
/// a last line break; and the example's Poetry 1, Poetry 2 and uv manifests); the diff applied by
/// the real `patch` gives exactly what `--write` writes; then real Poetry and uv build wheels
/// whose METADATA carries the pins.
@Suite struct PinCommandTests {
    static let fixtureModules = ["crlf-app", "hatch-app", "pdm-app", "poetry-extras", "reqs-app", "uv-markers"]

    func copy(_ source: String) throws -> TemporaryRepository {
        let repository = try TemporaryRepository(prefix: "trellis-pin")
        try repository.copy(from: source)
        return repository
    }

    static let fixture = "\(ProjectPaths.packageRoot)/Tests/Fixtures/pin"

    func trellis(_ repository: TemporaryRepository, _ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root], in: repository.root)
    }

    @Test func fixtureDiffsAreGoldenAndApplyWithPatch() throws {
        let repository = try copy(Self.fixture)
        var diffs = ""
        for module in Self.fixtureModules {
            let run = trellis(repository, "pin", module, "--diff")
            #expect(run.status == 0, "\(module): \(run.stderr)")
            diffs += run.stdout
        }
        try assertGolden(diffs, named: "pin-fixture.diff")
        // The diff is one `patch` accepts, and gives what --write writes, byte for byte.
        let patched = try copy(Self.fixture)
        let applied = try Subprocess.run(["patch", "-s", "-p1"], in: patched.root, input: Data(diffs.utf8))
        #expect(applied.status == 0, "\(applied.output)\(applied.stderr)")
        for module in Self.fixtureModules {
            #expect(trellis(repository, "pin", module, "--write").status == 0)
        }
        for module in Self.fixtureModules {
            for file in ["pyproject.toml", "requirements.txt"] {
                let path = "projects/\(module)/\(file)"
                #expect(
                    FileManager.default.contents(atPath: "\(repository.root)/\(path)")
                        == FileManager.default.contents(atPath: "\(patched.root)/\(path)"), "\(path)")
            }
        }
        // Pinned, no module has a path dependency left (the names are now plain requirements).
        for module in Self.fixtureModules {
            let dependencies = trellis(repository, "dependencies", module, "--json")
            #expect(dependencies.stdout == "[\n\n]\n", "\(module): \(dependencies.stdout)")
        }
    }

    @Test func exampleDiffIsGolden() throws {
        let repository = try copy(ProjectPaths.example)
        let run = trellis(repository, "pin", "--all", "--diff")
        #expect(run.status == 0, "\(run.stderr)")
        try assertGolden(run.stdout, named: "pin-example.diff")
        let caret = trellis(repository, "pin", "project-one", "--style", "caret", "--diff")
        #expect(caret.stdout.contains("\n+lib-one = \"^1.4.0\"\n"))
        let caretString = trellis(repository, "pin", "preprocessing", "--style", "caret", "--diff")
        #expect(caretString.stdout.contains("\n+    \"lib-one>=1.4.0,<2.0.0\"\n"))
        let exact = trellis(repository, "pin", "serving", "--style", "exact")
        #expect(exact.stdout.contains("\n    \"preprocessing==0.9.0\",\n"))
        // Printed without --diff: the whole pinned manifest, as --write then writes it.
        let printed = trellis(repository, "pin", "serving").stdout
        #expect(printed.contains("\n    \"preprocessing>=0.9.0,<0.10\",\n"))
        #expect(trellis(repository, "pin", "serving", "--write").status == 0)
        let written = try String(contentsOfFile: "\(repository.root)/projects/serving/pyproject.toml", encoding: .utf8)
        #expect(written == printed)
    }

    @Test func aTargetWithoutAStaticVersionWritesNothing() throws {
        let repository = try copy(Self.fixture)
        let path = "\(repository.root)/projects/dyn-user/pyproject.toml"
        let before = FileManager.default.contents(atPath: path)
        let run = trellis(repository, "pin", "dyn-user", "--write")
        #expect(run.status == 2)
        #expect(run.stderr.contains("libs/dyn/pyproject.toml: dyn has no static version"))
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(trellis(repository, "pin", "--all", "--write").status == 2)
        #expect(
            FileManager.default.contents(atPath: "\(repository.root)/projects/pdm-app/pyproject.toml")
                == FileManager.default.contents(atPath: "\(Self.fixture)/projects/pdm-app/pyproject.toml"))
        let none = trellis(repository, "pin", "core")
        #expect(none.status == 0)
        #expect(none.stdout == "core has no path dependencies.\n")
    }

    /// Issue #16: a file that is not all UTF-8 is not rewritten: written back as UTF-8, its other
    /// bytes would become U+FFFD. pin names the file and line and leaves the file as it is.
    @Test func aFileThatIsNotTextIsLeftAsItIs() throws {
        let repository = try copy(Self.fixture)
        let path = "\(repository.root)/projects/reqs-app/requirements.txt"
        let latin1 = try #require(FileManager.default.contents(atPath: path)) + Data("# caf".utf8) + Data([0xE9, 0x0A])
        try latin1.write(to: URL(fileURLWithPath: path))
        let run = trellis(repository, "pin", "reqs-app", "--write")
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("projects/reqs-app/requirements.txt:4: cannot pin: byte 0xE9 is not UTF-8"),
            "\(run.stderr)")
        #expect(FileManager.default.contents(atPath: path) == latin1)
    }

    @Test func usage() throws {
        let repository = try copy(Self.fixture)
        #expect(trellis(repository, "pin").status == 64)
        #expect(trellis(repository, "pin", "core", "--all").status == 64)
        #expect(trellis(repository, "pin", "core", "--diff", "--write").status == 64)
        #expect(trellis(repository, "pin", "core", "--style", "tilde").status == 64)
    }

    // MARK: Real tools

    /// Poetry 2.5.1: the pinned manifests pass `poetry check` (poetry.lock removed first: a pin
    /// changes the dependencies, so the old lock no longer matches and `poetry check` says so),
    /// and `poetry build` writes `Requires-Dist: lib-one (>=0.1.0,<0.2)` into the wheel.
    @Test(
        .enabled(if: E2ETools.poetry != nil || E2ETools.inCI, "Poetry is not installed: run tools/install-test-deps.sh")
    )
    func poetryChecksAndBuildsThePinnedProjects() throws {
        let made = try TemporaryRepository(prefix: "trellis-pin-poetry")
        let root = "\(made.root)/repo"
        let result = try Subprocess.run(["bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-poetry-monorepo.sh", root])
        try #require(result.status == 0, "\(result.stderr)")
        let pinned = runTrellis(["pin", "--all", "--write", "--root", root], in: root)
        try #require(pinned.status == 0, "\(pinned.stderr)")
        let poetry = try #require(E2ETools.poetry)
        let environment = [
            "env", "POETRY_CACHE_DIR=\(made.root)/cache", "POETRY_CONFIG_DIR=\(made.root)/config",
            "POETRY_DATA_DIR=\(made.root)/data", "POETRY_VIRTUALENVS_CREATE=false", "NO_COLOR=1",
        ]
        var requires: [String: [String]] = [:]
        for project in ["libs/lib-one", "projects/project-one", "projects/project-two"] {
            let folder = "\(root)/\(project)"
            try? FileManager.default.removeItem(atPath: "\(folder)/poetry.lock")
            let check = try Subprocess.run(environment + [poetry, "check"], in: folder)
            #expect(check.status == 0, "\(project): \(check.output)\(check.stderr)")
            let build = try Subprocess.run(environment + [poetry, "build", "-f", "wheel", "-q"], in: folder)
            try #require(build.status == 0, "\(project): \(build.stderr)")
            requires[project] = try Self.requiresDist(inWheelsOf: "\(folder)/dist")
        }
        #expect(requires["libs/lib-one"] == ["logger (>=0.1.0,<0.2)"])
        #expect(requires["projects/project-one"] == ["lib-one (>=0.1.0,<0.2)", "logger (>=0.1.0,<0.2)"])
        // project-two's lib-one is a dev group dependency: it never reaches the wheel.
        #expect(requires["projects/project-two"] == [])
    }

    /// uv 0.13.9: after `pin --all --write`, `uv lock --offline` still locks the workspace (the
    /// members' `workspace = true` sources stay) and `uv build` writes the pins into METADATA.
    @Test(.enabled(if: UVTool.path != nil || E2ETools.inCI, "uv is not installed: run tools/install-test-deps.sh"))
    func uvLocksAndBuildsThePinnedWorkspace() throws {
        let made = try TemporaryRepository(prefix: "trellis-pin-uv")
        let root = "\(made.root)/repo"
        let result = try Subprocess.run(["bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-uv-workspace.sh", root])
        try #require(result.status == 0, "\(result.stderr)")
        let pinned = runTrellis(["pin", "--all", "--write", "--root", root], in: root)
        try #require(pinned.status == 0, "\(pinned.stderr)")
        let uv = try #require(UVTool.path)
        let environment = [
            "env", "-u", "VIRTUAL_ENV", "UV_CACHE_DIR=\(made.root)/cache", "UV_PYTHON_DOWNLOADS=never",
            "UV_NO_PROGRESS=1",
        ]
        let lock = try Subprocess.run(environment + [uv, "lock", "--offline"], in: root)
        #expect(lock.status == 0, "uv lock: \(lock.stderr)")
        for project in ["projects/app", "projects/standalone"] {
            let build = try Subprocess.run(
                environment + [uv, "build", "--wheel", "--offline", "-o", "\(made.root)/dist"], in: "\(root)/\(project)"
            )
            try #require(build.status == 0, "\(project): \(build.stderr)")
        }
        let requires = try Self.requiresDist(inWheelsOf: "\(made.root)/dist")
        #expect(requires == ["lib-one>=0.1.0,<0.2", "lib-one>=0.1.0,<0.2", "logger>=0.1.0,<0.2"])
    }

    /// The `Requires-Dist` lines of every wheel's METADATA in `folder`, sorted, read with Python's zipfile.
    static func requiresDist(inWheelsOf folder: String) throws -> [String] {
        let script = """
            import glob, sys, zipfile
            for wheel in sorted(glob.glob(sys.argv[1] + "/*.whl")):
                with zipfile.ZipFile(wheel) as archive:
                    name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
                    for line in archive.read(name).decode().splitlines():
                        if line.startswith("Requires-Dist: "):
                            print(line[len("Requires-Dist: "):])
            """
        let result = try Subprocess.run(["python3", "-c", script, folder])
        #expect(result.status == 0, "\(result.stderr)")
        return result.output.split(separator: "\n").map(String.init).sorted()
    }
}
