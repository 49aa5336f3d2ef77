import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// `.pre-commit-hooks.yaml` used as a monorepo's remote `repo:`, with real pre-commit (pinned in
/// tools/install-test-deps.sh) and its own `swift` language. pre-commit 4.7.0's
/// `languages/swift.py` clones the repository at `rev`, runs `swift build --package-path <clone>
/// -c release --build-path <clone>/swift_env-default/.build` once, and puts
/// `swift_env-default/.build/release` first on PATH for the hook's `entry`. So the test serves
/// this checkout's files as a git repository and lets pre-commit do exactly that.
///
/// The repository is a copy of the checkout's files (tracked and untracked, not ignored) committed
/// with fixed dates: the same files give the same commit, so pre-commit's cache (PRE_COMMIT_HOME,
/// kept in .build/pre-commit) builds the hook once per source state, and a fresh clone (CI) pays
/// one release build.
@Suite(
    .serialized,
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "\(ProjectPaths.venv)/bin/pre-commit"),
        "pre-commit is not in the venv: run tools/install-test-deps.sh"),
    .enabled(
        if: ProjectPaths.which("swift") != nil, "swift is not on PATH (pre-commit's swift language builds with it)")
)
struct PreCommitHookTests {
    static let work = "\(ProjectPaths.packageRoot)/.build/pre-commit"

