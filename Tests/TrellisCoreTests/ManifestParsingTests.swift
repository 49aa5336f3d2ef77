import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

extension DeclaredDependency {
    /// `group name target [editable] [optional] [; markers] :line`, one line a dependency, so a
    /// test can list what a manifest declares the way a reader sees it.
    var testSummary: String {
        let target: String
        switch self.target {
        case .index(let specifier): target = "index(\(specifier))"
        case .remote(let url): target = "remote(\(url))"
        case .path(let path): target = "path(\(path))"
        case .fileURL(let url): target = "file(\(url))"
        case .workspace: target = "workspace"
        }
        var text = "\(group) \(name) \(target)"
        if editable { text += " editable" }
        if optional { text += " optional" }
        if let markers { text += " ; \(markers)" }
        return text + " :\(line)"
    }
}

/// The parsing level: one manifest of each style read into declared dependencies. Text the real
/// tools wrote is read where it lives (Examples/ml-monorepo, and Tests/Fixtures/manifests for
/// what tools/e2e/FACTS.md recorded); short cases and text from public repositories are inline.
/// What those dependencies resolve to in a repository is `ManifestResolutionTests`.
@Suite struct ManifestParsingTests {
    let parser = PyProjectParser()

    /// A file of Examples/ml-monorepo, verbatim.
    static func example(_ path: String) throws -> String {
        try String(contentsOfFile: "\(ProjectPaths.example)/\(path)", encoding: .utf8)
    }

    /// What Poetry 2.5.1 wrote (tools/e2e/FACTS.md), kept in Tests/Fixtures/manifests.
    static func poetryFacts(_ path: String) throws -> String {
        try String(
            contentsOfFile: "\(ProjectPaths.packageRoot)/Tests/Fixtures/manifests/poetry-2.5.1/\(path)",
            encoding: .utf8)
    }

    /// What uv 0.13.9 wrote (tools/e2e/FACTS.md), kept in Tests/Fixtures/manifests.
    static func uvFacts(_ path: String) throws -> String {
        try String(
            contentsOfFile: "\(ProjectPaths.packageRoot)/Tests/Fixtures/manifests/uv-0.13.9/\(path)",
            encoding: .utf8)
    }

    func parse(_ text: String, file: String = "libs/a/pyproject.toml") -> Manifest {
        parser.parse(file: file, text: text)
    }

    func summaries(_ manifest: Manifest) -> [String] {
        manifest.dependencies.map(\.testSummary).sorted()
    }

    func dependency(_ name: String, group: String = "main", in manifest: Manifest) throws -> DeclaredDependency {
        let found = manifest.dependencies.filter { $0.name == ModuleName(name) && $0.group == group }
        try #require(found.count == 1, "expected one '\(name)' in group \(group), found \(found.count)")
        return found[0]
    }

    // MARK: Poetry 1.x tables

