import Testing
import TrellisCore

/// uv sources and workspaces. Lines as real repositories write them: langgraph's
/// `langgraph-checkpoint = { path = "../checkpoint", editable = true }`, pydantic-ai's
/// `pydantic-graph = { workspace = true }`, autogen's nameless root whose `[tool.uv.sources]`
/// the members inherit (uv applies a workspace root's sources to every member).
@Suite struct UVStyleTests {
    @Test func pathSourceEditableAndPlain() {
        let result = snapshot([
            "libs/checkpoint/pyproject.toml": plainModule("langgraph-checkpoint"),
            "libs/sdk-py/pyproject.toml": plainModule("langgraph-sdk"),
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
        #expect(result.edgeLines == [
            "langgraph-prebuilt → langgraph-checkpoint main editable libs/prebuilt/pyproject.toml:5 path",
            "langgraph-prebuilt → langgraph-sdk main libs/prebuilt/pyproject.toml:6 path",
        ])
        #expect(result.requirements.isEmpty)
    }

    /// A named root with `[project]` is a module too; members by glob, one excluded; a member's
    /// `{ workspace = true }` resolves by name among the members.
    @Test func workspaceMembersExcludeAndTheRootModule() {
        let result = snapshot([
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
        #expect(result.edgeLines == [
            "legacy → pydantic-graph main editable packages/legacy/pyproject.toml:4 workspace",
            "pydantic-ai → pydantic-ai-slim main editable pyproject.toml:4 workspace",
            "pydantic-ai-slim → pydantic-graph main editable packages/slim/pyproject.toml:4 workspace",
        ])
        // The excluded folder is no member: uv would refuse it; Trellis resolves by name and says so.
        #expect(result.diagnosticLines == ["not-a-workspace-member packages/legacy/pyproject.toml:4"])
        // dynamic = ["version"]: no version, and no diagnostic about it.
        #expect(result.modules.first { $0.name == ModuleName("pydantic-graph") }?.version == nil)
    }

    /// autogen: `python/pyproject.toml` has no [project], only the workspace and the sources.
    @Test func membersInheritTheSourcesOfANamelessRoot() {
        let result = snapshot([
            "python/pyproject.toml": """
            [tool.uv.workspace]
            members = ["packages/*"]

            [tool.uv.sources]
            autogen-core = { workspace = true }
            """,
            "python/packages/autogen-core/pyproject.toml": plainModule("autogen-core"),
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
        #expect(result.edgeLines == ["autogen-agentchat → autogen-core main editable python/packages/autogen-agentchat/pyproject.toml:5 workspace"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func workspaceSourceWithNoSuchModuleIsExplained() {
        let result = snapshot([
            "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"libs/*\"]\n",
            "libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"ghost\"]\n[tool.uv.sources]\nghost = { workspace = true }\n",
        ])
        #expect(result.edges.isEmpty)
        #expect(result.diagnosticLines == ["broken-workspace-source libs/a/pyproject.toml:4"])
    }
}
