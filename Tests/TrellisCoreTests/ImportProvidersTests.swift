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
}
