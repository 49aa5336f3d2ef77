import Foundation
import Testing
import TrellisCore

/// Poetry 1.x tables and Poetry 2.x PEP 621 lists enriched by `[tool.poetry.dependencies]`.
/// The declaration lines are taken from real repositories (promptflow's src/promptflow-*
/// pyproject files, and what Poetry 2.5.1 writes: tools/e2e/FACTS.md).
@Suite struct PoetryStyleTests {
    let libs = [
        "src/lib-one/pyproject.toml": plainModule("lib-one"),
        "src/lib-opt/pyproject.toml": plainModule("lib-opt"),
        "src/lib-dev/pyproject.toml": plainModule("lib-dev"),
        "src/lib-multi/pyproject.toml": plainModule("lib-multi"),
    ]

    @Test func poetryOneTablesGroupsDevelopOptionalAndMultipleConstraints() {
        let manifest = """
        [tool.poetry]
        name = "promptflow-devkit"
        version = "1.18.0"

        [tool.poetry.dependencies]
        python = "<4.0,>=3.9"
        lib-one = {path = "../lib-one", extras = ["azureml-serving"], develop = true}
        lib-opt = {path = "../lib-opt", optional = true}
        lib-multi = [
            {path = "../lib-multi", markers = "sys_platform == 'linux'", develop = true},
            {version = "^1.0", markers = "sys_platform != 'linux'"},
        ]

        [tool.poetry.dev-dependencies]
        lib-dev = {path = "../lib-dev"}

        [tool.poetry.group.ci.dependencies]
        lib-one = {path = "../lib-one", extras = ["azureml-serving"]}

        [tool.poetry.extras]
        azure = ["lib-opt"]
        """
        var files = libs
        files["src/devkit/pyproject.toml"] = manifest
        let result = snapshot(files)
        #expect(result.edgeLines == [
            "promptflow-devkit → lib-dev dev src/devkit/pyproject.toml:15 path",
            "promptflow-devkit → lib-multi main editable src/devkit/pyproject.toml:10 path",
            "promptflow-devkit → lib-one ci src/devkit/pyproject.toml:18 path",
            "promptflow-devkit → lib-one main editable src/devkit/pyproject.toml:7 path",
            // optional = true, listed in [tool.poetry.extras] azure: the extra is its group.
            "promptflow-devkit → lib-opt azure optional src/devkit/pyproject.toml:8 path",
        ])
        // The second constraint of lib-multi installs it from the index on other platforms: a name reference.
        #expect(result.nameReferences.map { "\($0.from)→\($0.to) \($0.specifier) line \($0.line)" } == ["promptflow-devkit→lib-multi ^1.0 line 11"])
        #expect(result.diagnostics.isEmpty)
    }

    /// Poetry 2.5.1: `poetry add --editable ../../libs/lib-one` writes an absolute file URL of the
    /// machine where it ran, plus `{develop = true}`; poetry.lock keeps the path relative.
    static let poetryTwo = """
    [project]
    name = "project-one"
    version = "0.1.0"
    dependencies = [
        "lib-one @ file:///home/alice/work/repo/libs/lib-one"
    ]

    [tool.poetry.dependencies]
    lib-one = {develop = true}
    """

    static let poetryLock = """
    [[package]]
    name = "lib-one"
    version = "0.1.0"
    optional = false
    python-versions = ">=3.10"
    files = []
    develop = true

    [package.source]
    type = "directory"
    url = "../../libs/lib-one"

    [metadata]
    lock-version = "2.1"
    """

    @Test func poetryTwoAbsoluteURLResolvesThroughTheLockFile() {
        let result = snapshot([
            "libs/lib-one/pyproject.toml": plainModule("lib-one"),
            "projects/project-one/pyproject.toml": Self.poetryTwo,
            "projects/project-one/poetry.lock": Self.poetryLock,
        ])
        #expect(result.edgeLines == ["project-one → lib-one main editable projects/project-one/pyproject.toml:5 lock-file"])
        #expect(result.diagnosticLines == ["resolved-by-lock-file projects/project-one/pyproject.toml:5"])
    }

    @Test func poetryTwoAbsoluteURLWithoutLockResolvesByPathSuffix() {
        let result = snapshot([
            "libs/lib-one/pyproject.toml": plainModule("lib-one"),
            "projects/project-one/pyproject.toml": Self.poetryTwo,
        ])
        #expect(result.edgeLines == ["project-one → lib-one main editable projects/project-one/pyproject.toml:5 path-suffix"])
        #expect(result.diagnosticLines == ["resolved-by-path-suffix projects/project-one/pyproject.toml:5"])
    }

    @Test func poetryTwoURLInsideThisCheckoutIsAPlainPath() {
        let result = snapshot([
            "libs/lib-one/pyproject.toml": plainModule("lib-one"),
            "projects/project-one/pyproject.toml": Self.poetryTwo.replacingOccurrences(of: "/home/alice/work/repo", with: "/repo"),
        ])
        #expect(result.edgeLines == ["project-one → lib-one main editable projects/project-one/pyproject.toml:5 path"])
        #expect(result.diagnostics.isEmpty)
    }
}

/// A path to a built archive is a local file, not a module: a requirement, not a broken path.
@Test func poetryPathToAWheelIsARequirement() {
    let result = snapshot([
        "libs/app/pyproject.toml": """
        [tool.poetry]
        name = "app"
        version = "1.0"

        [tool.poetry.dependencies]
        vendored = {path = "../../dist/vendored-1.0-py3-none-any.whl"}
        """,
    ])
    #expect(result.edges.isEmpty)
    #expect(result.diagnostics.isEmpty)
    #expect(result.requirements.map { "\($0.package) \($0.specifier) line \($0.line)" } == ["vendored @ ../../dist/vendored-1.0-py3-none-any.whl line 6"])
}
