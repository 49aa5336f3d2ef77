import Testing
import TrellisCore
import TrellisTestSupport

/// `ResolvedRepository.update` against the truth: after every change, the snapshot it gives
/// (a patch applied to the snapshot before, or, when it refuses to patch, a whole new one) must
/// equal resolving every manifest again from scratch, and a change that keeps the modules must
/// come as a patch.
@Suite struct ResolvedRepositoryTests {
    /// A repository state being edited: its files, the incremental resolution, and the snapshot
    /// the updates have built so far.
    struct Edited {
        var files: [String: String]
        var repository: ResolvedRepository
        var snapshot: Snapshot
        let resolver = SnapshotResolver(rootPath: "/work/repo")

        init(_ files: [String: String]) {
            self.files = files
            repository = ResolvedRepository(
                resolver: resolver, manifests: Self.manifests(files), readFile: { files[$0] })
            snapshot = repository.snapshot()
        }

        static func manifests(_ files: [String: String], in folders: Set<String>? = nil) -> [Manifest] {
            let paths = files.keys.filter { path in folders.map { $0.contains(RelativePath.parent(of: path)) } ?? true }
            return ManifestReader().read(paths: paths.sorted()) { files[$0].map { ManifestText($0) } }
        }

        /// Writes (or, with nil, deletes) `changes`, updates the resolution, and returns how.
        @discardableResult
        mutating func edit(_ changes: [String: String?]) -> String {
            for (path, text) in changes { files[path] = text }
            let folders = Set(changes.keys.map(RelativePath.parent))
            let locks = changes.keys.filter { $0.hasSuffix(".lock") }
            let files = self.files
            let manifests = Self.manifests(files, in: folders)
            let read = { (path: String) in files[path] }
            guard
                let patch = repository.update(folders: folders, manifests: manifests, lockFiles: locks, readFile: read)
            else {
                // What `CommitSnapshotBuilder` does then: everything resolved again.
                repository = ResolvedRepository(resolver: resolver, manifests: Self.manifests(files), readFile: read)
                snapshot = repository.snapshot()
                return "full"
            }
            snapshot = Self.apply(patch, to: snapshot)
            return "patch \(patch.modules.map(\.name.rawValue).sorted().joined(separator: " "))"
        }

        /// What resolving every manifest again gives.
        var truth: Snapshot {
            let files = self.files
            return resolver.resolve(Self.manifests(files)) { files[$0] }
        }

        /// `snapshot` with the patch's modules and everything they declare replaced.
        static func apply(_ patch: SnapshotPatch, to snapshot: Snapshot) -> Snapshot {
            var result = snapshot
            let paths = Set(patch.modules.map(\.path))
            result.modules = (snapshot.modules.filter { !paths.contains($0.path) } + patch.modules)
                .sorted { ($0.name, $0.path) < ($1.name, $1.path) }
            result.edges = (snapshot.edges.filter { !paths.contains($0.from) } + patch.edges)
                .sorted { ($0.from, $0.to, $0.group) < ($1.from, $1.to, $1.group) }
            result.requirements = (snapshot.requirements.filter { !paths.contains($0.module) } + patch.requirements)
                .sorted { ($0.module, $0.group, $0.package, $0.line) < ($1.module, $1.group, $1.package, $1.line) }
            result.diagnostics = patch.diagnostics
            return result
        }
    }

    static let start: [String: String] = [
        "libs/logger/pyproject.toml": project("logger", dependencies: ["structlog>=24"]),
        "libs/lib-one/pyproject.toml": """
        [tool.poetry]
        name = "lib-one"
        version = "0.1.0"

        [tool.poetry.dependencies]
        python = "^3.11"
        logger = {path = "../logger", develop = true}
        """,
        "projects/app/pyproject.toml": project(
            "app", dependencies: ["lib-one", "numpy>=2"],
            extra: """
                [tool.uv.sources]
                lib-one = { path = "../../libs/lib-one", editable = true }
                """),
    ]

