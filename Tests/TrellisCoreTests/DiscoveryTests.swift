import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct DiscoveryTests {
    /// The files Trellis reads in a small monorepo, including names with a space and a non-ASCII letter.
    static let readFiles: [String: String] = [
        "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"libs/*\"]\n",
        "uv.lock": "version = 1\n",
        "trellis.toml": "[tool.trellis]\nlibs = [\"libs/*\"]\n",
        "libs/a/pyproject.toml": project("a"),
        "libs/a/poetry.lock": "",
        "libs/my lib/pyproject.toml": project("my-lib"),
        "libs/réseau/pyproject.toml": project("reseau"),
        "projects/app/pyproject.toml": project("app"),
        // Legacy and side manifests (issue 3): setup.py is listed (never run), requirements files too.
        "libs/a/setup.py": "",
        "projects/app/requirements.txt": "-e ../../libs/a\n",
    ]

    /// Files of the same names that Trellis never reads: virtualenvs, vendored JavaScript, build
    /// output and hidden folders.
    static let skippedFiles: [String: String] = [
        ".venv/lib/python3.12/site-packages/numpy/pyproject.toml": project("numpy"),
        "libs/a/.venv/lib/python3.12/site-packages/six/pyproject.toml": project("six"),
        "venv/lib/pyproject.toml": project("venv-pkg"),
        "node_modules/some-pkg/pyproject.toml": project("some-pkg"),
        "projects/app/node_modules/x/poetry.lock": "",
        "libs/a/build/lib/pyproject.toml": project("a"),
        "build/pyproject.toml": project("built"),
        "libs/a/dist/a-1.0/pyproject.toml": project("a"),
        "libs/a/src/a/__pycache__/pyproject.toml": "",
        ".hidden/pyproject.toml": project("hidden"),
        "libs/.cache/pkg/pyproject.toml": project("cached"),
        ".github/workflows/pyproject.toml": "",
    ]

    /// Files Trellis has no use for.
    static let otherFiles: [String: String] = [
        "README.md": "# monorepo\n",
        "libs/a/pyproject.toml.bak": "",
        "libs/a/src/a/__init__.py": "",
        "libs/a/requirements.md": "",
    ]

    static var expected: [String] { readFiles.keys.sorted() }

    func files(_ repository: TemporaryRepository, useGit: Bool) throws -> [String] {
        let configuration = RepositoryScanner(root: repository.root, useGit: useGit).configuration()
        return try ManifestDiscovery(root: repository.root, useGit: useGit).files(excluding: configuration)
    }

    @Test func theFolderWalkFindsExactlyTheFilesTrellisReads() throws {
        let repository = try TemporaryRepository(
            Self.readFiles.merging(Self.skippedFiles) { $1 }.merging(Self.otherFiles) { $1 })
        #expect(try files(repository, useGit: false) == Self.expected)
        // Not a git work tree: asking for git falls back to the walk.
        #expect(try files(repository, useGit: true) == Self.expected)
    }

    /// Everything committed, even the folders Trellis skips: git lists them, and the same skip
    /// rules leave them out.
    @Test func gitAndTheWalkFindTheSameFilesWhenEverythingIsTracked() throws {
        let repository = try TemporaryRepository(
            Self.readFiles.merging(Self.skippedFiles) { $1 }.merging(Self.otherFiles) { $1 })
        try repository.commitAll()
        let tracked = try repository.git("ls-files")
        #expect(
            tracked.contains(".venv/lib/python3.12/site-packages/numpy/pyproject.toml"),
            "the fixture must put skipped files in git")
        #expect(try files(repository, useGit: true) == Self.expected)
        #expect(try files(repository, useGit: false) == Self.expected)
    }

    /// The usual setup: build output and virtualenvs ignored, a new module not yet added.
    @Test func gitAndTheWalkFindTheSameFilesWithATypicalGitignore() throws {
        let repository = try TemporaryRepository(
            Self.readFiles.merging(Self.skippedFiles) { $1 }.merging(Self.otherFiles) { $1 })
        try repository.write([".gitignore": ".venv/\nvenv/\nnode_modules/\nbuild/\ndist/\n__pycache__/\n"])
        try repository.git("init", "-q")
        try repository.git("add", ".gitignore", "pyproject.toml", "libs/a")
        try repository.git("commit", "-q", "-m", "Part of it")
        #expect(try files(repository, useGit: true) == Self.expected)
        #expect(try files(repository, useGit: false) == Self.expected)
    }

    @Test func untrackedManifestsAreFoundThroughGitButIgnoredOnesAreNot() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": project("a"),
            ".gitignore": "generated/\n*.local/\n",
        ])
        try repository.commitAll()
        try repository.write([
            "libs/new/pyproject.toml": project("new"),
            "generated/stub/pyproject.toml": project("stub"),
            "libs/b.local/pyproject.toml": project("b-local"),
        ])
        #expect(try files(repository, useGit: true) == ["libs/a/pyproject.toml", "libs/new/pyproject.toml"])
        // The walk knows nothing of .gitignore.
        #expect(
            try files(repository, useGit: false) == [
                "generated/stub/pyproject.toml", "libs/a/pyproject.toml", "libs/b.local/pyproject.toml",
                "libs/new/pyproject.toml",
            ])
    }

    /// A scan parses the tracked manifests while git still lists the untracked files: a folder
    /// an untracked file adds to, and one whose requirements include a file that only the
    /// untracked listing finds, are read again, so the snapshot is the one the whole listing gives.
    @Test func untrackedFilesReachTheFoldersParsedBeforeTheyWereListed() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": project("a"),
            "libs/c/pyproject.toml": project("c"),
            "libs/c/requirements.txt": "-r ../shared/requirements-base.txt\n",
        ])
        try repository.commitAll()
        try repository.write([
            "libs/a/requirements-dev.txt": "pytest>=8\n",
            "libs/shared/requirements-base.txt": "-e ../a\n",
            "libs/new/pyproject.toml": project("new", dependencies: ["a @ file:../a"]),
        ])
        let scanner = RepositoryScanner(root: repository.root)
        let outcome = try scanner.scan()
        #expect(
            outcome.untracked == [
                "libs/a/requirements-dev.txt", "libs/new/pyproject.toml", "libs/shared/requirements-base.txt",
            ])
        #expect(outcome.snapshot.moduleNames == ["a", "c", "new"])
        #expect(outcome.snapshot.edgeLines.contains { $0.hasPrefix("c -> a ") })
        #expect(outcome.snapshot.edgeLines.contains { $0.hasPrefix("new -> a ") })
        #expect(
            outcome.snapshot.requirements.contains { $0.package.rawValue == "pytest" && $0.group == "requirements-dev" }
        )
        // The same as a scan of the whole listing, given up front.
        let whole = try scanner.scan(listing: scanner.listing())
        #expect(outcome.snapshot == whole.snapshot)
        #expect(outcome.files == whole.files)
    }

    @Test func aTrackedManifestDeletedFromTheWorkTreeIsGone() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": project("a"),
            "libs/b/pyproject.toml": project("b"),
        ])
        try repository.commitAll()
        try FileManager.default.removeItem(atPath: "\(repository.root)/libs/b/pyproject.toml")
        #expect(try files(repository, useGit: true) == ["libs/a/pyproject.toml"])
    }

    /// Trellis run from a folder below the work tree's top reads only that folder, with paths
    /// relative to it.
    @Test func aRootBelowTheTopOfTheWorkTree() throws {
        let repository = try TemporaryRepository([
            "python/pyproject.toml": "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n",
            "python/packages/core/pyproject.toml": project("core"),
            "dotnet/tools/pyproject.toml": project("tools"),
        ])
        try repository.commitAll()
        let root = "\(repository.root)/python"
        let viaGit = try ManifestDiscovery(root: root, useGit: true).files()
        let walked = try ManifestDiscovery(root: root, useGit: false).files()
        #expect(viaGit == ["packages/core/pyproject.toml", "pyproject.toml"])
        #expect(walked == viaGit)
    }

    /// The same, when that folder is not added to git yet: git lists it whole as `./`, which
    /// once gave every module a `./` prefix (`./libs/a`), so no path edge or lock matched it.
    @Test func aRootBelowTheTopOfTheWorkTreeThatGitDoesNotTrackYet() throws {
        let repository = try TemporaryRepository(["README.md": "top\n"])
        try repository.commitAll()
        try repository.write([
            "python/pyproject.toml": "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n",
            "python/packages/core/pyproject.toml": project("core"),
        ])
        let root = "\(repository.root)/python"
        let listing = try ManifestDiscovery(root: root, useGit: true).listing()
        #expect(listing.paths == ["packages/core/pyproject.toml", "pyproject.toml"])
        #expect(listing.untracked == listing.paths)
        #expect(try ManifestDiscovery(root: root, useGit: false).files() == listing.paths)
    }

    @Test func excludeGlobsFromToolTrellisAreSkippedByBoth() throws {
        let repository = try TemporaryRepository([
            "pyproject.toml": """
            [tool.trellis]
            exclude = ["**/fixtures/**", "legacy", "libs/*/examples"]
            """,
            "libs/a/pyproject.toml": project("a"),
            "libs/a/tests/fixtures/broken/pyproject.toml": "not toml [",
            "tests/fixtures/sample/pyproject.toml": project("sample"),
            "libs/a/examples/pyproject.toml": project("a-example"),
            "legacy/old/pyproject.toml": project("old"),
            // Only the folder named `legacy` is excluded, not every name starting with it.
            "legacy-tools/pyproject.toml": project("legacy-tools"),
        ])
        let expected = ["legacy-tools/pyproject.toml", "libs/a/pyproject.toml", "pyproject.toml"]
        #expect(try files(repository, useGit: false) == expected)
        try repository.commitAll()
        #expect(try files(repository, useGit: true) == expected)
    }

    /// `uv init` runs `git init` in each new member folder when the root is not a git repository
    /// yet (tools/e2e/FACTS.md, uv 0.13.9). Such a member stays a nested repository after the
    /// root becomes one; git does not list its files, the walk does. docs/ARCHITECTURE.md, Discovery: "both
    /// must find the same modules".
    @Test func aMemberWithItsOwnGitFolderIsFoundByBoth() throws {
        let repository = try TemporaryRepository([
            "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"libs/*\"]\n",
            "libs/a/pyproject.toml": project("a"),
            "libs/b/pyproject.toml": project("b"),
        ])
        _ = try Subprocess.run(["git", "init", "-q"], in: "\(repository.root)/libs/b")
        try repository.git("init", "-q")
        try repository.git("add", "pyproject.toml", "libs/a")
        try repository.git("commit", "-q", "-m", "Root and a")
        let walked = try files(repository, useGit: false)
        #expect(walked == ["libs/a/pyproject.toml", "libs/b/pyproject.toml", "pyproject.toml"])
        #expect(try files(repository, useGit: true) == walked)
    }

    /// git stores a symbolic link as a link; the walk must not read a module twice through one.
    @Test func aSymbolicLinkToAModuleFolderIsNotASecondModule() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": project("a"),
            "projects/app/pyproject.toml": project("app"),
        ])
        try FileManager.default.createSymbolicLink(
            atPath: "\(repository.root)/projects/app/vendored-a", withDestinationPath: "../../libs/a")
        let expected = ["libs/a/pyproject.toml", "projects/app/pyproject.toml"]
        try repository.commitAll()
        #expect(try files(repository, useGit: true) == expected)
        #expect(try files(repository, useGit: false) == expected)
    }

    @Test func aMissingRootIsAnError() {
        let missing = "/nonexistent-\(UUID().uuidString)"
        #expect(throws: DiscoveryError.self) { try ManifestDiscovery(root: missing, useGit: false).files() }
        #expect(throws: DiscoveryError.self) { try ManifestDiscovery(root: missing, useGit: true).files() }
    }

    @Test(arguments: [
        ("pyproject.toml", true),
        ("libs/a/pyproject.toml", true),
        ("libs/a/poetry.lock", true),
        ("uv.lock", true),
        ("trellis.toml", true),
        ("libs/a/setup.cfg", true),
        ("libs/a/requirements-dev.txt", true),
        ("libs/a/notes.txt", false),
        ("libs/a/pyproject.toml.orig", false),
        (".venv/lib/pyproject.toml", false),
        ("libs/a/.tox/py311/pyproject.toml", false),
        ("node_modules/x/pyproject.toml", false),
        ("libs/a/build/pyproject.toml", false),
        ("libs/a/dist/pyproject.toml", false),
        ("venv/pyproject.toml", false),
        ("libs/builder/pyproject.toml", true),
        ("libs/.hidden-but-not-a-folder.toml", false),
    ])
    func isCandidate(path: String, candidate: Bool) {
        #expect(ManifestDiscovery.isCandidate(path) == candidate)
    }

    // MARK: Legacy and auxiliary kinds

    /// Legacy and auxiliary manifest kinds, and names beside them that are not read.
    static let otherKinds = [
        "libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1\"\n",
        "libs/a/hatch.toml": "[envs.default]\n",
        "libs/a/requirements-dev.txt": "pytest\n",
        "libs/a/REQUIREMENTS.txt": "requests\n",
        "libs/a/constraints.txt": "urllib3<3\n",
        "libs/legacy/setup.cfg": "[metadata]\nname = legacy\n",
        "libs/old/setup.py": "",
        "libs/old/dev_requirements.txt": "-e ../a\n",
        // Not read: not a manifest name, or inside a skipped folder.
        "libs/a/notes.txt": "",
        "libs/a/requirements.in": "",
        "libs/a/.venv/requirements.txt": "",
        "libs/a/build/setup.py": "",
    ]
    static let otherKindsExpected = [
        "libs/a/REQUIREMENTS.txt", "libs/a/constraints.txt", "libs/a/hatch.toml", "libs/a/pyproject.toml",
        "libs/a/requirements-dev.txt", "libs/legacy/setup.cfg", "libs/old/dev_requirements.txt", "libs/old/setup.py",
    ]

    /// Discovery lists the legacy and auxiliary manifest kinds, through git and through the walk alike.
    @Test func gitAndWalkFindTheSameNewKinds() throws {
        let repository = try TemporaryRepository(Self.otherKinds)
        #expect(try ManifestDiscovery(root: repository.root, useGit: false).files() == Self.otherKindsExpected)
        try repository.commitAll()
        #expect(try ManifestDiscovery(root: repository.root, useGit: true).files() == Self.otherKindsExpected)
        // An untracked requirements file is found too (git --others).
        try repository.write(["libs/legacy/requirements.txt": "-e ../a\n"])
        #expect(
            try ManifestDiscovery(root: repository.root, useGit: true).files().contains("libs/legacy/requirements.txt"))
    }

    @Test func aScanOfTheNewKindsGivesLegacyModulesAndTheirEdges() throws {
        let repository = try TemporaryRepository(Self.otherKinds)
        try repository.commitAll()
        let snapshot = try RepositoryScanner(root: repository.root).scan().snapshot
        #expect(snapshot.moduleNames == ["a", "legacy", "old"])
        #expect(snapshot.edgeLines == ["old -> a dev_requirements editable path libs/old/dev_requirements.txt:1"])
    }

    // MARK: Glob

    @Test(arguments: [
        ("libs/*", "libs/lib-one", true),
        ("libs/*", "libs", false),
        ("libs/*", "libs/lib-one/src", false),
        ("libs/*", "projects/lib-one", false),
        ("./libs/*", "libs/lib-one", true),
        ("libs/*/", "libs/lib-one", true),
        ("libs/lib-*", "libs/lib-one", true),
        ("libs/lib-*", "libs/lib-", true),
        ("libs/lib-*", "libs/logger", false),
        ("libs/lib-?", "libs/lib-a", true),
        ("libs/lib-?", "libs/lib-", false),
        ("libs/lib-?", "libs/lib-ab", false),
        ("*", "libs", true),
        ("*", "libs/a", false),
        ("*", ".", false),
        ("**", ".", true),
        ("**", "libs/a/b/c", true),
        ("**/fixtures/**", "fixtures", true),
        ("**/fixtures/**", "tests/fixtures", true),
        ("**/fixtures/**", "libs/a/tests/fixtures/x/y", true),
        ("**/fixtures/**", "libs/a/tests/fixtures-old", false),
        ("libs/**/tests", "libs/tests", true),
        ("libs/**/tests", "libs/a/b/tests", true),
        ("libs/**/tests", "libs/a/b/tests/x", false),
        ("packages/autogen-magentic-one", "packages/autogen-magentic-one", true),
        ("packages/autogen-magentic-one", "packages/autogen-magentic-one-v2", false),
        ("*-core", "autogen-core", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
    ])
    func globMatching(pattern: String, path: String, matches: Bool) {
        #expect(Glob(pattern).matches(path) == matches)
    }

    @Test func excludedPathsIncludeEverythingBelowAnExcludedFolder() {
        let configuration = TrellisConfiguration(
            libs: [], projects: [], exclude: [Glob("legacy"), Glob("**/fixtures")])
        #expect(configuration.isExcluded("legacy/old/pyproject.toml"))
        #expect(configuration.isExcluded("legacy"))
        #expect(configuration.isExcluded("libs/a/tests/fixtures/pyproject.toml"))
        #expect(!configuration.isExcluded("legacy-tools/pyproject.toml"))
        #expect(!configuration.isExcluded("libs/a/pyproject.toml"))
        #expect(!TrellisConfiguration.default.isExcluded("legacy/old/pyproject.toml"))
    }

    @Test func theConfigurationIsReadFromTrellisTomlBeforePyproject() throws {
        let repository = try TemporaryRepository([
            "trellis.toml": "libs = [\"shared/*\"]\n",
            "pyproject.toml": "[tool.trellis]\nlibs = [\"libs/*\"]\n",
        ])
        let configuration = RepositoryScanner(root: repository.root).configuration()
        #expect(configuration.kind(ofModuleAt: "shared/core") == .lib)
        #expect(configuration.kind(ofModuleAt: "libs/core") == .module)
        let onlyPyproject = try TemporaryRepository([
            "pyproject.toml": "[tool.trellis]\nlibs = [\"libs/*\"]\nprojects = [\"apps/*\"]\n"
        ])
        let fromPyproject = RepositoryScanner(root: onlyPyproject.root).configuration()
        #expect(fromPyproject.kind(ofModuleAt: "apps/web") == .project)
        #expect(fromPyproject.kind(ofModuleAt: "libs/core") == .lib)
    }
}
