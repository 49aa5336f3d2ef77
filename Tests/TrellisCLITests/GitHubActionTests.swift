import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The composite `action.yml`, its `run:` steps run as the runner runs them (`CompositeAction`:
/// bash -eo pipefail, the steps' `env:`, GITHUB_OUTPUT/GITHUB_PATH read back) on a real clone
/// whose branch changed a lib. The `actions/cache` step is GitHub's and is not run: a first run
/// finds no cached binary and installs one with tools/install.sh (TRELLIS_BINARY gives it the
/// debug binary, as InstallScriptTests do, so no release build runs here), a second run finds it.
@Suite(
    .enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"),
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "\(ProjectPaths.venv)/bin/python"),
        "no venv with PyYAML: run tools/install-test-deps.sh")
)
struct GitHubActionTests {
    static func action() throws -> CompositeAction {
        try CompositeAction(file: "\(ProjectPaths.packageRoot)/action.yml", python: "\(ProjectPaths.venv)/bin/python")
    }

    /// A clone of the example (origin/main) on a branch `feature`; `change` edits it before the commit.
    static func clone(change: [String: String]) throws -> (origin: TemporaryRepository, clone: TemporaryRepository) {
        let origin = try TemporaryRepository(prefix: "trellis-action-origin")
        try origin.copy(from: ProjectPaths.example)
        try origin.commitAll()
        let clone = try TemporaryRepository(prefix: "trellis-action-clone")
        try clone.git("clone", "-q", origin.root, ".")
        try clone.git("checkout", "-q", "-b", "feature")
        if !change.isEmpty {
            try clone.write(change)
            try clone.git("commit", "-q", "-am", "Change")
        }
        return (origin, clone)
    }

    /// The runner's environment: a HOME of its own (the cache folder is under it), this PATH.
    static func environment(home: String, baseRef: String? = "main") throws -> [String: String] {
        var environment = [
            "HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64", "CI": "true", "GITHUB_ACTIONS": "true",
            "TRELLIS_BINARY": try #require(ProjectPaths.trellisBinary),
        ]
        environment["GITHUB_BASE_REF"] = baseRef
        return environment
    }

    static let change = [
        "libs/preprocessing/src/preprocessing/__init__.py": "\"\"\"Changed on the branch.\"\"\"\n"
    ]

    @Test func aPullRequestGetsTheAffectedProjectsAsAMatrixAndTheSecondRunUsesTheCache() throws {
        let action = try Self.action()
        let (_, clone) = try Self.clone(change: Self.change)
        let home = try TemporaryRepository(prefix: "trellis-action-home")
        let environment = try Self.environment(home: home.root)

        let first = try action.run(
            inputs: [:], actionPath: ProjectPaths.packageRoot, workspace: clone.root, environment: environment)
        #expect(first.status == 0, "\(first.log)")
        let matrix = try #require(first.outputs["matrix"])
        let expected = runTrellis(
            ["affected", "--since", "origin/main", "--kind", "project", "--format", "github-matrix"], in: clone.root)
        #expect(matrix + "\n" == expected.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(matrix.utf8)) as? [String: Any])
        let include = try #require(object["include"] as? [[String: String]])
        #expect(include.map { $0["name"] } == ["serving", "training"])
        #expect(include.map { $0["path"] } == ["projects/serving", "projects/training"])
        #expect(first.outputs["count"] == "2")

        // No cached binary: tools/install.sh installed one in the folder the cache step keeps.
        let prefix = try #require(first.stepOutputs["source"]?["prefix"])
        #expect(prefix == "\(home.root)/.cache/trellis-action")
        #expect(first.log.contains("Installed trellis 0.1.0 in \(prefix):"), "\(first.log)")
        #expect(FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/trellis"))
        #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/man/man1/trellis.1"))
        let cache = try #require(first.used.first)
        #expect(cache.uses == "actions/cache@v4")
        #expect(cache.with["path"]?.replacingOccurrences(of: "~", with: home.root) == prefix)
        let key = try #require(cache.with["key"])
        #expect(key.hasPrefix("trellis-Linux-X64-") && key.count == "trellis-Linux-X64-".count + 16, "\(key)")

        // The cache restored the folder: nothing is installed again, the matrix is the same.
        let second = try action.run(
            inputs: [:], actionPath: ProjectPaths.packageRoot, workspace: clone.root, environment: environment)
        #expect(second.status == 0, "\(second.log)")
        #expect(second.log.hasPrefix("trellis 0.1.0, from the cache\n"), "\(second.log)")
        #expect(!second.log.contains("Installed trellis"))
        #expect(second.outputs["matrix"] == matrix)
        #expect(second.used.first?.with["key"] == key, "the same source gives the same key")
    }

    @Test func kindAndArgsReachTrellisAndNothingAffectedIsAnEmptyMatrix() throws {
        let action = try Self.action()
        let home = try TemporaryRepository(prefix: "trellis-action-home")
        let environment = try Self.environment(home: home.root)

        let (_, changed) = try Self.clone(change: Self.change)
        let every = try action.run(
            inputs: ["kind": "", "args": "--include-dependencies"], actionPath: ProjectPaths.packageRoot,
            workspace: changed.root, environment: environment)
        #expect(every.status == 0, "\(every.log)")
        let expected = runTrellis(
            ["affected", "--since", "origin/main", "--include-dependencies", "--format", "github-matrix"],
            in: changed.root)
        #expect(try #require(every.outputs["matrix"]) + "\n" == expected.stdout)
        #expect(every.outputs["matrix"]?.contains("\"reason\":\"dependency\"") == true, "\(every.outputs)")

        let (_, unchanged) = try Self.clone(change: [:])
        let none = try action.run(
            inputs: [:], actionPath: ProjectPaths.packageRoot, workspace: unchanged.root, environment: environment)
        #expect(none.status == 0, "\(none.log)")
        #expect(none.outputs["matrix"] == #"{"include":[]}"#)
        #expect(none.outputs["count"] == "0")
    }

    @Test func withoutAPullRequestBaseTheSinceInputIsRequired() throws {
        let action = try Self.action()
        let home = try TemporaryRepository(prefix: "trellis-action-home")
        let (_, clone) = try Self.clone(change: Self.change)

        let push = try action.run(
            inputs: [:], actionPath: ProjectPaths.packageRoot, workspace: clone.root,
            environment: try Self.environment(home: home.root, baseRef: nil))
        #expect(push.status == 2)
        #expect(push.log.contains("::error title=trellis affected::no pull request base branch"), "\(push.log)")
        #expect(push.outputs.isEmpty)

        let given = try action.run(
            inputs: ["since": "origin/main"], actionPath: ProjectPaths.packageRoot, workspace: clone.root,
            environment: try Self.environment(home: home.root, baseRef: nil))
        #expect(given.status == 0, "\(given.log)")
        #expect(given.outputs["count"] == "2")
    }
}
