import Testing
import TrellisCore

/// PEP 621 optional dependencies, PEP 735 dependency groups with `{include-group = …}`, and
/// PEP 508 direct references `name @ file:…` (relative, absolute, `${PROJECT_ROOT}`).
@Suite struct PEP621StyleTests {
    @Test func optionalDependenciesAndDependencyGroupsWithIncludes() {
        let result = snapshot([
            "libs/a/pyproject.toml": plainModule("a"),
            "libs/b/pyproject.toml": plainModule("b"),
            "libs/c/pyproject.toml": """
            [project]
            name = "c"
            version = "1.0"

            [project.optional-dependencies]
            file-surfer = ["a @ file:../a"]

            [dependency-groups]
            test = ["b @ file:///${PROJECT_ROOT}/../b", "pytest>=8"]
            dev = [{include-group = "test"}, "ruff"]
            loop = [{include-group = "loop"}]
            """,
        ])
        #expect(result.edgeLines == [
            "c → a file-surfer optional libs/c/pyproject.toml:6 path",
            "c → b dev libs/c/pyproject.toml:9 path",
            "c → b test libs/c/pyproject.toml:9 path",
        ])
        // A group including itself is reported with the chain, and read once.
        #expect(result.diagnosticLines == ["dependency-group-cycle libs/c/pyproject.toml:11"])
        #expect(result.requirements.map { "\($0.package) \($0.group)" }.sorted() == ["pytest dev", "pytest test", "ruff dev"])
    }

    @Test func absoluteFileURLInsideTheRepositoryAndOneThatEscapes() {
        let result = snapshot([
            "libs/a/pyproject.toml": plainModule("a"),
            "libs/c/pyproject.toml": """
            [project]
            name = "c"
            version = "1.0"
            dependencies = [
                "a @ file:///repo/libs/a",
                "outside @ file:../../../outside",
            ]
            """,
        ])
        #expect(result.edgeLines == ["c → a main libs/c/pyproject.toml:5 path"])
        #expect(result.diagnosticLines == ["path-escapes-root libs/c/pyproject.toml:6"])
    }

    /// PEP 503: `Lib_One`, `lib.one` and `lib-one` are one name everywhere.
    @Test func namesAreNormalizedEverywhere() {
        let result = snapshot([
            "libs/lib-one/pyproject.toml": plainModule("Lib_One"),
            "libs/app/pyproject.toml": """
            [project]
            name = "App.Main"
            version = "1.0"
            dependencies = ["LIB.one"]

            [tool.uv.sources]
            lib_one = { path = "../lib-one" }
            """,
        ])
        #expect(result.moduleNames == ["app-main", "lib-one"])
        #expect(result.edgeLines == ["app-main → lib-one main libs/app/pyproject.toml:4 path"])
    }
}
