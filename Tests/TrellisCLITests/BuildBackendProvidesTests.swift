import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The import names Trellis says a module provides, against the wheel the real build backend
/// makes of it: Poetry (`poetry build`, poetry-core 2.5), the uv build backend (`uv build`, run
/// in-process by uv 0.13.9), and Hatchling 1.33.0 and setuptools 84.2.1 (`uv build` installs them
/// in an isolated environment from the pinned wheels tools/install-test-deps.sh puts in
/// .build/wheels, offline; without them, the newest of each from PyPI). A wheel's import names are its top-level packages and
/// modules, a folder without `__init__.py` being a namespace whose portions are the names.
///
/// What each backend's documentation says, looked up for this test (and what the builds confirm):
/// - Poetry (pyproject.toml, `packages`): `{include = "core", from = "src"}` ships `src/core` as
///   `core`; without `packages`, a package named after the project in the root or `src/` is found.
/// - Hatch (wheel builder, "Default file selection"): without file selection options it tries
///   `<NAME>/__init__.py`, `src/<NAME>/__init__.py`, `<NAME>.py`, `<NAMESPACE>/<NAME>/__init__.py`
///   and fails the build otherwise; `packages = ["src/foo"]` ships `foo` (the path minus its
///   parents), `include = ["langgraph"]` ships the path as written (langgraph's own libs use this
///   for the `langgraph` namespace).
/// - setuptools (package discovery): explicit `packages` with `package-dir`, `py-modules`;
///   `[tool.setuptools.packages.find]` with `where`/`include`/`exclude`, namespaces on by
///   default in pyproject.toml; automatic discovery takes the src layout, else the flat layout
///   minus reserved names (`tests`, `docs`, …; the lists are in setuptools' `discovery.py`).
/// - uv build backend (`[tool.uv.build-backend]`): `module-root` defaults to `src`,
///   `module-name` to the project name with dots and dashes as underscores; a dotted name is a
///   namespace package (`acme.alpha`).
@Suite(
    .enabled(
        if: (UVTool.path != nil && E2ETools.poetry != nil) || E2ETools.inCI,
        "uv or Poetry is not installed: run tools/install-test-deps.sh"))
