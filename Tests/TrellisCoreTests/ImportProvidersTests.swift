import Foundation
import Testing

@testable import TrellisCore

/// Which import names a module provides, per build backend. What each backend's documentation
/// says (looked up for this test):
/// - Poetry (pyproject docs, `packages`): `{include = "pkg", from = "src"}` ships `src/pkg` as
///   `pkg`; without `packages`, Poetry detects a package named after the project in the root or `src/`.
/// - Hatch (wheel builder, "default file selection"): `packages = ["src/foo"]` ships the folder as
///   `foo`; without options it tries `<NAME>/__init__.py`, `src/<NAME>/__init__.py`, `<NAME>.py`,
///   `<NAMESPACE>/<NAME>/__init__.py` and fails the build when none is found.
/// - setuptools (package discovery): explicit `packages` (dotted) with `package-dir`; `find` with
///   `where`/`include`/`exclude`, namespaces on by default in pyproject.toml; automatic discovery
///   takes src-layout, then flat-layout without reserved names (tests, docs, examples, …), then
///   single modules.
/// - uv build backend: `module-root` defaults to `src`, `module-name` to the project name with
///   dots and dashes replaced by underscores; a dotted `module-name` is a namespace package.
@Suite struct ImportProvidersTests {
    func provided(_ name: String, _ toml: String, _ files: [String]) throws -> [String] {
        let module = Module(name: ModuleName(name), path: "m", manifest: "m/pyproject.toml")
        return ImportProviders.provided(by: module, manifest: try TOMLParser.parse(toml), files: files).map {
            "\($0.name) \($0.location)"
        }
    }

