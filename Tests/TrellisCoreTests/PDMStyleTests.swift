import Testing
import TrellisCore

/// PDM: `[tool.pdm.dev-dependencies]` and PEP 735 groups holding pip's editable form
/// `-e file:///${PROJECT_ROOT}/../x#egg=x` (what `pdm add -dG test -e ../x` writes), and
/// `[tool.pdm.resolution.overrides]` pinning a package to a folder.
@Suite struct PDMStyleTests {
    @Test func devDependenciesAndGroupsWithEditableProjectRootURLs() {
        let result = snapshot([
            "packages/core/pyproject.toml": plainModule("core"),
            "packages/utils/pyproject.toml": plainModule("utils"),
            "packages/app/pyproject.toml": """
            [project]
            name = "app"
            version = "0.1.0"

            [tool.pdm.dev-dependencies]
            test = [
                "-e file:///${PROJECT_ROOT}/../core#egg=core",
                "pytest>=8",
            ]

            [dependency-groups]
            lint = ["-e file:///${PROJECT_ROOT}/../utils#egg=utils"]
            """,
        ])
        #expect(result.edgeLines == [
            "app → core test editable packages/app/pyproject.toml:7 path",
            "app → utils lint editable packages/app/pyproject.toml:12 path",
        ])
        #expect(result.requirements.map { "\($0.package) \($0.group)" } == ["pytest test"])
        #expect(result.diagnostics.isEmpty)
    }

    /// A Docker-style absolute path (`/app/libs/x`, the repository mounted at /app) is resolved by
    /// the longest path suffix that ends exactly one module folder, with a diagnostic saying so;
    /// a path no module folder ends with stays unresolved, with a warning.
    @Test func resolutionOverridesWithContainerPaths() {
        let result = snapshot([
            "libs/x/pyproject.toml": plainModule("x"),
            "services/api/pyproject.toml": """
            [project]
            name = "api"
            version = "0.1.0"

            [tool.pdm.resolution.overrides]
            x = "file:///app/libs/x"
            ghost = "file:///app/vendor/ghost"
            urllib3 = ">=2"
            """,
        ])
        #expect(result.edgeLines == ["api → x pdm-overrides services/api/pyproject.toml:6 path-suffix"])
        #expect(result.diagnosticLines == [
            "resolved-by-path-suffix services/api/pyproject.toml:6",
            "unresolved-absolute-path services/api/pyproject.toml:7",
        ])
        // A version override declares no dependency.
        #expect(result.requirements.isEmpty)
    }
}
