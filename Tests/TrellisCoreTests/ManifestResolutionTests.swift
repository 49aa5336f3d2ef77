import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The resolution level: the manifests of one repository state, every style, resolved into
/// modules, path edges, requirements and diagnostics the way a scan does (`resolveRepository`).
/// How one manifest is read is `ManifestParsingTests`.
@Suite struct ManifestResolutionTests {
    // MARK: Poetry

    /// Poetry 1.x tables and Poetry 2.x PEP 621 lists enriched by `[tool.poetry.dependencies]`.
    /// The declaration lines are taken from real repositories (promptflow's src/promptflow-*
    /// pyproject files, and what Poetry 2.5.1 writes: tools/e2e/FACTS.md).
    static let poetryLibs = [
        "src/lib-one/pyproject.toml": project("lib-one"),
        "src/lib-opt/pyproject.toml": project("lib-opt"),
        "src/lib-dev/pyproject.toml": project("lib-dev"),
        "src/lib-multi/pyproject.toml": project("lib-multi"),
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
        var files = Self.poetryLibs
        files["src/devkit/pyproject.toml"] = manifest
        let result = resolveRepository(files)
        #expect(
            result.edgeLines == [
                "promptflow-devkit -> lib-dev dev path src/devkit/pyproject.toml:15",
                "promptflow-devkit -> lib-multi main editable path src/devkit/pyproject.toml:10",
                "promptflow-devkit -> lib-one ci path src/devkit/pyproject.toml:18",
                "promptflow-devkit -> lib-one main editable path src/devkit/pyproject.toml:7",
                // optional = true, listed in [tool.poetry.extras] azure: the extra is its group.
                "promptflow-devkit -> lib-opt azure optional path src/devkit/pyproject.toml:8",
            ])
        // The second constraint of lib-multi installs it from the index on other platforms: a name reference.
        #expect(
            result.nameReferences.map {
                "\(result.name(of: $0.from))→\(result.name(of: $0.to)) \($0.specifier) line \($0.line)"
            } == [
                "promptflow-devkit→lib-multi ^1.0 line 11"
            ])
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
        let result = resolveRepository([
            "libs/lib-one/pyproject.toml": project("lib-one"),
            "projects/project-one/pyproject.toml": Self.poetryTwo,
            "projects/project-one/poetry.lock": Self.poetryLock,
        ])
        #expect(
            result.edgeLines == ["project-one -> lib-one main editable lock-file projects/project-one/pyproject.toml:5"]
        )
        #expect(result.diagnosticLines == ["resolved-by-lock-file projects/project-one/pyproject.toml:5"])
    }

    @Test func poetryTwoAbsoluteURLWithoutLockResolvesByPathSuffix() {
        let result = resolveRepository([
            "libs/lib-one/pyproject.toml": project("lib-one"),
            "projects/project-one/pyproject.toml": Self.poetryTwo,
        ])
        #expect(
            result.edgeLines == [
                "project-one -> lib-one main editable path-suffix projects/project-one/pyproject.toml:5"
            ])
        #expect(result.diagnosticLines == ["resolved-by-path-suffix projects/project-one/pyproject.toml:5"])
    }

    @Test func poetryTwoURLInsideThisCheckoutIsAPlainPath() {
        let result = resolveRepository([
            "libs/lib-one/pyproject.toml": project("lib-one"),
            "projects/project-one/pyproject.toml": Self.poetryTwo.replacingOccurrences(
                of: "/home/alice/work/repo", with: "/repo"),
        ])
        #expect(result.edgeLines == ["project-one -> lib-one main editable path projects/project-one/pyproject.toml:5"])
        #expect(result.diagnostics.isEmpty)
    }

    /// A path to a built archive is a local file, not a module: a requirement, not a broken path.
    @Test func poetryPathToAWheelIsARequirement() {
        let result = resolveRepository([
            "libs/app/pyproject.toml": """
            [tool.poetry]
            name = "app"
            version = "1.0"

            [tool.poetry.dependencies]
            vendored = {path = "../../dist/vendored-1.0-py3-none-any.whl"}
            """
        ])
        #expect(result.edges.isEmpty)
        #expect(result.diagnostics.isEmpty)
        #expect(
            result.requirements.map { "\($0.package) \($0.specifier) line \($0.line)" } == [
                "vendored @ ../../dist/vendored-1.0-py3-none-any.whl line 6"
            ])
    }

    // MARK: uv

    /// uv sources and workspaces. Lines as real repositories write them: langgraph's
    /// `langgraph-checkpoint = { path = "../checkpoint", editable = true }`, pydantic-ai's
    /// `pydantic-graph = { workspace = true }`, autogen's nameless root whose `[tool.uv.sources]`
    /// the members inherit (uv applies a workspace root's sources to every member).
    @Test func pathSourceEditableAndPlain() {
        let result = resolveRepository([
            "libs/checkpoint/pyproject.toml": project("langgraph-checkpoint"),
            "libs/sdk-py/pyproject.toml": project("langgraph-sdk"),
            "libs/prebuilt/pyproject.toml": """
            [project]
            name = "langgraph-prebuilt"
            version = "1.1.0"
            dependencies = [
                "langgraph-checkpoint>=2.1.0,<5.0.0",
                "langgraph_sdk",
            ]

            [tool.uv.sources]
            langgraph-checkpoint = { path = "../checkpoint", editable = true }
            langgraph-sdk = { path = "../sdk-py" }
            """,
        ])
        #expect(
            result.edgeLines == [
                "langgraph-prebuilt -> langgraph-checkpoint main editable path libs/prebuilt/pyproject.toml:5",
                "langgraph-prebuilt -> langgraph-sdk main path libs/prebuilt/pyproject.toml:6",
            ])
        #expect(result.requirements.isEmpty)
    }

    /// A named root with `[project]` is a module too; members by glob, one excluded; a member's
    /// `{ workspace = true }` resolves by name among the members.
    @Test func workspaceMembersExcludeAndTheRootModule() {
        let result = resolveRepository([
            "pyproject.toml": """
            [project]
            name = "pydantic-ai"
            dynamic = ["version"]
            dependencies = ["pydantic-ai-slim[openai]"]

            [tool.uv.sources]
            pydantic-ai-slim = { workspace = true }

            [tool.uv.workspace]
            members = ["packages/*"]
            exclude = ["packages/legacy"]
            """,
            "packages/slim/pyproject.toml": """
            [project]
            name = "pydantic-ai-slim"
            dynamic = ["version"]
            dependencies = ["pydantic-graph"]

            [tool.uv.sources]
            pydantic-graph = { workspace = true }
            """,
            "packages/graph/pyproject.toml": "[project]\nname = \"pydantic-graph\"\ndynamic = [\"version\"]\n",
            "packages/legacy/pyproject.toml": """
            [project]
            name = "legacy"
            version = "0.1"
            dependencies = ["pydantic-graph"]

            [tool.uv.sources]
            pydantic-graph = { workspace = true }
            """,
        ])
        #expect(result.moduleNames == ["legacy", "pydantic-ai", "pydantic-ai-slim", "pydantic-graph"])
        #expect(
            result.edgeLines == [
                "legacy -> pydantic-graph main editable workspace packages/legacy/pyproject.toml:4",
                "pydantic-ai -> pydantic-ai-slim main editable workspace pyproject.toml:4",
                "pydantic-ai-slim -> pydantic-graph main editable workspace packages/slim/pyproject.toml:4",
            ])
        #expect(result.edges.allSatisfy { $0.inheritedFrom == nil }, "each member declares its own source")
        // The excluded folder is no member: uv would refuse it; Trellis resolves by name and says so.
        #expect(result.diagnosticLines == ["not-a-workspace-member packages/legacy/pyproject.toml:4"])
        // dynamic = ["version"]: no version, and no diagnostic about it.
        #expect(result.modules.first { $0.name == ModuleName("pydantic-graph") }?.version == nil)
    }

    /// autogen: `python/pyproject.toml` has no [project], only the workspace and the sources.
    @Test func membersInheritTheSourcesOfANamelessRoot() {
        let result = resolveRepository([
            "python/pyproject.toml": """
            [tool.uv.workspace]
            members = ["packages/*"]

            [tool.uv.sources]
            autogen-core = { workspace = true }
            """,
            "python/packages/autogen-core/pyproject.toml": project("autogen-core"),
            "python/packages/autogen-agentchat/pyproject.toml": """
            [project]
            name = "autogen-agentchat"
            version = "0.7.5"
            dependencies = [
                "autogen-core==0.7.5",
            ]
            """,
        ])
        #expect(result.moduleNames == ["autogen-agentchat", "autogen-core"])
        #expect(
            result.edgeLines == [
                "autogen-agentchat -> autogen-core main editable workspace python/packages/autogen-agentchat/pyproject.toml:5"
            ])
        #expect(result.diagnostics.isEmpty)
        // The root that holds the inherited source is a typed field, not a suffix of the text.
        #expect(result.edges.map(\.inheritedFrom) == ["python/pyproject.toml"])
    }

    @Test func workspaceSourceWithNoSuchModuleIsExplained() {
        let result = resolveRepository([
            "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"libs/*\"]\n",
            "libs/a/pyproject.toml":
                "[project]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"ghost\"]\n[tool.uv.sources]\nghost = { workspace = true }\n",
        ])
        #expect(result.edges.isEmpty)
        #expect(result.diagnosticLines == ["broken-workspace-source libs/a/pyproject.toml:4"])
    }

    // MARK: PEP 621 and PEP 735

    /// PEP 621 optional dependencies, PEP 735 dependency groups with `{include-group = …}`, and
    /// PEP 508 direct references `name @ file:…` (relative, absolute, `${PROJECT_ROOT}`).
    @Test func optionalDependenciesAndDependencyGroupsWithIncludes() {
        let result = resolveRepository([
            "libs/a/pyproject.toml": project("a"),
            "libs/b/pyproject.toml": project("b"),
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
        #expect(
            result.edgeLines == [
                "c -> a file-surfer optional path libs/c/pyproject.toml:6",
                "c -> b dev path libs/c/pyproject.toml:9",
                "c -> b test path libs/c/pyproject.toml:9",
            ])
        // A group including itself is reported with the chain, and read once.
        #expect(result.diagnosticLines == ["dependency-group-cycle libs/c/pyproject.toml:11"])
        #expect(
            result.requirements.map { "\($0.package) \($0.group)" }.sorted() == [
                "pytest dev", "pytest test", "ruff dev",
            ])
    }

    @Test func absoluteFileURLInsideTheRepositoryAndOneThatEscapes() {
        let result = resolveRepository([
            "libs/a/pyproject.toml": project("a"),
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
        #expect(result.edgeLines == ["c -> a main path libs/c/pyproject.toml:5"])
        #expect(result.diagnosticLines == ["path-escapes-root libs/c/pyproject.toml:6"])
    }

    /// PEP 503: `Lib_One`, `lib.one` and `lib-one` are one name everywhere.
    @Test func namesAreNormalizedEverywhere() {
        let result = resolveRepository([
            "libs/lib-one/pyproject.toml": project("Lib_One"),
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
        #expect(result.edgeLines == ["app-main -> lib-one main path libs/app/pyproject.toml:4"])
    }

    // MARK: PDM

    /// PDM: `[tool.pdm.dev-dependencies]` and PEP 735 groups holding pip's editable form
    /// `-e file:///${PROJECT_ROOT}/../x#egg=x` (what `pdm add -dG test -e ../x` writes), and
    /// `[tool.pdm.resolution.overrides]` pinning a package to a folder.
    @Test func devDependenciesAndGroupsWithEditableProjectRootURLs() {
        let result = resolveRepository([
            "packages/core/pyproject.toml": project("core"),
            "packages/utils/pyproject.toml": project("utils"),
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
        #expect(
            result.edgeLines == [
                "app -> core test editable path packages/app/pyproject.toml:7",
                "app -> utils lint editable path packages/app/pyproject.toml:12",
            ])
        #expect(result.requirements.map { "\($0.package) \($0.group)" } == ["pytest test"])
        #expect(result.diagnostics.isEmpty)
    }

    /// A Docker-style absolute path (`/app/libs/x`, the repository mounted at /app) is resolved by
    /// the longest path suffix that ends exactly one module folder, with a diagnostic saying so;
    /// a path no module folder ends with stays unresolved, with a warning.
    @Test func resolutionOverridesWithContainerPaths() {
        let result = resolveRepository([
            "libs/x/pyproject.toml": project("x"),
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
        #expect(result.edgeLines == ["api -> x pdm-overrides path-suffix services/api/pyproject.toml:6"])
        #expect(
            result.diagnosticLines == [
                "resolved-by-path-suffix services/api/pyproject.toml:6",
                "unresolved-absolute-path services/api/pyproject.toml:7",
            ])
        // A version override declares no dependency.
        #expect(result.requirements.isEmpty)
    }

    // MARK: Hatch

    /// Hatch environments in `pyproject.toml` and in a separate `hatch.toml`, with context-formatted
    /// direct references (`x @ {root:uri}/../x`), environment commands that `pip install -e ../x`,
    /// and dynamic dependencies declared in `[tool.hatch.metadata.hooks.*]` (pydantic-ai's
    /// `[tool.hatch.metadata.hooks.uv-dynamic-versioning]`).
    static let hatchLibs = [
        "libs/one/pyproject.toml": project("one"),
        "libs/two/pyproject.toml": project("two"),
        "libs/three/pyproject.toml": project("three"),
        "libs/four/pyproject.toml": project("four"),
    ]

    @Test func environmentsInPyprojectAndHatchToml() {
        var files = Self.hatchLibs
        files["libs/app/pyproject.toml"] = """
            [project]
            name = "app"
            version = "1.0"

            [tool.hatch.envs.test]
            dependencies = ["one @ {root:uri}/../one", "pytest"]
            pre-install-commands = ["pip install -e ../two"]

            [tool.hatch.envs.default.scripts]
            setup = "python -m pip install -q ../three && pytest"
            """
        files["libs/app/hatch.toml"] = """
            [envs.docs]
            extra-dependencies = [
                "four @ {root:parent:uri}/four",
            ]
            """
        let result = resolveRepository(files)
        #expect(
            result.edgeLines == [
                "app -> four hatch:docs path libs/app/hatch.toml:3",
                "app -> one hatch:test path libs/app/pyproject.toml:6",
                "app -> three hatch:default path libs/app/pyproject.toml:10",
                "app -> two hatch:test editable path libs/app/pyproject.toml:7",
            ])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func dynamicDependenciesFromMetadataHooks() {
        let result = resolveRepository([
            "pyproject.toml": """
            [project]
            name = "pydantic-ai"
            dynamic = ["version", "dependencies", "optional-dependencies"]

            [tool.hatch.metadata.hooks.uv-dynamic-versioning]
            dependencies = [
                "pydantic-ai-slim[openai,anthropic]=={{ version }}",
            ]

            [tool.hatch.metadata.hooks.uv-dynamic-versioning.optional-dependencies]
            examples = ["pydantic-ai-examples=={{ version }}"]

            [tool.uv.sources]
            pydantic-ai-slim = { workspace = true }
            pydantic-ai-examples = { workspace = true }

            [tool.uv.workspace]
            members = ["pydantic_ai_slim", "examples"]
            """,
            "pydantic_ai_slim/pyproject.toml": "[project]\nname = \"pydantic-ai-slim\"\ndynamic = [\"version\"]\n",
            "examples/pyproject.toml": "[project]\nname = \"pydantic-ai-examples\"\ndynamic = [\"version\"]\n",
        ])
        #expect(
            result.edgeLines == [
                "pydantic-ai -> pydantic-ai-examples examples editable optional workspace pyproject.toml:11",
                "pydantic-ai -> pydantic-ai-slim main editable workspace pyproject.toml:7",
            ])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func invalidHatchTomlIsReportedWithItsLine() {
        var files = Self.hatchLibs
        files["libs/app/pyproject.toml"] = project("app")
        files["libs/app/hatch.toml"] = "[envs.docs]\ndependencies = [\n"
        let result = resolveRepository(files)
        #expect(result.moduleNames.contains("app"))
        #expect(result.diagnostics.map(\.code) == [.invalidHatchTOML])
        #expect(result.diagnostics.first?.file == "libs/app/hatch.toml")
    }
}
