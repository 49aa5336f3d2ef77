import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct SnapshotResolverTests {
    // MARK: Paths inside the checkout

    @Test func relativePath() throws {
        let snapshot = resolveRepository([
            "libs/a/pyproject.toml": """
            [tool.poetry]
            name = "a"
            version = "1.0.0"

            [tool.poetry.dependencies]
            python = "^3.11"
            b = {path = "../b", develop = true}
            requests = "^2.31"
            """,
            "libs/b/pyproject.toml": project("b", version: "2.0.0"),
        ])
        #expect(snapshot.modules.map(\.name.rawValue) == ["a", "b"])
        #expect(snapshot.modules.map(\.path) == ["libs/a", "libs/b"])
        #expect(snapshot.modules.map(\.kind) == [.lib, .lib])
        #expect(snapshot.modules.map(\.version) == ["1.0.0", "2.0.0"])
        #expect(
            snapshot.edges == [
                PathEdge(
                    from: "libs/a", to: "libs/b", group: "main", editable: true,
                    declared: #"b = {path = "../b", develop = true}"#, file: "libs/a/pyproject.toml", line: 7,
                    resolution: .path)
            ])
        #expect(
            snapshot.requirements == [
                Requirement(
                    module: "libs/a", package: ModuleName("requests"), specifier: "^2.31", group: "main",
                    file: "libs/a/pyproject.toml", line: 8)
            ])
        #expect(snapshot.diagnostics.isEmpty)
    }

    @Test(arguments: ["../b", "../b/", "./../b", "../../libs/b", "../b/../b", "../b/."])
    func relativeSpellingsOfTheSameFolder(path: String) {
        let snapshot = resolveRepository([
            "libs/a/pyproject.toml": project(
                "a", dependencies: ["b"], extra: "[tool.uv.sources]\nb = { path = \"\(path)\" }"),
            "libs/b/pyproject.toml": project("b"),
        ])
        #expect(snapshot.edgeLines == ["a -> b main path libs/a/pyproject.toml:5"])
        #expect(snapshot.diagnostics.isEmpty)
    }

    @Test func theRootModuleDependsOnAFolderBelowIt() {
        let snapshot = resolveRepository([
            "pyproject.toml": project(
                "monorepo", dependencies: ["core"],
                extra: "[tool.uv.sources]\ncore = { path = \"libs/core\", editable = true }"),
            "libs/core/pyproject.toml": project("core"),
        ])
        #expect(snapshot.modules.first { $0.name == ModuleName("monorepo") }?.path == ".")
        #expect(snapshot.edgeLines == ["monorepo -> core main editable path pyproject.toml:5"])
    }

    @Test(arguments: [
        (#"b = {path = "/repo/libs/b"}"#, "/repo"),
        (#"b = {path = "/repo/libs/b"}"#, "/repo/"),
        (#"b = {path = "/repo/projects/../libs/b/"}"#, "/repo"),
    ])
    func absolutePathInsideTheRoot(declaration: String, root: String) {
        let snapshot = resolveRepository(
            [
                "projects/a/pyproject.toml":
                    "[tool.poetry]\nname = \"a\"\nversion = \"1.0.0\"\n[tool.poetry.dependencies]\n\(declaration)\n",
                "libs/b/pyproject.toml": project("b"),
            ], root: root)
        #expect(snapshot.edgeLines == ["a -> b main path projects/a/pyproject.toml:5"])
        #expect(snapshot.diagnostics.isEmpty)
    }

    @Test(arguments: ["file:///repo/libs/b", "file://localhost/repo/libs/b"])
    func fileURLInsideTheRoot(url: String) {
        let snapshot = resolveRepository([
            "projects/a/pyproject.toml": project("a", dependencies: ["b @ \(url)"]),
            "libs/b/pyproject.toml": project("b"),
        ])
        #expect(snapshot.edgeLines == ["a -> b main path projects/a/pyproject.toml:5"])
        #expect(snapshot.edges.first?.declared == "b @ \(url)")
        #expect(snapshot.diagnostics.isEmpty)
        #expect(snapshot.requirements.isEmpty)
    }

    /// Poetry percent-encodes the absolute URL it writes (tools/e2e/FACTS.md, Poetry 1: OUT_DIR
    /// `/tmp/sp ace/réPo` gave `file:///tmp/sp%20ace/r%C3%A9Po/libs/lib-one`).
    @Test func percentEncodedFileURLInsideTheRoot() {
        let snapshot = resolveRepository(
            [
                "projects/project-one/pyproject.toml": project(
                    "project-one", dependencies: ["lib-one @ file:///tmp/sp%20ace/r%C3%A9Po/libs/lib-one"]),
                "libs/lib-one/pyproject.toml": project("lib-one"),
            ], root: "/tmp/sp ace/réPo")
        #expect(
            snapshot.edgeLines == [
                "project-one -> lib-one main path projects/project-one/pyproject.toml:5"
            ])
        #expect(snapshot.diagnostics.isEmpty)
    }

    /// `/repo-old` starts with `/repo` but is not inside it.
    @Test func aSiblingOfTheRootIsNotInsideIt() {
        let snapshot = resolveRepository([
            "projects/a/pyproject.toml": project("a", dependencies: ["b @ file:///repo-old/libs/b"]),
            "libs/b/pyproject.toml": project("b"),
        ])
        #expect(snapshot.edges.map(\.resolution) == [.pathSuffix])
    }

    /// PDM writes local dependencies relative to the project with `${PROJECT_ROOT}`.
    @Test func pdmProjectRootURL() {
        let snapshot = resolveRepository([
            "projects/app/pyproject.toml": project(
                "app", dependencies: ["core @ file:///${PROJECT_ROOT}/../../libs/core"]),
            "libs/core/pyproject.toml": project("core"),
        ])
        #expect(snapshot.edgeLines == ["app -> core main path projects/app/pyproject.toml:5"])
        #expect(snapshot.diagnostics.isEmpty)
    }

    /// Hatch's context formatting: `{root:uri}` is the project's folder as a `file:` URI and
    /// `{root:parent:uri}` its parent's. A Hatch monorepo writes
    /// `"my-sandbox-lib @ {root:parent:uri}/my-sandbox-lib"` (pypa/hatch#2108); the README lists
    /// the Hatch equivalents of a `file:` reference among the path edges.
    @Test(arguments: [
        ("my-sandbox-lib @ {root:parent:uri}/my-sandbox-lib", "src/app"),
        ("my-sandbox-lib @ {root:uri}/../my-sandbox-lib", "src/app"),
    ])
    func hatchRootURIIsALocalFolder(requirement: String, folder: String) {
        let snapshot = resolveRepository([
            "\(folder)/pyproject.toml": project("app", dependencies: [requirement]),
            "src/my-sandbox-lib/pyproject.toml": project("my-sandbox-lib"),
        ])
        #expect(snapshot.edgeLines == ["app -> my-sandbox-lib main path \(folder)/pyproject.toml:5"])
        #expect(snapshot.requirements.isEmpty)
    }

    // MARK: Absolute paths from another machine

    static let preprocessingManifest = """
        [project]
        name = "preprocessing"
        version = "0.9.0"
        description = "Feature preprocessing pipelines."
        authors = [
            {name = "Alice Example",email = "alice@example.com"}
        ]
        readme = "README.md"
        requires-python = ">=3.11,<4.0"
        dependencies = [
            "numpy (>=1.26,<2)",
            "lib-one @ file:///home/alice/ml-monorepo/shared/lib-one"
        ]

        [tool.poetry]
        packages = [{include = "preprocessing", from = "src"}]

        [tool.poetry.dependencies]
        lib-one = {develop = true}
        [build-system]
        requires = ["poetry-core>=2.0.0,<3.0.0"]
        build-backend = "poetry.core.masonry.api"
        """

    /// The shape Poetry 2.5.1 writes (tools/e2e/FACTS.md, Poetry 7): the folder relative to the lock's.
    static let preprocessingLock = """
        # This file is automatically @generated by Poetry 2.5.1 and should not be changed by hand.

        [[package]]
        name = "lib-one"
        version = "1.4.0"
        description = "Shared feature and config helpers for the ML stack."
        optional = false
        python-versions = "^3.11"
        groups = ["main"]
        files = []
        develop = true

        [package.source]
        type = "directory"
        url = "../lib-one"

        [metadata]
        lock-version = "2.1"
        python-versions = ">=3.11,<4.0"
        content-hash = "0000000000000000000000000000000000000000000000000000000000000000"
        """

    /// Alice's checkout had lib-one under `shared/`; here it is under `libs/`, so no suffix of the URL
    /// names a module and only the lock (relative, so it survives the move) can find it.
    @Test func foreignAbsoluteURLResolvedThroughPoetryLock() throws {
        let snapshot = resolveRepository(
            [
                "libs/preprocessing/pyproject.toml": Self.preprocessingManifest,
                "libs/preprocessing/poetry.lock": Self.preprocessingLock,
                "libs/lib-one/pyproject.toml": project("lib-one", version: "1.4.0"),
            ], root: "/srv/checkout")
        #expect(
            snapshot.edgeLines == [
                "preprocessing -> lib-one main editable lock-file libs/preprocessing/pyproject.toml:12"
            ])
        let info = try #require(snapshot.diagnostics.first { $0.code == .resolvedByLockFile })
        #expect(info.severity == .info)
        #expect(info.file == "libs/preprocessing/pyproject.toml")
        #expect(info.line == 12)
        #expect(info.module == ModuleName("preprocessing"))
        #expect(info.message.contains("libs/preprocessing/poetry.lock"))
        #expect(info.message.contains("libs/lib-one"))
        #expect(snapshot.diagnostics.allSatisfy { $0.severity == .info })
    }

    /// Without the lock, the URL's tail decides: `lib-one` ends exactly one module folder
    /// (libs/lib-one; the module moved from shared/ since Alice ran `poetry add`), so the edge is
    /// resolved by path suffix and the diagnostic says so. A tail that ends two folders would
    /// stay unresolved (see `anAmbiguousTailStaysUnresolved`).
    @Test func withoutTheLockTheUniqueTailResolvesIt() throws {
        let snapshot = resolveRepository(
            [
                "libs/preprocessing/pyproject.toml": Self.preprocessingManifest,
                "libs/lib-one/pyproject.toml": project("lib-one"),
            ], root: "/srv/checkout")
        #expect(snapshot.edges.map(\.resolution) == [.pathSuffix])
        let info = try #require(snapshot.diagnostics.first)
        #expect(snapshot.diagnostics.count == 1)
        #expect(info.code == .resolvedByPathSuffix)
        #expect(info.severity == .info)
        #expect(info.line == 12)
        #expect(info.message.contains("/home/alice/ml-monorepo/shared/lib-one"))
    }

    @Test func anAmbiguousTailStaysUnresolved() throws {
        let snapshot = resolveRepository(
            [
                "libs/preprocessing/pyproject.toml": Self.preprocessingManifest,
                "libs/lib-one/pyproject.toml": project("lib-one"),
                "legacy/lib-one/pyproject.toml": project("lib-one-legacy"),
            ], root: "/srv/checkout")
        #expect(snapshot.edges.isEmpty)
        #expect(snapshot.diagnostics.map(\.code) == [.unresolvedAbsolutePath])
    }

    /// A workspace root's uv.lock records every member as `source = { editable = "libs/x" }`,
    /// relative to the workspace root (tools/e2e/FACTS.md, uv 6); a member's lock is looked up in
    /// the folders above it.
    @Test func foreignAbsoluteURLResolvedThroughAnAncestorUVLock() {
        let snapshot = resolveRepository(
            [
                "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"libs/*\", \"projects/*\"]\n",
                "uv.lock": """
                version = 1
                revision = 5
                requires-python = ">=3.11"

                [manifest]
                members = [
                    "app",
                    "lib-one",
                ]

                [[package]]
                name = "app"
                version = "0.1.0"
                source = { editable = "projects/app" }

                [[package]]
                name = "lib-one"
                version = "0.1.0"
                source = { editable = "libs/lib-one" }
                """,
                "projects/app/pyproject.toml": project(
                    "app", dependencies: ["lib-one @ file:///home/alice/elsewhere/lib-one"]),
                "libs/lib-one/pyproject.toml": project("lib-one"),
            ], root: "/srv/checkout")
        #expect(snapshot.edgeLines == ["app -> lib-one main lock-file projects/app/pyproject.toml:5"])
    }

    @Test func withoutALockTheLongestPathSuffixNamingAModuleWins() throws {
        let snapshot = resolveRepository(
            [
                "projects/training/pyproject.toml": project(
                    "training", dependencies: ["lib-one @ file:///home/alice/ml-monorepo/libs/lib-one"]),
                "libs/lib-one/pyproject.toml": project("lib-one"),
                // A shorter suffix (`lib-one`) also names a folder with a module.
                "lib-one/pyproject.toml": project("lib-one-legacy"),
            ], root: "/srv/checkout")
        #expect(
            snapshot.edgeLines == [
                "training -> lib-one main path-suffix projects/training/pyproject.toml:5"
            ])
        let info = try #require(snapshot.diagnostics.first { $0.code == .resolvedByPathSuffix })
        #expect(info.severity == .info)
        #expect(info.line == 5)
        #expect(info.message.contains("libs/lib-one"))
    }

    /// A lock that does not list the package does not stop the suffix rule.
    @Test func aLockWithoutThePackageFallsBackToThePathSuffix() {
        let snapshot = resolveRepository(
            [
                "projects/training/pyproject.toml": project(
                    "training", dependencies: ["lib-one @ file:///home/alice/ml-monorepo/libs/lib-one"]),
                "projects/training/poetry.lock": "[[package]]\nname = \"numpy\"\nversion = \"1.26.4\"\n",
                "libs/lib-one/pyproject.toml": project("lib-one"),
            ], root: "/srv/checkout")
        #expect(snapshot.edges.map(\.resolution) == [.pathSuffix])
    }

    @Test func anAbsolutePathNothingExplainsIsReported() throws {
        let snapshot = resolveRepository([
            "projects/app/pyproject.toml": """
            [tool.poetry]
            name = "app"
            version = "1.0.0"

            [tool.poetry.dependencies]
            vendored = {path = "/opt/vendor/vendored-tools"}
            """,
            "libs/lib-one/pyproject.toml": project("lib-one"),
        ])
        #expect(snapshot.edges.isEmpty)
        let warning = try #require(snapshot.diagnostics.first)
        #expect(snapshot.diagnostics.count == 1)
        #expect(warning.code == .unresolvedAbsolutePath)
        #expect(warning.severity == .warning)
        #expect(warning.file == "projects/app/pyproject.toml")
        #expect(warning.line == 6)
        #expect(warning.module == ModuleName("app"))
    }

    // MARK: Paths that lead nowhere

    @Test func aPathToAFolderWithoutAModuleIsBroken() throws {
        let snapshot = resolveRepository([
            "libs/a/pyproject.toml": """
            [tool.poetry]
            name = "a"
            version = "1.0.0"

            [tool.poetry.dependencies]
            python = "^3.11"
            missing = {path = "../missing", develop = true}
            b = {path = "../b"}
            """,
            "libs/b/pyproject.toml": project("b"),
        ])
        #expect(snapshot.edgeLines == ["a -> b main path libs/a/pyproject.toml:8"])
        let warning = try #require(snapshot.diagnostics.first)
        #expect(snapshot.diagnostics.count == 1)
        #expect(warning.code == .brokenPath)
        #expect(warning.severity == .warning)
        #expect(warning.line == 7)
        #expect(warning.message.contains("libs/missing"))
        #expect(warning.description.hasPrefix("libs/a/pyproject.toml:7: warning:"))
    }

    /// A nameless manifest (a virtual uv workspace root) is not a module a path can point at.
    @Test func aPathToANamelessManifestIsBroken() {
        let snapshot = resolveRepository([
            "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"libs/*\"]\n",
            "libs/a/pyproject.toml": project(
                "a", dependencies: ["root"], extra: "[tool.uv.sources]\nroot = { path = \"../..\" }"),
        ])
        #expect(snapshot.edges.isEmpty)
        #expect(snapshot.diagnostics.map(\.code) == [.brokenPath])
    }

    @Test func aRelativePathEscapingTheRootIsReported() throws {
        let snapshot = resolveRepository([
            "libs/a/pyproject.toml": """
            [tool.poetry]
            name = "a"
            version = "1.0.0"

            [tool.poetry.dependencies]
            outside = {path = "../../../outside"}
            """
        ])
        #expect(snapshot.edges.isEmpty)
        let warning = try #require(snapshot.diagnostics.first)
        #expect(snapshot.diagnostics.count == 1)
        #expect(warning.code == .pathEscapesRoot)
        #expect(warning.line == 6)
        #expect(warning.message.contains("../../../outside"))
    }

    // MARK: uv workspaces

    static let workspaceRoot = """
        [tool.uv.workspace]
        members = ["packages/*"]
        """

    @Test func workspaceMemberByName() throws {
        let snapshot = resolveRepository([
            "pyproject.toml": Self.workspaceRoot,
            "packages/app/pyproject.toml": project(
                "app", dependencies: ["core"], extra: "[tool.uv.sources]\ncore = { workspace = true }"),
            "packages/core/pyproject.toml": project("core"),
        ])
        // uv installs workspace members editable by default (tools/e2e/FACTS.md, uv 3).
        #expect(
            snapshot.edgeLines == ["app -> core main editable workspace packages/app/pyproject.toml:5"])
        #expect(snapshot.edges.first?.declared == "core with [tool.uv.sources] core = { workspace = true }")
        #expect(snapshot.diagnostics.isEmpty)
        #expect(snapshot.modules.map(\.name.rawValue) == ["app", "core"])
    }

    /// Two modules named `utils`: the one that is a member of the declaring module's workspace wins.
    @Test func workspaceSourcePrefersTheMemberAmongNamesakes() {
        let snapshot = resolveRepository([
            "pyproject.toml": Self.workspaceRoot,
            "packages/app/pyproject.toml": project(
                "app", dependencies: ["utils"], extra: "[tool.uv.sources]\nutils = { workspace = true }"),
            "packages/utils/pyproject.toml": project("utils"),
            "legacy/utils/pyproject.toml": project("utils"),
        ])
        #expect(snapshot.edges.count == 1)
        // The member of the workspace, whatever the other folder of that name.
        #expect(snapshot.edges.first?.to == "packages/utils")
        #expect(snapshot.diagnostics.filter { $0.code == .duplicateName }.count == 2)
        #expect(!snapshot.diagnostics.contains { $0.code == .notAWorkspaceMember })
    }

    @Test func workspaceSourceOutsideTheWorkspaceResolvesByNameWithAWarning() throws {
        let snapshot = resolveRepository([
            "pyproject.toml": Self.workspaceRoot,
            "packages/app/pyproject.toml": project(
                "app", dependencies: ["core"], extra: "[tool.uv.sources]\ncore = { workspace = true }"),
            "tools/core/pyproject.toml": project("core"),
        ])
        #expect(
            snapshot.edgeLines == ["app -> core main editable workspace packages/app/pyproject.toml:5"])
        let warning = try #require(snapshot.diagnostics.first)
        #expect(warning.code == .notAWorkspaceMember)
        #expect(warning.message.contains("tools/core"))
    }

    @Test func workspaceSourceWithoutAModuleOfThatName() throws {
        let snapshot = resolveRepository([
            "pyproject.toml": Self.workspaceRoot,
            "packages/app/pyproject.toml": project(
                "app", dependencies: ["core"], extra: "[tool.uv.sources]\ncore = { workspace = true }"),
        ])
        #expect(snapshot.edges.isEmpty)
        #expect(snapshot.diagnostics.map(\.code) == [.brokenWorkspaceSource])
        #expect(snapshot.diagnostics.first?.line == 5)
    }

    /// microsoft/autogen python/ (../shared/corpus), shortened: a nameless workspace root whose
    /// `[tool.uv.sources]` apply to every member that has none of its own (uv's rule), and not to
    /// the excluded folder.
    @Test func rootSourcesAreInheritedByMembers() throws {
        let snapshot = resolveRepository([
            "python/pyproject.toml": """
            [dependency-groups]
            dev = [
                "pyright==1.1.389",
            ]

            [tool.uv.workspace]
            members = ["packages/*"]
            exclude = ["packages/autogen-magentic-one"]

            [tool.uv.sources]
            autogen-agentchat = { workspace = true }
            autogen-core = { workspace = true }
            """,
            "python/packages/autogen-core/pyproject.toml": project("autogen-core", version: "0.7.5"),
            "python/packages/autogen-agentchat/pyproject.toml": """
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "autogen-agentchat"
            version = "0.7.5"
            license = {file = "LICENSE-CODE"}
            description = "AutoGen agents and teams library"
            readme = "README.md"
            requires-python = ">=3.10"
            dependencies = [
                "autogen-core==0.7.5",
            ]
            """,
            "python/packages/autogen-magentic-one/pyproject.toml": project(
                "autogen-magentic-one", dependencies: ["autogen-core>=0.4"]),
        ])
        #expect(
            snapshot.edgeLines == [
                "autogen-agentchat -> autogen-core main editable workspace python/packages/autogen-agentchat/pyproject.toml:13"
            ])
        #expect(
            snapshot.edges.first?.declared
                == "autogen-core==0.7.5 with [tool.uv.sources] autogen-core = { workspace = true } in python/pyproject.toml"
        )
        // The excluded folder is no member: its requirement stays external.
        #expect(
            snapshot.requirements.map { "\(snapshot.name(of: $0.module)) \($0.package) \($0.specifier)" } == [
                "autogen-magentic-one autogen-core >=0.4"
            ])
        #expect(snapshot.diagnostics.isEmpty)
    }

    /// uv resolves a root source's relative path from the workspace root, and a member's own
    /// source replaces the root's.
    @Test func inheritedPathSourcesAreRelativeToTheWorkspaceRoot() {
        let snapshot = resolveRepository([
            "pyproject.toml": """
            [tool.uv.workspace]
            members = ["packages/*"]

            [tool.uv.sources]
            shared = { path = "libs/shared", editable = true }
            """,
            "packages/app/pyproject.toml": project("app", dependencies: ["shared"]),
            "packages/api/pyproject.toml": project(
                "api", dependencies: ["shared"], extra: "[tool.uv.sources]\nshared = { path = \"../../vendor/shared\" }"
            ),
            "libs/shared/pyproject.toml": project("shared"),
            "vendor/shared/pyproject.toml": project("shared-vendored"),
        ])
        #expect(
            snapshot.edgeLines == [
                "api -> shared-vendored main path packages/api/pyproject.toml:5",
                "app -> shared main editable path packages/app/pyproject.toml:5",
            ])
    }

    // MARK: Names

    /// Warnings (edges follow folders; only a lookup by name is ambiguous), on every manifest.
    @Test func duplicateNamesAreWarnedOnEveryManifest() throws {
        let snapshot = resolveRepository([
            "libs/utils/pyproject.toml": project("shared_utils"),
            "tools/utils/pyproject.toml": project("Shared-Utils"),
            "libs/other/pyproject.toml": project("other"),
        ])
        let duplicates = snapshot.diagnostics.filter { $0.code == .duplicateName }
        #expect(duplicates.map(\.file) == ["libs/utils/pyproject.toml", "tools/utils/pyproject.toml"])
        #expect(
            duplicates.allSatisfy { $0.severity == .warning && $0.module == ModuleName("shared-utils") && $0.line == 1 }
        )
        #expect(duplicates[0].message.contains("tools/utils/pyproject.toml"))
        #expect(duplicates[1].message.contains("libs/utils/pyproject.toml"))
        #expect(snapshot.diagnostics.count == 2)
        // Both stay modules; nothing is silently dropped.
        #expect(
            snapshot.modules.filter { $0.name == ModuleName("shared-utils") }.map(\.path) == [
                "libs/utils", "tools/utils",
            ])
    }

    @Test func aManifestWithDependenciesButNoNameIsNoted() {
        let snapshot = resolveRepository([
            "scripts/pyproject.toml": "[tool.poetry.dependencies]\nrequests = \"^2\"\n"
        ])
        #expect(snapshot.modules.isEmpty)
        #expect(snapshot.diagnostics.map(\.code) == [.noName])
    }

    // MARK: One edge per pair and group

    @Test func constraintsOfOneDependencyMakeOneEdgeEditableWhenAnyIs() {
        let snapshot = resolveRepository([
            "libs/a/pyproject.toml": """
            [tool.poetry]
            name = "a"
            version = "1.0.0"

            [tool.poetry.dependencies]
            b = [
                {path = "../b", markers = "sys_platform == 'linux'"},
                {path = "../b", markers = "sys_platform == 'darwin'", develop = true},
            ]

            [tool.poetry.group.dev.dependencies]
            b = {path = "../b"}
            """,
            "libs/b/pyproject.toml": project("b"),
        ])
        #expect(
            snapshot.edgeLines == [
                "a -> b dev path libs/a/pyproject.toml:12",
                "a -> b main editable path libs/a/pyproject.toml:7",
            ])
    }

    @Test func externalRequirementsKeepGroupMarkersAndLine() {
        let snapshot = resolveRepository([
            "libs/a/pyproject.toml": """
            [project]
            name = "a"
            version = "1.0.0"
            dependencies = [
                "numpy (>=1.26,<2)",
                "pkg @ git+https://github.com/o/r.git@v1#subdirectory=libs/x ; sys_platform == 'linux'",
            ]

            [project.optional-dependencies]
            plots = ["matplotlib>=3.8"]
            """
        ])
        #expect(snapshot.edges.isEmpty)
        #expect(
            snapshot.requirements
                == [
                    Requirement(
                        module: "libs/a", package: ModuleName("numpy"), specifier: ">=1.26,<2", group: "main",
                        file: "libs/a/pyproject.toml", line: 5),
                    Requirement(
                        module: "libs/a", package: ModuleName("pkg"),
                        specifier: "@ git+https://github.com/o/r.git@v1#subdirectory=libs/x",
                        markers: "sys_platform == 'linux'",
                        group: "main", file: "libs/a/pyproject.toml", line: 6),
                    Requirement(
                        module: "libs/a", package: ModuleName("matplotlib"), specifier: ">=3.8", group: "plots",
                        optional: true, file: "libs/a/pyproject.toml", line: 10),
                ].sorted { ($0.group, $0.package.rawValue) < ($1.group, $1.package.rawValue) })
    }

    @Test func kindsComeFromTheConfiguration() {
        let files = [
            "packages/core/pyproject.toml": project("core"),
            "services/api/pyproject.toml": project("api"),
            "libs/old/pyproject.toml": project("old"),
        ]
        let configured = resolveRepository(
            files,
            configuration: TrellisConfiguration(
                libs: [Glob("packages/*")], projects: [Glob("services/*")], exclude: []))
        #expect(configured.modules.map { "\($0.name) \($0.kind)" } == ["api project", "core lib", "old module"])
        let byFolder = resolveRepository(files)
        #expect(byFolder.modules.map { "\($0.name) \($0.kind)" } == ["api module", "core module", "old lib"])
    }
}
