import Testing
import TrellisCore

/// Hatch environments in `pyproject.toml` and in a separate `hatch.toml`, with context-formatted
/// direct references (`x @ {root:uri}/../x`), environment commands that `pip install -e ../x`,
/// and dynamic dependencies declared in `[tool.hatch.metadata.hooks.*]` (pydantic-ai's
/// `[tool.hatch.metadata.hooks.uv-dynamic-versioning]`).
@Suite struct HatchStyleTests {
    let libs = [
        "libs/one/pyproject.toml": plainModule("one"),
        "libs/two/pyproject.toml": plainModule("two"),
        "libs/three/pyproject.toml": plainModule("three"),
        "libs/four/pyproject.toml": plainModule("four"),
    ]

    @Test func environmentsInPyprojectAndHatchToml() {
        var files = libs
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
        let result = snapshot(files)
        #expect(result.edgeLines == [
            "app → four hatch:docs libs/app/hatch.toml:3 path",
            "app → one hatch:test libs/app/pyproject.toml:6 path",
            "app → three hatch:default libs/app/pyproject.toml:10 path",
            "app → two hatch:test editable libs/app/pyproject.toml:7 path",
        ])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func dynamicDependenciesFromMetadataHooks() {
        let result = snapshot([
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
        #expect(result.edgeLines == [
            "pydantic-ai → pydantic-ai-examples examples editable optional pyproject.toml:11 workspace",
            "pydantic-ai → pydantic-ai-slim main editable pyproject.toml:7 workspace",
        ])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func invalidHatchTomlIsReportedWithItsLine() {
        var files = libs
        files["libs/app/pyproject.toml"] = plainModule("app")
        files["libs/app/hatch.toml"] = "[envs.docs]\ndependencies = [\n"
        let result = snapshot(files)
        #expect(result.moduleNames.contains("app"))
        #expect(result.diagnostics.map(\.code) == ["invalid-hatch-toml"])
        #expect(result.diagnostics.first?.file == "libs/app/hatch.toml")
    }
}