    /// Examples/ml-monorepo/libs/lib-one/pyproject.toml, verbatim.
    @Test func poetryClassicPathWithDevelop() throws {
        let manifest = parse(
            try Self.example("libs/lib-one/pyproject.toml"), file: "libs/lib-one/pyproject.toml")
        #expect(manifest.rawName == "lib-one")
        #expect(manifest.version == "1.4.0")
        #expect(manifest.description == "Shared feature and config helpers for the ML stack.")
        #expect(manifest.folder == "libs/lib-one")
        #expect(manifest.diagnostics.isEmpty)
        // `python` is the interpreter constraint, not a dependency.
        #expect(
            summaries(manifest) == [
                "main logger path(../logger) editable :11",
                "main pydantic index(^2.7) :12",
                "main pyyaml index(^6.0) :13",
            ])
        #expect(try dependency("logger", in: manifest).declared == #"logger = {path = "../logger", develop = true}"#)
        #expect(try dependency("pydantic", in: manifest).declared == #"pydantic = "^2.7""#)
    }

    /// Examples/ml-monorepo/projects/project-two/pyproject.toml, verbatim.
    @Test func poetryGroupDependencies() throws {
        let manifest = parse(
            try Self.example("projects/project-two/pyproject.toml"), file: "projects/project-two/pyproject.toml")
        #expect(
            summaries(manifest) == [
                "dev lib-one path(../../libs/lib-one) editable :16",
                "dev pytest index(^8.0) :15",
                "main httpx index(^0.27) :12",
                "main logger path(../../libs/logger) :11",
            ])
        #expect(
            try dependency("lib-one", group: "dev", in: manifest).declared
                == #"lib-one = {path = "../../libs/lib-one", develop = true}"#)
        #expect(try dependency("logger", in: manifest).declared == #"logger = {path = "../../libs/logger"}"#)
    }

    /// Poetry before 1.2 had only `[tool.poetry.dev-dependencies]`; it is the `dev` group.
    @Test func poetryLegacyDevDependencies() {
        let manifest = parse(
            """
            [tool.poetry]
            name = "old-service"
            version = "0.4.2"
            description = ""
            authors = ["Alice Example <alice@example.com>"]

            [tool.poetry.dependencies]
            python = "^3.8"
            requests = "^2.25"

            [tool.poetry.dev-dependencies]
            pytest = "^6.2"
            test-helpers = {path = "../test-helpers", develop = true}
            """)
        #expect(
            summaries(manifest) == [
                "dev pytest index(^6.2) :12",
                "dev test-helpers path(../test-helpers) editable :13",
                "main requests index(^2.25) :9",
            ])
    }

    /// Poetry's "multiple constraints" dependencies: one key, an array of tables, one
    /// declaration per element, each on its own line.
    @Test func poetryMultipleConstraintArrays() throws {
        let manifest = parse(
            """
            [tool.poetry]
            name = "multi"
            version = "1.0.0"

            [tool.poetry.dependencies]
            python = "^3.10"
            numpy = [
                {version = "<2", python = "<3.12"},
                {version = ">=2", python = ">=3.12"},
            ]
            accel = [
                {path = "../accel-linux", markers = "sys_platform == 'linux'", develop = true},
                {path = "../accel-generic", markers = "sys_platform != 'linux'"},
            ]
            """)
        #expect(
            summaries(manifest) == [
                "main accel path(../accel-generic) ; sys_platform != 'linux' :13",
                "main accel path(../accel-linux) editable ; sys_platform == 'linux' :12",
                "main numpy index(<2) :8",
                "main numpy index(>=2) :9",
            ])
        // Every constraint quotes the line that names the dependency.
        #expect(
            manifest.dependencies.filter { $0.name == ModuleName("accel") }.map(\.declared) == [
                "accel = [", "accel = [",
            ])
    }

    /// A checkout with `core.autocrlf=true` (Windows) has CRLF line ends; the declarations are
    /// still quoted as written.
    @Test func crlfLineEndsKeepLinesAndDeclarations() throws {
        let text = """
            [tool.poetry]
            name = "lib-one"
            version = "1.4.0"

            [tool.poetry.dependencies]
            python = "^3.11"
            logger = {path = "../logger", develop = true}
            pydantic = "^2.7"
            """.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(text.utf8.filter { $0 == 13 }.count == 7)
        let manifest = parse(text)
        #expect(summaries(manifest) == ["main logger path(../logger) editable :7", "main pydantic index(^2.7) :8"])
        #expect(try dependency("logger", in: manifest).declared == #"logger = {path = "../logger", develop = true}"#)
        #expect(try dependency("pydantic", in: manifest).declared == #"pydantic = "^2.7""#)
    }

    // MARK: Poetry 2.x: [project] enriched by [tool.poetry]

    /// Examples/ml-monorepo/libs/preprocessing/pyproject.toml, verbatim: what
    /// `poetry add --editable ../lib-one` writes (tools/e2e/FACTS.md, Poetry 2): an absolute URL in
    /// `[project]` plus `lib-one = {develop = true}`, with no blank line before `[build-system]`.
    @Test func poetry2FileURLEnrichedByDevelopIsOneEditableDependency() throws {
        let manifest = parse(
            try Self.example("libs/preprocessing/pyproject.toml"), file: "libs/preprocessing/pyproject.toml")
        #expect(manifest.rawName == "preprocessing")
        #expect(manifest.version == "0.9.0")
        #expect(
            summaries(manifest) == [
                "main lib-one file(file:///home/alice/ml-monorepo/libs/lib-one) editable :12",
                "main numpy index(>=1.26,<2) :11",
            ])
        #expect(
            try dependency("lib-one", in: manifest).declared
                == "lib-one @ file:///home/alice/ml-monorepo/libs/lib-one with [tool.poetry.dependencies] lib-one = {develop = true}"
        )
        #expect(manifest.diagnostics.isEmpty)
    }

    /// tools/e2e/FACTS.md, project-one after `poetry add ../../libs/lib-one` then
    /// `poetry add --editable ../../libs/logger`: only logger gets `develop`.
    @Test func poetry2EnrichesOnlyTheNamedDependency() throws {
        let manifest = parse(
            try Self.poetryFacts("projects/project-one/pyproject.toml"), file: "projects/project-one/pyproject.toml")
        #expect(
            summaries(manifest) == [
                "main lib-one file(file:///tmp/trellis-e2e/poetry/libs/lib-one) :11",
                "main logger file(file:///tmp/trellis-e2e/poetry/libs/logger) editable :12",
            ])
    }

    /// A bare `[project]` requirement whose folder comes from `[tool.poetry.dependencies]`.
    @Test func poetry2PathEnrichment() throws {
        let manifest = parse(
            """
            [project]
            name = "app"
            version = "1.0.0"
            dependencies = ["shared-utils (>=1.0)"]

            [tool.poetry.dependencies]
            shared-utils = { path = "../shared-utils", develop = true }
            """)
        #expect(summaries(manifest) == ["main shared-utils path(../shared-utils) editable :4"])
    }

    /// `poetry add --group dev --editable PATH` in a project with no
    /// `[tool.poetry.group.dev.dependencies]` writes the requirement to PEP 735
    /// `[dependency-groups] dev` and `x = {develop = true}` to `[tool.poetry.group.dev.dependencies]`
    /// (tools/e2e/FACTS.md, Poetry 3 and 5; the file is FACTS.md's "Classic" result, verbatim).
    /// The group table only enriches the group's requirement, as `[tool.poetry.dependencies]`
    /// enriches `[project] dependencies`: one editable dependency, not a second one on an index.
    @Test func poetryGroupTableEnrichesTheDependencyGroupRequirement() throws {
        let manifest = parse(
            try Self.poetryFacts("projects/classic/pyproject.toml"), file: "projects/classic/pyproject.toml")
        #expect(
            summaries(manifest) == [
                "dev project-two file(file:///tmp/exp/m/projects/project-two) editable :23",
                "main lib-one path(../../libs/lib-one) :11",
                "main logger path(../../libs/logger) editable :12",
            ])
        // The declaration quotes the table the flag is written in, not `[tool.poetry.dependencies]`.
        #expect(
            try dependency("project-two", group: "dev", in: manifest).declared
                == "project-two @ file:///tmp/exp/m/projects/project-two with [tool.poetry.group.dev.dependencies] project-two = {develop = true}"
        )
    }

    // MARK: uv

    /// tools/e2e/FACTS.md, uv: projects/app after `uv add lib-one` and
    /// `uv add --dev --editable ../../libs/logger`, verbatim. uv installs workspace members
    /// editable unless `editable = false` (FACTS.md, uv 3; Examples/ml-monorepo/EXPECTED.md edge 8).
    @Test func uvWorkspaceSourcesAreEditableByDefault() throws {
        let manifest = parse(
            try Self.uvFacts("projects/app/pyproject.toml"), file: "projects/app/pyproject.toml")
        #expect(
            summaries(manifest) == [
                "dev logger workspace editable :24",
                "main lib-one workspace editable :8",
            ])
        #expect(
            try dependency("lib-one", in: manifest).declared
                == "lib-one with [tool.uv.sources] lib-one = { workspace = true }")
        #expect(
            try dependency("logger", group: "dev", in: manifest).declared
                == "logger with [tool.uv.sources] logger = { workspace = true, editable = true }")
        #expect(manifest.uvSources[ModuleName("lib-one")]?.line == 19)
        #expect(manifest.uvSources[ModuleName("logger")]?.line == 20)
        #expect(manifest.uvWorkspace == nil)
    }

    @Test func uvWorkspaceSourceMayOptOutOfEditable() {
        let manifest = parse(
            """
            [project]
            name = "app"
            version = "0.1.0"
            dependencies = ["lib-one"]

            [tool.uv.sources]
            lib-one = { workspace = true, editable = false }
            """)
        #expect(summaries(manifest) == ["main lib-one workspace :4"])
    }

    /// tools/e2e/FACTS.md, uv 5: projects/standalone (not a workspace member), verbatim.
    /// Plain `path` sources are not editable unless they say so.
    @Test func uvPathSources() throws {
        let manifest = parse(
            try Self.uvFacts("projects/standalone/pyproject.toml"), file: "projects/standalone/pyproject.toml")
        #expect(
            summaries(manifest) == [
                "main lib-one path(../../libs/lib-one) :8",
                "main logger path(../../libs/logger) editable :9",
            ])
        #expect(
            try dependency("logger", in: manifest).declared
                == #"logger with [tool.uv.sources] logger = { path = "../../libs/logger", editable = true }"#)
    }

    @Test func uvWorkspaceTable() {
        let manifest = parse(
            """
            [tool.uv.workspace]
            members = ["packages/*"]
            exclude = ["packages/autogen-magentic-one"]

            [tool.uv.sources]
            autogen-core = { workspace = true }
            """, file: "pyproject.toml")
        #expect(manifest.uvWorkspace?.members == ["packages/*"])
        #expect(manifest.uvWorkspace?.exclude == ["packages/autogen-magentic-one"])
        #expect(manifest.name == nil)
        #expect(manifest.uvSources[ModuleName("autogen-core")]?.target == .workspace)
        #expect(manifest.uvSources[ModuleName("autogen-core")]?.editable == true)
        #expect(manifest.folder == ".")
        #expect(manifest.dependencies.isEmpty)
    }

    /// `[tool.uv] dev-dependencies`, uv's form before PEP 735.
    @Test func uvLegacyDevDependencies() {
        let manifest = parse(
            """
            [project]
            name = "svc"
            version = "1.0.0"

            [tool.uv]
            dev-dependencies = [
                "pytest>=8",
                "helpers",
            ]

            [tool.uv.sources]
            helpers = { path = "../helpers" }
            """)
        #expect(summaries(manifest) == ["dev helpers path(../helpers) :8", "dev pytest index(>=8) :7"])
    }

    // MARK: PEP 621 extras and PEP 735 groups

    /// `poetry add --optional extra1 PATH` (tools/e2e/FACTS.md, Poetry 6): an extra is a group whose
    /// dependencies are optional.
    @Test func optionalDependenciesAreGroupsNamedAfterTheExtra() {
        let manifest = parse(
            """
            [project]
            name = "reports"
            version = "0.1.0"
            dependencies = [
                "httpx>=0.27",
            ]

            [project.optional-dependencies]
            extra1 = ["logger @ file:///tmp/x/p/libs/logger"]
            plots = ["matplotlib>=3.8 ; python_version >= '3.11'", "seaborn"]
            [build-system]
            requires = ["poetry-core>=2.0.0,<3.0.0"]
            """)
        #expect(
            summaries(manifest) == [
                "extra1 logger file(file:///tmp/x/p/libs/logger) optional :9",
                "main httpx index(>=0.27) :5",
                "plots matplotlib index(>=3.8) optional ; python_version >= '3.11' :10",
                "plots seaborn index() optional :10",
            ])
    }

    /// langchain-ai/langgraph libs/checkpoint-sqlite/pyproject.toml (../shared/corpus), shortened:
    /// `dev` includes `test` and `lint`; the uv sources make both checkpoint packages local in
    /// every group that names them (FACTS.md, uv 3: the source table is shared by all groups).
    @Test func dependencyGroupsFollowIncludeGroup() {
        let manifest = parse(
            """
            [project]
            name = "langgraph-checkpoint-sqlite"
            version = "3.1.1"
            dependencies = [
                "langgraph-checkpoint>=4.1.0,<5.0.0",
                "aiosqlite>=0.20",
            ]

            [dependency-groups]
            test = [
              "pytest",
              "langgraph-checkpoint",
              "langgraph-checkpoint-conformance",
            ]
            lint = [
              "ruff",
            ]
            dev = [
              {include-group = "test"},
              {include-group = "lint"},
            ]

            [tool.uv]
            default-groups = ['dev']

            [tool.uv.sources]
            langgraph-checkpoint = { path = "../checkpoint", editable = true }
            langgraph-checkpoint-conformance = { path = "../checkpoint-conformance", editable = true }
            """, file: "libs/checkpoint-sqlite/pyproject.toml")
        #expect(
            summaries(manifest) == [
                "dev langgraph-checkpoint path(../checkpoint) editable :12",
                "dev langgraph-checkpoint-conformance path(../checkpoint-conformance) editable :13",
                "dev pytest index() :11",
                "dev ruff index() :16",
                "lint ruff index() :16",
                "main aiosqlite index(>=0.20) :6",
                "main langgraph-checkpoint path(../checkpoint) editable :5",
                "test langgraph-checkpoint path(../checkpoint) editable :12",
                "test langgraph-checkpoint-conformance path(../checkpoint-conformance) editable :13",
                "test pytest index() :11",
            ])
        #expect(manifest.diagnostics.isEmpty)
    }

    /// Issue #16: a large manifest is read whole, each dependency at its line, and an error at its
    /// end names that line. (tools/big-manifest.sh times a 50 MB one: reading grows linearly.)
    @Test func aLargeManifestIsReadWholeAndAnErrorAtItsEndHasItsLine() {
        let count = 10_000
        let lines = (0..<count).map { "  \"package-\($0) >=1.\($0), <2 ; python_version >= '3.10'\"," }
        let head = "[project]\nname = \"big\"\nversion = \"1\"\ndependencies = [\n"
        let manifest = parse(head + lines.joined(separator: "\n") + "\n]\n")
        #expect(manifest.dependencies.count == count)
        #expect(manifest.dependencies.last?.line == 4 + count)
        #expect(manifest.diagnostics.isEmpty)
        let broken = parse(head + lines.joined(separator: "\n") + "\n  \"unterminated\n]\n")
        #expect(broken.diagnostics.map(\.code) == [.invalidManifest])
        #expect(broken.diagnostics.first?.line == 5 + count)
    }

    /// Issue #16: groups that all include one another were expanded once per include chain (a
    /// number that grows as the factorial of the groups); each is expanded once per group now.
    @Test func groupsThatAllIncludeOneAnotherAreExpandedOnce() {
        let count = 12
        var lines = ["[project]", "name = \"groups\"", "version = \"1.0.0\"", "", "[dependency-groups]"]
        for index in 0..<count {
            let includes = (0..<count).filter { $0 != index }.map { "{include-group = \"g\($0)\"}" }
            lines.append("g\(index) = [\"package-\(index)\", \(includes.joined(separator: ", "))]")
        }
        let manifest = parse(lines.joined(separator: "\n") + "\n")
        let g0 = manifest.dependencies.filter { $0.group == "g0" }.map(\.name.rawValue)
        #expect(g0.sorted() == (0..<count).map { "package-\($0)" }.sorted(), "every group's package once")
        #expect(manifest.dependencies.count == count * count)
        let cycles = manifest.diagnostics.filter { $0.code == .dependencyGroupCycle }
        #expect(
            cycles.count == count * count * (count - 1) / 2, "per group, a cycle at each include of one being expanded")
    }

    @Test func anIncludeCycleIsReportedAndTerminates() throws {
        let manifest = parse(
            """
            [project]
            name = "cyclic"
            version = "1.0.0"

            [dependency-groups]
            test = ["pytest", {include-group = "dev"}]
            dev = [
                "ruff",
                {include-group = "test"},
            ]
            """)
        #expect(
            summaries(manifest) == [
                "dev pytest index() :6",
                "dev ruff index() :8",
                "test pytest index() :6",
                "test ruff index() :8",
            ])
        let cycles = manifest.diagnostics.filter { $0.code == .dependencyGroupCycle }
        #expect(cycles.map(\.line).sorted() == [6, 9])
        #expect(
            cycles.allSatisfy {
                $0.severity == .warning && $0.file == "libs/a/pyproject.toml" && $0.module == ModuleName("cyclic")
            })
        #expect(cycles.contains { $0.message.contains("test → dev → test") })
        #expect(manifest.diagnostics.count == 2)
    }

    @Test func anIncludeOfAnUndefinedGroupIsReported() throws {
        let manifest = parse(
            """
            [project]
            name = "svc"
            version = "1.0.0"

            [dependency-groups]
            dev = [
                "pytest",
                {include-group = "docs"},
            ]
            """)
        #expect(summaries(manifest) == ["dev pytest index() :7"])
        let diagnostic = try #require(manifest.diagnostics.first)
        #expect(manifest.diagnostics.count == 1)
        #expect(diagnostic.code == .unknownDependencyGroup)
        #expect(diagnostic.line == 8)
        #expect(diagnostic.message.contains("'docs'"))
    }

    // MARK: Metadata

    /// pydantic/pydantic-ai pydantic_graph/pyproject.toml (../shared/corpus), the header.
    @Test func aDynamicVersionIsNil() {
        let manifest = parse(
            """
            [build-system]
            requires = ["hatchling", "uv-dynamic-versioning>=0.7.0"]
            build-backend = "hatchling.build"

            [tool.hatch.version]
            source = "uv-dynamic-versioning"

            [project]
            name = "pydantic-graph"
            dynamic = ["version"]
            description = "Graph and state machine library"
            requires-python = ">=3.10"
            dependencies = [
                # `anyio>=4.7.0` is required for cancellation delivery.
                "anyio>=4.7.0",
                "pydantic>=2.12",
            ]
            """, file: "pydantic_graph/pyproject.toml")
        #expect(manifest.name == ModuleName("pydantic-graph"))
        #expect(manifest.version == nil)
        #expect(manifest.diagnostics.isEmpty)
        #expect(summaries(manifest) == ["main anyio index(>=4.7.0) :15", "main pydantic index(>=2.12) :16"])
    }

    @Test func aMissingVersionThatIsNotDynamicIsNoted() throws {
        let manifest = parse(
            """
            [project]
            name = "unversioned"
            """)
        #expect(manifest.version == nil)
        let diagnostic = try #require(manifest.diagnostics.first)
        #expect(diagnostic.code == .noVersion)
        #expect(diagnostic.severity == .info)
        #expect(diagnostic.line == 1)
    }

    // MARK: Invalid TOML

    @Test(arguments: [
        // A merge conflict left in the file.
        (
            """
            [project]
            name = "svc"
            <<<<<<< HEAD
            version = "1.0.0"
            =======
            version = "1.1.0"
            >>>>>>> feature
            """, 3
        ),
        // The same key twice.
        (
            """
            [tool.poetry]
            name = "broken"
            version = "1.0.0"

            [tool.poetry.dependencies]
            python = "^3.11"
            logger = {path = "../logger"}
            logger = "^1.0"
            """, 8
        ),
        // A string that is never closed.
        (
            """
            [tool.poetry]
            name = "broken"
            version = "1.0.0
            description = ""
            """, 3
        ),
        // A key without `=`.
        (
            """
            [project]
            name = "broken"
            version = "1.0.0"
            description "no equals sign"
            """, 4
        ),
        // The same table twice.
        (
            """
            [project]
            name = "broken"

            [tool.poetry.dependencies]
            python = "^3.11"

            [project]
            version = "1.0.0"
            """, 7
        ),
    ])
    func invalidTOMLIsOneErrorAtItsLine(text: String, line: Int) throws {
        let manifest = parse(text, file: "libs/broken/pyproject.toml")
        #expect(manifest.isUnreadable)
        #expect(manifest.name == nil)
        #expect(manifest.dependencies.isEmpty)
        try #require(manifest.diagnostics.count == 1)
        let diagnostic = manifest.diagnostics[0]
        #expect(diagnostic.code == .invalidManifest)
        #expect(diagnostic.code.rawValue == "invalid-manifest")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.file == "libs/broken/pyproject.toml")
        #expect(diagnostic.line == line)
        #expect(diagnostic.description.hasPrefix("libs/broken/pyproject.toml:\(line): error: invalid TOML"))
    }

    @Test func aValidManifestIsNotUnreadable() {
        let manifest = parse(
            """
            [project]
            name = "fine"
            version = "1.0.0"
            """)
        #expect(!manifest.isUnreadable)
    }
}