    @Test func poetryPackagesIncludeFrom() throws {
        let toml = """
            [tool.poetry]
            packages = [{include = "lib_one", from = "src"}, {include = "extra"}, {include = "acme/tools", from = "src"}]
            """
        #expect(
            try provided("lib-one", toml, ["src/lib_one/__init__.py", "extra/__init__.py"]) == [
                "acme.tools src/acme/tools", "extra extra", "lib_one src/lib_one",
            ])
    }

    @Test func hatchWheelPackagesUseTheLastPart() throws {
        let toml = """
            [tool.hatch.build.targets.wheel]
            packages = ["src/foo", "bar/"]
            """
        #expect(try provided("x", toml, []) == ["bar bar", "foo src/foo"])
    }

    @Test func setuptoolsExplicitPackagesWithPackageDir() throws {
        let toml = """
            [tool.setuptools]
            packages = ["core", "core.sub", "other"]
            package-dir = {"" = "lib"}
            py-modules = ["single"]
            """
        #expect(try provided("x", toml, []) == ["core lib/core", "other lib/other", "single lib/single.py"])
    }

    @Test func setuptoolsFindWithIncludeExcludeAndNamespaces() throws {
        let toml = """
            [tool.setuptools.packages.find]
            where = ["src"]
            include = ["acme*", "keep*"]
            exclude = ["keep_out*"]
            """
        let files = [
            "src/acme/one/__init__.py", "src/keep/__init__.py", "src/keep_out/__init__.py", "src/skip/__init__.py",
        ]
        #expect(try provided("x", toml, files) == ["acme.one src/acme/one", "keep src/keep"])
    }

    @Test func uvModuleNameAndRoot() throws {
        #expect(
            try provided("my.tool-kit", "[build-system]\nbuild-backend = \"uv_build\"", []) == [
                "my_tool_kit src/my_tool_kit"
            ])
        let toml = """
            [tool.uv.build-backend]
            module-name = "acme.core"
            module-root = ""
            """
        #expect(try provided("x", toml, ["acme/core/__init__.py"]) == ["acme.core acme/core"])
    }

    @Test func defaultsFindTheProjectsPackageThenDiscover() throws {
        #expect(
            try provided("lib-two", "", ["src/lib_two/__init__.py", "src/other/__init__.py"]) == ["lib_two src/lib_two"]
        )
        #expect(try provided("lib-two", "", ["lib_two/__init__.py", "tests/test_a.py"]) == ["lib_two lib_two"])
        #expect(try provided("tool", "", ["tool.py", "setup.py"]) == ["tool tool.py"])
        // setuptools' flat layout without a package named after the project: reserved names are left out.
        #expect(
            try provided("x", "", ["alpha/__init__.py", "tests/__init__.py", "docs/conf.py", "setup.py"]) == [
                "alpha alpha"
            ])
        // src layout with a namespace folder (no __init__.py): its portions.
        #expect(
            try provided("x", "", ["src/acme/two/__init__.py", "src/acme/two/m.py"]) == ["acme.two src/acme/two"])
    }

    @Test func hatchIncludeShipsThePathAndANamespaceFolderSplitsIntoPortions() throws {
        // langgraph's libs/checkpoint: `include = ["langgraph"]`, a folder without __init__.py.
        let toml = """
            [tool.hatch.build.targets.wheel]
            include = ["langgraph", "*.md", "/tools/cli.py"]
            """
        #expect(
            try provided("x", toml, ["langgraph/checkpoint/__init__.py", "langgraph/store/__init__.py"]) == [
                "langgraph.checkpoint langgraph/checkpoint", "langgraph.store langgraph/store",
                "tools.cli tools/cli.py",
            ])
        let sources = """
            [tool.hatch.build]
            only-include = ["src/pkg"]
            sources = ["src"]
            """
        #expect(try provided("x", sources, ["src/pkg/__init__.py"]) == ["pkg src/pkg"])
    }

    @Test func hatchsNamespaceHeuristicAndSetuptoolsReservedNames() throws {
        #expect(try provided("tool", "", ["acme/tool/__init__.py"]) == ["acme.tool acme/tool"])
        // setuptools 65.5.0 discovery.py: utils, ci, benchmarks and `_private` are never flat-layout packages.
        let files = [
            "utils/__init__.py", "ci/__init__.py", "benchmarks/__init__.py", "_private/__init__.py", "real/__init__.py",
        ]
        #expect(try provided("x", "", files) == ["real real"])
        #expect(try provided("x", "", ["noxfile.py", "manage.py", "_hidden.py", "cli.py"]) == ["cli cli.py"])
    }

    func provided(_ name: String, setupCfg: String, _ files: [String]) -> [String] {
        let module = Module(name: ModuleName(name), path: "m", manifest: "m/setup.cfg")
        return ImportProviders.provided(by: module, manifest: nil, setupCfg: setupCfg, files: files).map {
            "\($0.name) \($0.location)"
        }
    }

    /// Hatch's git-style globs (pathspec's gitwildmatch): unanchored names match at any depth,
    /// a `/` anchors, `**` spans folders, a matched folder selects its files, `!` re-excludes.
    @Test(arguments: [
        ("*.py", "a/b/c.py", true), ("pkg", "src/pkg/x.py", true), ("/pkg", "src/pkg/x.py", false),
        ("/src/pkg", "src/pkg/x.py", true), ("src/*.py", "src/a/b.py", false), ("src/**/*.py", "src/a/b.py", true),
        ("src/**", "src/a/b.py", true), ("t?st_[a-c].py", "tests/test_b.py", true),
        ("t?st_[!a-c].py", "test_b.py", false),
        ("pkg/", "pkg", false), ("pkg/", "pkg/a.py", true),
    ])
    func gitWildMatch(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(GitWildMatch.matches(pattern, path) == expected)
    }

    @Test func gitWildMatchLastPatternDecides() {
        #expect(GitWildMatch.selects(["pkg", "!pkg/_compat.py"], "pkg/a.py"))
        #expect(!GitWildMatch.selects(["pkg", "!pkg/_compat.py"], "pkg/_compat.py"))
    }

    @Test func hatchIncludeGlobsSourcesTablesAndForceInclude() throws {
        let globs = """
            [tool.hatch.build]
            include = ["/lib/**/*.py"]
            exclude = ["skip*"]
            [tool.hatch.build.sources]
            "lib" = ""
            """
        let files = ["lib/alpha/__init__.py", "lib/alpha/x.py", "lib/skipme/__init__.py", "lib/tool.py", "other.py"]
        #expect(try provided("x", globs, files) == ["alpha lib/alpha", "tool lib/tool.py"])
        // The wheel target's option wins over the build's; `only-include` ignores `include`.
        let target = """
            [tool.hatch.build]
            include = ["lib"]
            [tool.hatch.build.targets.wheel]
            only-include = ["pkg"]
            [tool.hatch.build.targets.wheel.force-include]
            "../shared/helpers" = "acme/helpers"
            "data/schema.json" = "pkg/schema.json"
            """
        #expect(try provided("x", target, ["pkg/__init__.py"]) == ["acme.helpers ../shared/helpers", "pkg pkg"])
        // force-include adds to the default selection (a package named after the project).
        let forced = """
            [tool.hatch.build.targets.wheel.force-include]
            "extra/tools.py" = "hat_tools.py"
            """
        #expect(
            try provided("hat-force", forced, ["hat_force/__init__.py", "extra/tools.py"]) == [
                "hat_force hat_force", "hat_tools extra/tools.py",
            ])
    }

    @Test func setuptoolsPackageDirMapsOnePackageAndTheRoot() throws {
        let toml = """
            [tool.setuptools]
            packages = ["core", "core.sub", "extra", "deep.inner"]
            package-dir = {"core" = "lib/core", "" = "src", "deep.inner" = "elsewhere"}
            py-modules = ["single"]
            """
        #expect(
            try provided("x", toml, []) == [
                "core lib/core", "deep.inner elsewhere", "extra src/extra", "single src/single.py",
            ])
        // packages.find gives packages only, never the module files beside them.
        let find = "[tool.setuptools.packages.find]\nwhere = [\"src\"]"
        #expect(try provided("x", find, ["src/pkg/__init__.py", "src/mod.py"]) == ["pkg src/pkg"])
    }

    @Test func aStaticSetupCfgConfiguresThePackages() {
        let find = """
            [metadata]
            name = x

            [options]
            packages = find:
            package_dir =
                =src

            [options.packages.find]
            where = src
            exclude =
                one.tests*
            """
        let files = ["src/one/__init__.py", "src/one/tests/__init__.py", "src/ns/two/__init__.py", "src/mod.py"]
        #expect(provided("x", setupCfg: find, files) == ["one src/one"])
        let namespaces = find.replacingOccurrences(of: "find:", with: "find_namespace:")
        #expect(provided("x", setupCfg: namespaces, files) == ["ns.two src/ns/two", "one src/one"])
        let list = """
            [options]
            packages = a, b.c
            py_modules = single
            package_dir =
                b = lib/b
            """
        #expect(provided("x", setupCfg: list, []) == ["a a", "b.c lib/b/c", "single single.py"])
        // Without package options, setuptools discovers the layout.
        #expect(provided("x", setupCfg: "[metadata]\nname = x\n", ["src/found/__init__.py"]) == ["found src/found"])
    }

    /// Test code: in a `tests`/`test`/`testing` folder, `test_*.py`, `*_test.py`, `conftest.py`.
    @Test(arguments: [
        ("tests/a.py", true), ("src/pkg/test/a.py", true), ("testing/x/y.py", true), ("test_a.py", true),
        ("pkg/a_test.py", true), ("conftest.py", true), ("pkg/conftest.py", true), ("pkg/tests.py", false),
        ("pkg/testsuite/a.py", false), ("latest.py", false), ("pkg/contest.py", false), ("a_test.pyc", false),
    ])
    func testFilesAreToldApart(_ path: String, _ expected: Bool) {
        #expect(ImportGraph.isTest(path) == expected)
    }
}
