import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The manifests of four public monorepos (/work/shared/corpus, see its README), scanned in
/// place with the directory walk. Every figure below was checked by reading the files:
///
/// langchain-ai/langgraph — 20 modules, 37 path edges.
/// - libs/* use uv path sources (`langgraph-checkpoint = { path = "../checkpoint", editable =
///   true }`): libs/prebuilt declares `"langgraph-checkpoint>=2.1.0,<5.0.0"` on line 27 of its
///   `[project] dependencies` and, in `[dependency-groups] test` lines 44–47, langgraph,
///   langgraph-checkpoint, -sqlite, -postgres; its `dev` group includes `test`; sources lines 65–68.
/// - libs/sdk-py's `dev` group lists `"langgraph"` (line 47) with a path source: with langgraph's
///   main dependency on langgraph-sdk that is a dev-group cycle.
/// - libs/cli/examples (`langgraph-examples`) has `{ path = "../cli" }` and `{ path = "../sdk_py" }`:
///   relative to libs/cli/examples those are libs/cli/cli and libs/cli/sdk_py, which do not exist
///   (stale paths in the repository): 2 `broken-path`.
/// - libs/cli holds copies of example workspaces: `agent` and `shared` each exist twice
///   (python-monorepo-example and uv-examples/monorepo), and graph_prerelease_reqs{,_fail} both
///   name `graph-prerelease-reqs`: 6 `duplicate-name` errors (3 names × 2 manifests).
/// - libs/langgraph/tests/example_app/requirements.txt says `-e .` in a folder that is no
///   module: 1 `requirements-outside-module`.
/// - libs/cli requires `langgraph-sdk>=0.1.0` with no source (line 17): a name reference.
///
/// microsoft/autogen — 10 modules, 17 path edges.
/// - python/pyproject.toml is a nameless workspace root (members `packages/*`) whose
///   `[tool.uv.sources]` (`x = { workspace = true }`) the members inherit; autogen-ext declares
///   `"autogen-core==0.7.5"` (line 18), `"autogen-agentchat==0.7.5"` in four extras (file-surfer
///   line 35, web-surfer 53, magentic-one 60, video-surfer 67) and `"autogen_test_utils"` in its
///   dev group (line 165).
/// - python/samples/gitty is no member; it requires autogen-agentchat and autogen-ext by name
///   (lines 20, 21): name references, not edges.
/// - agbench/benchmarks/*/Templates/*/requirements.txt name `/autogen_python/packages/…`
///   (a Docker mount) in folders that are no module: 4 `requirements-outside-module`.
/// - packages/autogen-studio/requirements.txt is `.`: 1 `self-reference`.
/// - templates/new-package/{{cookiecutter.package_name}}/pyproject.toml is a Jinja template,
///   not TOML (`{%- if … -%}` on line 18), in a cookiecutter folder: 1 `template-not-read`
///   (an `invalid-manifest` error until #14: a finding no maintainer would accept).
///
/// microsoft/promptflow — 12 modules, 32 path edges.
/// - src/promptflow-* use Poetry groups `dev` and `ci` with `{path = "../x", develop = true}`;
///   promptflow-devkit has 6 in dev (lines 90–95) and 5 in ci (99–103).
/// - src/promptflow-tools has only setup.py (+ requirements.txt); src/promptflow has setup.py and a
///   pyproject.toml whose Poetry section is commented out; examples/tools/tool-package-quickstart
///   and src/promptflow/tests/test_configs/tools/tool_package have setup.py only: 4 modules
///   named after their folder, 4 `legacy-metadata-not-read`. tool_package lies under tests/, not under
///   promptflow's package folder (src/promptflow/promptflow), so it is no `inside-package-data`. The Poetry groups of
///   promptflow-azure/-devkit point at promptflow and promptflow-tools, so those edges exist
///   only because legacy modules are modules.
/// - ~130 requirements.txt of flows and examples lie in folders that are no module and name no
///   local folder: no module, no diagnostic. The root setup.cfg holds only tool settings.
/// - promptflow-tools/requirements.txt line 2 `promptflow>=1.6.0`: a name reference.
///
/// pydantic/pydantic-ai — 6 modules, 34 path edges.
/// - The root is a named workspace root with `dynamic = ["version", "dependencies",
///   "optional-dependencies"]`; its dependencies live in `[tool.hatch.metadata.hooks.
///   uv-dynamic-versioning]`: `pydantic-ai-slim[…]=={{ version }}` (line 52) plus 27 extras, 26
///   of them on pydantic-ai-slim and `examples` on pydantic-ai-examples (line 56): 28 edges.
///   With clai → pydantic-ai, examples → slim and evals, slim → graph and evals (an extra), and
///   evals → slim (a cycle through the `evals` extra): 34.
/// - pydantic_ai_slim's extras name `pydantic-ai-slim[…]` itself (lines 123–125): 3 `self-reference`.
/// - Every `dynamic` dependency list here comes from a Hatch metadata hook table, which is read:
///   no `dynamic-dependencies-not-read`. (No corpus repository has a tox.ini or setuptools dynamic
///   files, and langgraph's `[tool.uv.sources]` paths are all used: no `unused-source`.)
@Suite(.enabled(if: ProjectPaths.corpus != nil, "the corpus (../shared/corpus) is absent"))
struct CorpusTests {
    func scan(_ name: String) throws -> Snapshot {
        let root = try #require(ProjectPaths.corpus) + "/" + name
        return try RepositoryScanner(root: root, useGit: false).scan().snapshot
    }