struct BuildBackendProvidesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var builder: String
        var files: [String: String]
        var testDescription: String { name }
    }

    static let poetryBackend = """
        [build-system]
        requires = ["poetry-core>=2.0"]
        build-backend = "poetry.core.masonry.api"
        """
    static let hatchBackend = """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"
        """
    static let setuptoolsBackend = """
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        """
    static let uvBackend = """
        [build-system]
        requires = ["uv_build>=0.13,<0.14"]
        build-backend = "uv_build"
        """

    static let cases: [Case] = [
        Case(
            name: "poetry packages include/from", builder: "poetry",
            files: [
                "pyproject.toml": """
                [project]
                name = "core"
                version = "1.0.0"
                [tool.poetry]
                packages = [{include = "core", from = "src"}, {include = "extra"}]
                \(poetryBackend)
                """,
                "src/core/__init__.py": "", "src/core/models.py": "", "extra/__init__.py": "",
            ]),
        Case(
            name: "poetry without packages: the project's package in src", builder: "poetry",
            files: [
                "pyproject.toml": "[project]\nname = \"lib-two\"\nversion = \"1.0.0\"\n\(poetryBackend)",
                "src/lib_two/__init__.py": "",
            ]),
        Case(
            name: "hatch wheel packages", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "util"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                packages = ["src/acme_util"]
                \(hatchBackend)
                """,
                "src/acme_util/__init__.py": "",
            ]),
        Case(
            name: "hatch wheel include of a namespace folder", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "langgraph-checkpoint"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                include = ["langgraph"]
                \(hatchBackend)
                """,
                "langgraph/checkpoint/__init__.py": "", "langgraph/cache/__init__.py": "",
            ]),
        Case(
            name: "hatch default file selection", builder: "uv",
            files: [
                "pyproject.toml": "[project]\nname = \"hat-pkg\"\nversion = \"1.0.0\"\n\(hatchBackend)",
                "hat_pkg/__init__.py": "",
            ]),
        Case(
            name: "setuptools flat layout minus reserved names", builder: "uv",
            files: [
                "pyproject.toml": "[project]\nname = \"flat-thing\"\nversion = \"1.0.0\"\n\(setuptoolsBackend)",
                "flatlib/__init__.py": "", "tests/__init__.py": "", "docs/conf.py": "",
            ]),
        Case(
            name: "setuptools src layout with a module", builder: "uv",
            files: [
                "pyproject.toml": "[project]\nname = \"src-thing\"\nversion = \"1.0.0\"\n\(setuptoolsBackend)",
                "src/pkg/__init__.py": "", "src/mod.py": "",
            ]),
        Case(
            name: "setuptools packages.find with include, exclude and namespaces", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "finder"
                version = "1.0.0"
                [tool.setuptools.packages.find]
                where = ["src"]
                include = ["acme*", "keep*"]
                exclude = ["keep_out*"]
                \(setuptoolsBackend)
                """,
                "src/acme/one/__init__.py": "", "src/keep/__init__.py": "", "src/keep_out/__init__.py": "",
                "src/skip/__init__.py": "",
            ]),
        Case(
            name: "setuptools packages, package-dir and py-modules", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "explicit"
                version = "1.0.0"
                [tool.setuptools]
                packages = ["core", "core.sub"]
                package-dir = {"" = "lib"}
                py-modules = ["single"]
                \(setuptoolsBackend)
                """,
                "lib/core/__init__.py": "", "lib/core/sub/__init__.py": "", "lib/single.py": "",
            ]),
        // Hatch file selection beyond `packages`, built by Hatchling 1.33.0 (pinned wheels):
        // `include` globs select among the files and `sources` (a list of prefixes, or a table of
        // rewrites) moves them; `exclude` wins over `include`; `only-include` ignores `include`;
        // `force-include` maps a source folder to a wheel path, and adds to the default file
        // selection (hatchling's WheelBuilderConfig counts only include/packages/only-include as
        // a selection).
        Case(
            name: "hatch include glob with a sources prefix", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "h-glob"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                include = ["src/pkg/*.py"]
                sources = ["src"]
                \(hatchBackend)
                """,
                "src/pkg/__init__.py": "", "src/pkg/a.py": "", "src/other/__init__.py": "",
            ]),
        Case(
            name: "hatch include ** glob, exclude, sources rewrite table", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "h-rewrite"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                include = ["/lib/**/*.py"]
                exclude = ["lib/skip*"]
                [tool.hatch.build.targets.wheel.sources]
                "lib" = ""
                \(hatchBackend)
                """,
                "lib/alpha/__init__.py": "", "lib/skipme/__init__.py": "", "lib/tool.py": "",
            ]),
        Case(
            name: "hatch only-include ignores include", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "h-only"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                only-include = ["pkg"]
                include = ["other"]
                \(hatchBackend)
                """,
                "pkg/__init__.py": "", "other/__init__.py": "",
            ]),
        Case(
            name: "hatch force-include beside packages", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "h-force"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                packages = ["src/acme"]
                [tool.hatch.build.targets.wheel.force-include]
                "shared/helpers" = "acme_helpers"
                \(hatchBackend)
                """,
                "src/acme/__init__.py": "", "shared/helpers/__init__.py": "",
            ]),
        Case(
            name: "hatch force-include adds to the default file selection", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "hat-force"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel.force-include]
                "extra/tools.py" = "hat_tools.py"
                \(hatchBackend)
                """,
                "hat_force/__init__.py": "", "extra/tools.py": "",
            ]),
        Case(
            name: "hatch include glob of a namespace folder", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "h-ns"
                version = "1.0.0"
                [tool.hatch.build.targets.wheel]
                include = ["ns/*/*.py"]
                \(hatchBackend)
                """,
                "ns/a/__init__.py": "", "ns/b/__init__.py": "", "top.py": "",
            ]),
        // setuptools 84.2.1 (pinned wheel): `package-dir` maps one package as well as the root
        // (`{"core" = "lib/core", "" = "src"}`); `packages.find` ships packages, never a module
        // file beside them (`src/mod.py` stays out); a static setup.cfg's `[options]` (`packages
        // = find:` finds only folders with `__init__.py`, `find_namespace:` PEP 420 folders too,
        // `[options.packages.find] where`, `package_dir` as `name = folder` lines, `py_modules`).
        Case(
            name: "setuptools package-dir per package and for the root", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "per-package"
                version = "1.0.0"
                [tool.setuptools]
                packages = ["core", "core.sub", "extra"]
                package-dir = {"core" = "lib/core", "" = "src"}
                \(setuptoolsBackend)
                """,
                "lib/core/__init__.py": "", "lib/core/sub/__init__.py": "", "src/extra/__init__.py": "",
            ]),
        Case(
            name: "setuptools packages.find ships no module file", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "find-no-module"
                version = "1.0.0"
                [tool.setuptools.packages.find]
                where = ["src"]
                \(setuptoolsBackend)
                """,
                "src/pkg/__init__.py": "", "src/mod.py": "",
            ]),
        Case(
            name: "setup.cfg packages = find: with package_dir and where", builder: "uv",
            files: [
                "pyproject.toml": setuptoolsBackend,
                "setup.cfg": """
                [metadata]
                name = cfg-find
                version = 1.0.0

                [options]
                packages = find:
                package_dir =
                    =src

                [options.packages.find]
                where = src
                """,
                "src/one/__init__.py": "", "src/ns/two/__init__.py": "", "src/mod.py": "",
            ]),
        Case(
            name: "setup.cfg packages = find_namespace:", builder: "uv",
            files: [
                "pyproject.toml": setuptoolsBackend,
                "setup.cfg": """
                [metadata]
                name = cfg-namespace
                version = 1.0.0

                [options]
                packages = find_namespace:
                package_dir =
                    =src

                [options.packages.find]
                where = src
                """,
                "src/one/__init__.py": "", "src/ns/two/__init__.py": "", "src/mod.py": "",
            ]),
        Case(
            name: "setup.cfg package list, package_dir of one package, py_modules", builder: "uv",
            files: [
                "pyproject.toml": setuptoolsBackend,
                "setup.cfg": """
                [metadata]
                name = cfg-list
                version = 1.0.0

                [options]
                packages = a, b.c
                py_modules = single
                package_dir =
                    b = lib/b
                """,
                "a/__init__.py": "", "lib/b/c/__init__.py": "", "single.py": "",
            ]),
        Case(
            name: "uv module-name of a namespace package", builder: "uv",
            files: [
                "pyproject.toml": """
                [project]
                name = "acme-alpha"
                version = "1.0.0"
                [tool.uv.build-backend]
                module-name = "acme.alpha"
                \(uvBackend)
                """,
                "src/acme/alpha/__init__.py": "",
            ]),
        Case(
            name: "uv default module name", builder: "uv",
            files: [
                "pyproject.toml": "[project]\nname = \"my.tool-kit\"\nversion = \"1.0.0\"\n\(uvBackend)",
                "src/my_tool_kit/__init__.py": "",
            ]),
    ]

    /// .build/wheels when tools/install-test-deps.sh has put the pinned Hatchling and setuptools there.
    static var pinnedWheels: String? {
        let folder = "\(ProjectPaths.packageRoot)/.build/wheels"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.contains { $0.hasPrefix("hatchling-") } && names.contains { $0.hasPrefix("setuptools-") }
            ? folder : nil
    }

    /// The import names of a wheel: its top-level modules, and per top-level folder the
    /// shallowest folders with an `__init__.py` (a namespace's portions).
    static func importNames(ofWheel path: String) throws -> Set<String> {
        let listed = try Subprocess.run([
            "python3", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path,
        ])
        try #require(listed.status == 0, "python3 could not list \(path): \(listed.stderr)")
        let entries = listed.output.split(separator: "\n").map(String.init).filter {
            $0.hasSuffix(".py") && !$0.split(separator: "/")[0].hasSuffix(".dist-info")
        }
        let all = Set(entries)
        var names: Set<String> = []
        for entry in entries {
            let parts = entry.split(separator: "/").map(String.init)
            if parts.count == 1 {
                names.insert(String(entry.dropLast(3)))
                continue
            }
            if let depth = (1..<parts.count).first(where: {
                all.contains(parts[0..<$0].joined(separator: "/") + "/__init__.py")
            }) {
                names.insert(parts[0..<depth].joined(separator: "."))
            }
        }
        return names
    }

    @Test(arguments: cases)
    func trellisNamesWhatTheRealBackendShips(_ item: Case) throws {
        let repository = try TemporaryRepository(item.files, prefix: "trellis-backend")
        let root = repository.root
        let built: Subprocess.Result
        if item.builder == "poetry" {
            built = try Subprocess.run(
                [try #require(E2ETools.poetry), "build", "-f", "wheel", "-q", "--no-ansi"], in: root)
        } else if let wheels = Self.pinnedWheels {
            // Hatchling and setuptools at the versions tools/install-test-deps.sh pins, offline.
            built = try Subprocess.run(
                [
                    try #require(UVTool.path), "build", "--wheel", "-q", "--no-index", "--find-links", wheels, "-o",
                    "\(root)/dist", root,
                ], in: root)
        } else {
            built = try Subprocess.run(
                [try #require(UVTool.path), "build", "--wheel", "-q", "-o", "\(root)/dist", root], in: root)
        }
        try #require(built.status == 0, "\(item.builder) build failed: \(built.stderr)")
        let wheels = try FileManager.default.contentsOfDirectory(atPath: "\(root)/dist").filter { $0.hasSuffix(".whl") }
        let wheel = try #require(wheels.first, "no wheel in \(root)/dist")
        let shipped = try Self.importNames(ofWheel: "\(root)/dist/\(wheel)")

        let files = item.files.keys.filter { $0.hasSuffix(".py") }.sorted()
        let manifest = try TOMLParser.parse(try #require(item.files["pyproject.toml"]))
        let setupCfg = item.files["setup.cfg"]
        let name = try #require(
            manifest["project"]?.table?["name"]?.string
                ?? setupCfg.flatMap { SetupCfgParser().parse(file: "setup.cfg", text: $0).name })
        let module = Module(name: ModuleName(name), path: ".", manifest: "pyproject.toml")
        let provided = ImportProviders.provided(by: module, manifest: manifest, setupCfg: setupCfg, files: files)
        #expect(Set(provided.map(\.name)) == shipped, "\(item.name): the wheel ships \(shipped.sorted())")
    }
}