    @Test func changesThatKeepTheModulesArePatchesEqualToAFullResolution() {
        var repo = Edited(Self.start)
        #expect(repo.snapshot == repo.truth)

        // A version bump: one module, no edge changes.
        #expect(
            repo.edit([
                "libs/logger/pyproject.toml": project("logger", version: "1.1.0", dependencies: ["structlog>=24"])
            ]) == "patch logger")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.modules.first { $0.name == ModuleName("logger") }?.version == "1.1.0")

        // An edge added (app → logger) and a requirement dropped, in one manifest.
        #expect(
            repo.edit([
                "projects/app/pyproject.toml": project(
                    "app", dependencies: ["lib-one", "logger"],
                    extra: """
                        [tool.uv.sources]
                        lib-one = { path = "../../libs/lib-one", editable = true }
                        logger = { path = "../../libs/logger" }
                        """)
            ]) == "patch app")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.edgeLines.contains { $0.hasPrefix("app -> logger main") })

        // An edge removed, and a broken path declared: a warning that the patch brings along.
        #expect(
            repo.edit([
                "libs/lib-one/pyproject.toml": """
                [tool.poetry]
                name = "lib-one"
                version = "0.1.0"

                [tool.poetry.dependencies]
                python = "^3.11"
                gone = {path = "../gone"}
                """
            ]) == "patch lib-one")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.diagnostics.map(\.code) == [.brokenPath])

        // Two manifests in one change.
        #expect(
            repo.edit([
                "libs/lib-one/pyproject.toml": Self.start["libs/lib-one/pyproject.toml"]!,
                "libs/logger/pyproject.toml": project("logger", version: "1.2.0"),
            ]) == "patch lib-one logger")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.diagnostics.isEmpty)
    }

    @Test func changesToTheSetOfModulesResolveEverythingAgain() {
        var repo = Edited(Self.start)
        // A new module: app's broken path to it must start resolving.
        repo.edit([
            "projects/app/pyproject.toml": project(
                "app", dependencies: ["helper"],
                extra: """
                    [tool.uv.sources]
                    helper = { path = "../../libs/helper" }
                    """)
        ])
        #expect(repo.snapshot.diagnostics.map(\.code) == [.brokenPath])
        #expect(repo.edit(["libs/helper/pyproject.toml": project("helper")]) == "full")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.edgeLines.contains { $0.hasPrefix("app -> helper") })

        // A rename, a removal, and the root folder (the configuration) are whole resolutions.
        #expect(repo.edit(["libs/helper/pyproject.toml": project("helper-two")]) == "full")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.edit(["libs/helper/pyproject.toml": String?.none]) == "full")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.edit(["pyproject.toml": project("root")]) == "full")
        #expect(repo.snapshot == repo.truth)
    }

    @Test func aWorkspaceRootChangeResolvesItsMembersAgain() {
        var repo = Edited([
            "pyproject.toml": """
            [tool.uv.workspace]
            members = ["packages/*"]

            [tool.uv.sources]
            core = { workspace = true }
            """,
            "packages/core/pyproject.toml": project("core"),
            "packages/api/pyproject.toml": project("api", dependencies: ["core"]),
        ])
        #expect(
            repo.snapshot.edgeLines == [
                "api -> core main editable workspace packages/api/pyproject.toml:5"
            ])
        // The member's own edit is a patch that still inherits the root's source.
        #expect(
            repo.edit(["packages/api/pyproject.toml": project("api", version: "2.0.0", dependencies: ["core"])])
                == "patch api")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.edges.count == 1)
    }

    @Test func aLockFileChangeResolvesTheManifestsBelowIt() {
        // Poetry 2 on another machine: the absolute URL resolves only through the lock file.
        let manifest = project("app", dependencies: ["lib-one @ file:///home/alice/src/lib-one-checkout"])
        let lock = { (url: String) in
            """
            [[package]]
            name = "lib-one"
            version = "0.1.0"

            [package.source]
            type = "directory"
            url = "\(url)"
            """
        }
        var repo = Edited(
            Self.start.merging([
                "projects/app/pyproject.toml": manifest, "projects/app/poetry.lock": lock("../elsewhere"),
            ]) { $1 })
        #expect(repo.snapshot.diagnostics.map(\.code) == [.unresolvedAbsolutePath])
        #expect(repo.edit(["projects/app/poetry.lock": lock("../../libs/lib-one")]) == "patch app")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.edgeLines.contains { $0.hasPrefix("app -> lib-one main lock-file") })
    }

    @Test func aFolderWithoutAModuleChangesOnlyTheDiagnostics() {
        var repo = Edited(Self.start.merging(["flows/etl/requirements.txt": "pandas\n"]) { $1 })
        #expect(repo.edit(["flows/etl/requirements.txt": "-e ../../libs/logger\n"]) == "patch ")
        #expect(repo.snapshot == repo.truth)
        #expect(repo.snapshot.diagnostics.map(\.code) == [.requirementsOutsideModule])
    }
}

/// A scan resolves its manifests on every core (`concurrentReads`); each chunk has its own
/// resolver and lock-file reads, and the snapshot must be the one a single resolver gives.
@Suite struct ConcurrentResolutionTests {
    @Test func everyCoreGivesTheSnapshotOneResolverGives() {
        // 300 Poetry projects in a chain (more than `parallelMap` keeps on one thread), each with a
        // poetry.lock; every third lock records a dependency its manifest no longer declares.
        var files: [String: String] = [:]
        for index in 0..<300 {
            let next = "lib-\(index + 1)"
            let dependency = index < 299 ? ["\(next) = {path = \"../\(next)\", develop = true}"] : []
            files["libs/lib-\(index)/pyproject.toml"] = poetry("lib-\(index)", dependencies: dependency)
            let locked = index < 299 ? [next] + (index % 3 == 0 ? ["lib-\((index + 2) % 300)"] : []) : []
            files["libs/lib-\(index)/poetry.lock"] = locked.map { name in
                """
                [[package]]
                name = "\(name)"
                version = "1.0.0"
                groups = ["main"]
                files = []
                develop = true

                [package.source]
                type = "directory"
                url = "../\(name)"

                """
            }.joined()
        }
        let manifests = ManifestReader().read(paths: files.keys.sorted()) { files[$0].map { ManifestText($0) } }
        let resolver = SnapshotResolver(rootPath: "/repo")
        let concurrent = resolver.resolve(manifests, readFile: { files[$0] }, concurrentReads: true)
        let serial = resolver.resolve(manifests, readFile: { files[$0] })
        #expect(concurrent == serial)
        #expect(concurrent.edges.count == 299)
        #expect(concurrent.diagnostics.filter { $0.code == .lockDrift }.count == 100)
    }
}