    func codes(_ snapshot: Snapshot) -> [String: Int] {
        snapshot.diagnostics.reduce(into: [:]) { $0[$1.code.rawValue, default: 0] += 1 }
    }

    func edges(of module: String, in snapshot: Snapshot) -> [String] {
        snapshot.edgeLines.filter { $0.hasPrefix("\(module) -> ") }
    }

    @Test(arguments: ["langchain-ai+langgraph", "microsoft+autogen", "microsoft+promptflow", "pydantic+pydantic-ai"])
    func discoveryFindsEveryCorpusFile(_ name: String) throws {
        // The corpus holds only files Trellis reads, so the walk must list every one of them.
        let root = try #require(ProjectPaths.corpus) + "/" + name
        let all =
            FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }
            .filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            } ?? []
        #expect(try ManifestDiscovery(root: root, useGit: false).files().sorted() == all.sorted())
    }

    /// docs/ARCHITECTURE.md: git and the walk must find the same files; the corpus, committed to a new
    /// repository, has paths with braces, upper case and nested requirements files.
    @Test(arguments: ["langchain-ai+langgraph", "microsoft+autogen", "microsoft+promptflow", "pydantic+pydantic-ai"])
    func gitFindsWhatTheWalkFinds(_ name: String) throws {
        let repository = try TemporaryRepository(prefix: "trellis-corpus")
        try repository.copy(from: try #require(ProjectPaths.corpus) + "/" + name)
        try repository.commitAll()
        let walked = try ManifestDiscovery(root: repository.root, useGit: false).files()
        #expect(try ManifestDiscovery(root: repository.root, useGit: true).files() == walked)
        let byGit = try RepositoryScanner(root: repository.root, useGit: true).scan().snapshot
        #expect(byGit == (try RepositoryScanner(root: repository.root, useGit: false).scan().snapshot))
    }

    @Test func langgraph() throws {
        let snapshot = try scan("langchain-ai+langgraph")
        #expect(snapshot.modules.count == 20)
        #expect(snapshot.edges.count == 37)
        #expect(codes(snapshot) == ["duplicate-name": 6, "broken-path": 2, "requirements-outside-module": 1])
        #expect(
            edges(of: "langgraph-prebuilt", in: snapshot) == [
                "langgraph-prebuilt -> langgraph dev editable path libs/prebuilt/pyproject.toml:44",
                "langgraph-prebuilt -> langgraph test editable path libs/prebuilt/pyproject.toml:44",
                "langgraph-prebuilt -> langgraph-checkpoint dev editable path libs/prebuilt/pyproject.toml:45",
                "langgraph-prebuilt -> langgraph-checkpoint main editable path libs/prebuilt/pyproject.toml:27",
                "langgraph-prebuilt -> langgraph-checkpoint test editable path libs/prebuilt/pyproject.toml:45",
                "langgraph-prebuilt -> langgraph-checkpoint-postgres dev editable path libs/prebuilt/pyproject.toml:47",
                "langgraph-prebuilt -> langgraph-checkpoint-postgres test editable path libs/prebuilt/pyproject.toml:47",
                "langgraph-prebuilt -> langgraph-checkpoint-sqlite dev editable path libs/prebuilt/pyproject.toml:46",
                "langgraph-prebuilt -> langgraph-checkpoint-sqlite test editable path libs/prebuilt/pyproject.toml:46",
            ])
        #expect(
            edges(of: "langgraph-sdk", in: snapshot) == [
                "langgraph-sdk -> langgraph dev editable path libs/sdk-py/pyproject.toml:47"
            ])
        #expect(
            edges(of: "langgraph", in: snapshot).contains(
                "langgraph -> langgraph-sdk main editable path libs/langgraph/pyproject.toml:29"))
        let broken = snapshot.diagnostics.filter { $0.code == .brokenPath }.map {
            "\($0.file):\($0.line) \($0.message.contains("libs/cli/cli") || $0.message.contains("libs/cli/sdk_py"))"
        }
        #expect(broken == ["libs/cli/examples/pyproject.toml:12 true", "libs/cli/examples/pyproject.toml:13 true"])
        #expect(
            snapshot.nameReferences.contains {
                $0.from == snapshot.folder(of: "langgraph-cli") && $0.package == ModuleName("langgraph-sdk")
                    && $0.line == 17
            })
    }

    @Test func autogen() throws {
        let snapshot = try scan("microsoft+autogen")
        #expect(
            snapshot.moduleNames == [
                "agbench", "autogen-agentchat", "autogen-core", "autogen-ext", "autogen-test-utils", "autogenstudio",
                "component-schema-gen", "gitty", "magentic-one-cli", "pyautogen",
            ])
        #expect(snapshot.edges.count == 17)
        #expect(codes(snapshot) == ["requirements-outside-module": 4, "self-reference": 1, "template-not-read": 1])
        let ext = "python/packages/autogen-ext/pyproject.toml"
        #expect(
            edges(of: "autogen-ext", in: snapshot) == [
                "autogen-ext -> autogen-agentchat file-surfer editable optional workspace \(ext):35",
                "autogen-ext -> autogen-agentchat magentic-one editable optional workspace \(ext):60",
                "autogen-ext -> autogen-agentchat video-surfer editable optional workspace \(ext):67",
                "autogen-ext -> autogen-agentchat web-surfer editable optional workspace \(ext):53",
                "autogen-ext -> autogen-core main editable workspace \(ext):18",
                "autogen-ext -> autogen-test-utils dev editable workspace \(ext):165",
            ])
        #expect(edges(of: "gitty", in: snapshot).isEmpty)
        #expect(
            snapshot.nameReferences.filter { $0.from == snapshot.folder(of: "gitty") }.map {
                "\($0.package):\($0.line)"
            } == [
                "autogen-agentchat:20", "autogen-ext:21",
            ])
        let template = try #require(snapshot.diagnostics.first { $0.code == .templateNotRead })
        #expect(template.file == "python/templates/new-package/{{cookiecutter.package_name}}/pyproject.toml")
    }

    @Test func promptflow() throws {
        let snapshot = try scan("microsoft+promptflow")
        #expect(
            snapshot.moduleNames == [
                "promptflow", "promptflow-azure", "promptflow-core", "promptflow-devkit", "promptflow-evals",
                "promptflow-parallel", "promptflow-rag", "promptflow-recording", "promptflow-tools",
                "promptflow-tracing",
                "tool-package", "tool-package-quickstart",
            ])
        #expect(snapshot.edges.count == 32)
        #expect(codes(snapshot) == ["legacy-metadata-not-read": 4])
        let devkit = "src/promptflow-devkit/pyproject.toml"
        #expect(
            edges(of: "promptflow-devkit", in: snapshot) == [
                "promptflow-devkit -> promptflow ci path \(devkit):101",
                "promptflow-devkit -> promptflow dev path \(devkit):92",
                "promptflow-devkit -> promptflow-azure dev editable path \(devkit):95",
                "promptflow-devkit -> promptflow-core ci path \(devkit):99",
                "promptflow-devkit -> promptflow-core dev editable path \(devkit):90",
                "promptflow-devkit -> promptflow-recording ci path \(devkit):103",
                "promptflow-devkit -> promptflow-recording dev editable path \(devkit):94",
                "promptflow-devkit -> promptflow-tools ci path \(devkit):102",
                "promptflow-devkit -> promptflow-tools dev path \(devkit):93",
                "promptflow-devkit -> promptflow-tracing ci path \(devkit):100",
                "promptflow-devkit -> promptflow-tracing dev editable path \(devkit):91",
            ])
        let tools = try #require(snapshot.modules.first { $0.name == ModuleName("promptflow-tools") })
        #expect(
            tools.path == "src/promptflow-tools" && tools.manifest == "src/promptflow-tools/setup.py"
                && tools.version == nil)
        #expect(
            snapshot.nameReferences.contains {
                $0.from == snapshot.folder(of: "promptflow-tools") && $0.package == ModuleName("promptflow")
                    && $0.file == "src/promptflow-tools/requirements.txt" && $0.line == 2
            })
    }

    @Test func pydanticAI() throws {
        let snapshot = try scan("pydantic+pydantic-ai")
        #expect(
            snapshot.moduleNames == [
                "clai", "pydantic-ai", "pydantic-ai-examples", "pydantic-ai-slim", "pydantic-evals", "pydantic-graph",
            ])
        #expect(snapshot.edges.count == 34)
        #expect(codes(snapshot) == ["self-reference": 3])
        let root = edges(of: "pydantic-ai", in: snapshot)
        #expect(root.count == 28)
        #expect(root.contains("pydantic-ai -> pydantic-ai-slim main editable workspace pyproject.toml:52"))
        #expect(
            root.contains("pydantic-ai -> pydantic-ai-examples examples editable optional workspace pyproject.toml:56"))
        #expect(
            edges(of: "pydantic-ai-slim", in: snapshot) == [
                "pydantic-ai-slim -> pydantic-evals evals editable optional workspace pydantic_ai_slim/pyproject.toml:140",
                "pydantic-ai-slim -> pydantic-graph main editable workspace pydantic_ai_slim/pyproject.toml:65",
            ])
        #expect(snapshot.modules.allSatisfy { $0.version == nil }, "every version is dynamic")
    }
}
