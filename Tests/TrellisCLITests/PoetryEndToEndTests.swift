import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// A monorepo made with the real Poetry (tools/e2e/make-poetry-monorepo.sh: `poetry new`,
/// `poetry add --lock ../../libs/lib-one`, `--editable`, `--group dev`), committed, cloned to
/// another folder and the original deleted: the answers must not change. Poetry 2.5.1 writes
/// `lib-one @ file:///<absolute path of the machine where it ran>` (tools/e2e/FACTS.md), so the
/// clone only answers right through the lock file or the path suffix.
/// Skipped where Poetry is not installed, except in CI, which installs it and must run this.
@Suite(.enabled(if: E2ETools.poetry != nil || E2ETools.inCI, "Poetry is not installed: run tools/install-test-deps.sh"))
struct PoetryEndToEndTests {
    func answers(_ root: String) throws -> [String: String] {
        var answers: [String: String] = [:]
        for (key, arguments) in [
            "dependents lib-one": ["dependents", "lib-one", "-t", "--json"],
            "dependents logger": ["dependents", "logger", "-t", "--json"],
            "dependencies project-one": ["dependencies", "project-one", "--json"],
            "graph": ["graph", "--format", "json"],
        ] {
            let run = runTrellis(arguments + ["--root", root], in: root)
            #expect(run.status == 0, "\(key): \(run.stderr)")
            answers[key] = run.stdout
        }
        return answers
    }

    @Test func cloneElsewhereGivesTheSameAnswers() throws {
        let original = try TemporaryRepository(prefix: "trellis-poetry")
        let made = try Subprocess.run(
            ["bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-poetry-monorepo.sh", "\(original.root)/repo"])
        try #require(made.status == 0, "make-poetry-monorepo.sh failed: \(made.stderr)")
        let root = "\(original.root)/repo"

        let run = runTrellis(["dependents", "lib-one", "--json", "--root", root], in: root)
        let direct = try #require(try run.json() as? [[String: Any]]).map { "\($0["name"] as? String ?? "")" }
        #expect(direct == ["project-one", "project-two"])
        let show = try #require(
            try runTrellis(["show", "project-two", "--json", "--root", root], in: root).json() as? [String: Any])
        let edges = try #require(show["dependencies"] as? [[String: Any]])
        #expect(edges.map { $0["group"] as? String } == ["dev"], "--group dev must give a dev edge")
        let projectOne = try #require(
            try runTrellis(["show", "project-one", "--json", "--root", root], in: root).json() as? [String: Any])
        let editable = (projectOne["dependencies"] as? [[String: Any]] ?? []).map {
            "\($0["name"] as? String ?? ""):\($0["editable"] as? Bool ?? false)"
        }
        #expect(editable == ["lib-one:false", "logger:true"], "plain add vs --editable")
        let before = try answers(root)

        let clone = try TemporaryRepository(prefix: "trellis-clone")
        let cloned = try Subprocess.run(["git", "clone", "-q", root, "\(clone.root)/elsewhere"])
        try #require(cloned.status == 0, "git clone failed: \(cloned.stderr)")
        try FileManager.default.removeItem(atPath: original.root)
        let after = try answers("\(clone.root)/elsewhere")
        #expect(after == before)
    }
}

/// The real clients installed by tools/install-test-deps.sh.
enum E2ETools {
    static var venv: String {
        ProcessInfo.processInfo.environment["TRELLIS_E2E_VENV"] ?? "\(ProjectPaths.packageRoot)/.build/e2e-venv"
    }
    static var poetry: String? {
        FileManager.default.isExecutableFile(atPath: "\(venv)/bin/poetry") ? "\(venv)/bin/poetry" : nil
    }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}