    /// This checkout's files as a git repository; returns its path and the commit to put in `rev`.
    static func hookRepository() throws -> (path: String, rev: String) {
        let path = "\(work)/trellis"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let listed = try Subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], in: ProjectPaths.packageRoot)
        #expect(listed.status == 0, "the package root is not a git checkout: \(listed.stderr)")
        let root = URL(fileURLWithPath: ProjectPaths.packageRoot)
        for file in listed.output.split(separator: "\0").map(String.init) {
            let source = root.appendingPathComponent(file).path
            // A file deleted in the work tree is still listed by --cached.
            guard FileManager.default.fileExists(atPath: source) else { continue }
            let target = "\(path)/\(file)"
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
        let repository = RepositoryAt(path)
        try repository.git("init", "-q")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "Trellis as pre-commit clones it")
        let rev = try repository.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        return (path, rev)
    }

    /// A monorepo whose app depends on lib-one by path, with pre-commit installed as its git hook.
    static func monorepo(hooks: (path: String, rev: String)) throws -> TemporaryRepository {
        let repository = try TemporaryRepository(
            [
                "libs/lib-one/pyproject.toml": """
                [project]
                name = "lib-one"
                version = "1.0.0"
                """,
                "libs/lib-one/src/lib_one/__init__.py": "",
                "libs/lib-two/pyproject.toml": """
                [project]
                name = "lib-two"
                version = "1.0.0"
                """,
                "libs/lib-two/src/lib_two/__init__.py": "",
                "projects/app/pyproject.toml": """
                [project]
                name = "app"
                version = "0.1.0"
                dependencies = ["lib-one"]

                [tool.uv.sources]
                lib-one = { path = "../../libs/lib-one" }
                """,
                "projects/app/src/app/__init__.py": "import lib_one\n",
                ".gitignore": ".trellis/\n",
                ".pre-commit-config.yaml": """
                repos:
                  - repo: \(hooks.path)
                    rev: \(hooks.rev)
                    hooks:
                      - id: trellis-check
                      - id: trellis-check-imports
                """,
            ], prefix: "trellis-pre-commit")
        try repository.git("init", "-q")
        let install = try run(["\(ProjectPaths.venv)/bin/pre-commit", "install"], in: repository.root)
        #expect(install.status == 0, "\(install.stderr)")
        return repository
    }

    /// Runs a command with pre-commit's cache in .build and git's identity fixed.
    static func run(_ arguments: [String], in directory: String) throws -> Subprocess.Result {
        try Subprocess.run(
            [
                "env", "PRE_COMMIT_HOME=\(work)/home", "GIT_AUTHOR_NAME=Alice Example",
                "GIT_AUTHOR_EMAIL=alice@example.com", "GIT_COMMITTER_NAME=Alice Example",
                "GIT_COMMITTER_EMAIL=alice@example.com", "PRE_COMMIT_COLOR=never",
            ] + arguments, in: directory)
    }

    static func commit(_ repository: TemporaryRepository, _ message: String) throws -> Subprocess.Result {
        try run(["git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message], in: repository.root)
    }

    static func commits(_ repository: TemporaryRepository) throws -> Int {
        Int(try repository.git("rev-list", "--count", "--all").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @Test func aCleanRepositoryCommitsAndABrokenPathDependencyStopsTheCommit() throws {
        let hooks = try Self.hookRepository()
        let repository = try Self.monorepo(hooks: hooks)
        try repository.git("add", "-A")
        let clean = try Self.commit(repository, "A clean monorepo")
        let cleanOutput = clean.output + clean.stderr
        #expect(clean.status == 0, "\(cleanOutput)")
        #expect(cleanOutput.contains("trellis check......"), "\(cleanOutput)")
        #expect(cleanOutput.contains("Passed"), "\(cleanOutput)")
        #expect(!cleanOutput.contains("Failed"), "\(cleanOutput)")
        #expect(try Self.commits(repository) == 1)

        // The app now points at a folder with no module: the commit is refused with the finding.
        try repository.write([
            "projects/app/pyproject.toml": """
            [project]
            name = "app"
            version = "0.1.0"
            dependencies = ["lib-one", "ghost"]

            [tool.uv.sources]
            lib-one = { path = "../../libs/lib-one" }
            ghost = { path = "../../libs/ghost" }
            """
        ])
        try repository.git("add", "-A")
        let broken = try Self.commit(repository, "A broken path dependency")
        let brokenOutput = broken.output + broken.stderr
        #expect(broken.status != 0, "\(brokenOutput)")
        #expect(brokenOutput.contains("Failed"), "\(brokenOutput)")
        #expect(
            brokenOutput.contains(
                "projects/app/pyproject.toml:4: error: 'ghost with [tool.uv.sources] ghost = { path = \"../../libs/ghost\" }' points at libs/ghost, where no module is declared [broken-path]"
            ), "\(brokenOutput)")
        #expect(try Self.commits(repository) == 1, "the commit was stopped")
    }

    @Test func stagedCodeRunsOnlyTheImportsHookAndAnUndeclaredImportStopsTheCommit() throws {
        let hooks = try Self.hookRepository()
        let repository = try Self.monorepo(hooks: hooks)
        try repository.git("add", "-A")
        let first = try Self.commit(repository, "A clean monorepo")
        #expect(first.status == 0, "\(first.output)\(first.stderr)")

        // Only code changes: no manifest is staged, so trellis-check is skipped; the imports hook
        // reads the app's code and finds lib_two imported with no path edge to lib-two.
        try repository.write(["projects/app/src/app/__init__.py": "import lib_one\nimport lib_two\n"])
        try repository.git("add", "-A")
        let stopped = try Self.commit(repository, "An undeclared import")
        let output = stopped.output + stopped.stderr
        #expect(stopped.status != 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        let check = try #require(lines.first { $0.hasPrefix("trellis check...") }, "\(output)")
        #expect(check.hasSuffix("(no files to check)Skipped"), "\(output)")
        let imports = try #require(lines.first { $0.hasPrefix("trellis check --tests (imports)") }, "\(output)")
        #expect(imports.hasSuffix("Failed"), "\(output)")
        #expect(output.contains("projects/app/src/app/__init__.py:2: error:"), "\(output)")
        #expect(output.contains("[undeclared-dependency]"), "\(output)")
        #expect(try Self.commits(repository) == 1, "the commit was stopped")
    }
}

/// git in an existing folder with the fixed identity and dates of `TemporaryRepository.git`,
/// so the same files always give the same commit.
private struct RepositoryAt {
    let root: String
    init(_ root: String) { self.root = root }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let date = "2026-01-01T12:00:00Z"
        let result = try Subprocess.run(
            [
                "env", "GIT_AUTHOR_NAME=Trellis", "GIT_AUTHOR_EMAIL=trellis@example.com", "GIT_AUTHOR_DATE=\(date)",
                "GIT_COMMITTER_NAME=Trellis", "GIT_COMMITTER_EMAIL=trellis@example.com",
                "GIT_COMMITTER_DATE=\(date)", "git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
            ] + arguments, in: root)
        guard result.status == 0 else {
            throw TestSupportError.commandFailed("git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.output
    }
}
