import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// A uv workspace made with the real uv (tools/e2e/make-uv-workspace.sh: a nameless workspace
/// root, `uv init --lib`/`--package`, `uv add lib-one` between members, `uv add --dev --editable
/// ../../libs/logger`, and a `--no-workspace` project with `uv add --editable ../../libs/logger`
/// and `uv add ../../libs/lib-one`), then `trellis` on it and on a clone moved to another folder.
///
/// What uv 0.13.9 wrote, read in the files it made (tools/e2e/FACTS.md, uv items 1–5):
/// - between members, `uv add lib-one` writes `lib-one = { workspace = true }`; uv installs
///   workspace members editable unless `editable = false`, so the edge is editable;
/// - `uv add --dev --editable ../../libs/logger` inside a member, logger being a member too,
///   writes `logger = { workspace = true, editable = true }` and `[dependency-groups] dev = ["logger"]`;
/// - in the non-member project, `--editable ../../libs/logger` gives `{ path = …, editable = true }`
///   and plain `../../libs/lib-one` gives `{ path = … }` (not editable).
/// Skipped where uv is not installed, except in CI, which installs it and must run this.
@Suite(.enabled(if: UVTool.path != nil || E2ETools.inCI, "uv is not installed: run tools/install-test-deps.sh"))
struct UVEndToEndTests {
    /// `from → to group editable resolution file:line` for every path edge, from `show --json`.
    func edges(_ root: String) throws -> [String] {
        var lines: [String] = []
        for module in ["app", "lib-one", "logger", "standalone"] {
            let run = runTrellis(["show", module, "--json", "--root", root], in: root)
            #expect(run.status == 0, "show \(module): \(run.stderr)")
            let shape = try #require(try run.json() as? [String: Any])
            for edge in shape["dependencies"] as? [[String: Any]] ?? [] {
                lines.append(
                    "\(module) → \(edge["name"] as? String ?? "?") \(edge["group"] as? String ?? "?") "
                        + "editable=\(edge["editable"] as? Bool ?? false) \(edge["resolution"] as? String ?? "?") "
                        + "\(edge["file"] as? String ?? "?"):\(edge["line"] as? Int ?? 0)")
            }
        }
        return lines.sorted()
    }

    @Test func everyEdgeOfARealUVWorkspaceSurvivesAMove() throws {
        let original = try TemporaryRepository(prefix: "trellis-uv")
        let made = try Subprocess.run([
            "bash", "\(ProjectPaths.packageRoot)/tools/e2e/make-uv-workspace.sh", "\(original.root)/repo",
        ])
        try #require(made.status == 0, "make-uv-workspace.sh failed: \(made.stderr)")
        let root = "\(original.root)/repo"

        // The lines are those of the files uv wrote (libs/lib-one: `"logger",` on line 8; projects/app:
        // `"lib-one",` on line 8 and `"logger",` of [dependency-groups] dev on line 24; standalone:
        // `"lib-one",` line 8, `"logger",` line 9).
        let expected = [
            "app → lib-one main editable=true workspace projects/app/pyproject.toml:8",
            "app → logger dev editable=true workspace projects/app/pyproject.toml:24",
            "lib-one → logger main editable=true workspace libs/lib-one/pyproject.toml:8",
            "standalone → lib-one main editable=false path projects/standalone/pyproject.toml:8",
            "standalone → logger main editable=true path projects/standalone/pyproject.toml:9",
        ]
        let before = try edges(root)
        #expect(before == expected)
        let modules = try #require(
            try runTrellis(["modules", "--json", "--root", root], in: root).json() as? [[String: Any]])
        // The nameless workspace root declares no [project], so it is no module.
        #expect(modules.compactMap { $0["name"] as? String } == ["app", "lib-one", "logger", "standalone"])
        let dependents = try #require(
            try runTrellis(["dependents", "logger", "-t", "--json", "--root", root], in: root).json()
                as? [[String: Any]])
        #expect(
            dependents.map { "\($0["name"] as? String ?? ""):\($0["depth"] as? Int ?? 0)" } == [
                "app:1", "lib-one:1", "standalone:1",
            ])

        let clone = try TemporaryRepository(prefix: "trellis-uv-moved")
        let cloned = try Subprocess.run(["git", "clone", "-q", root, "\(clone.root)/moved/elsewhere"])
        try #require(cloned.status == 0, "git clone failed: \(cloned.stderr)")
        try FileManager.default.removeItem(atPath: original.root)
        #expect(try edges("\(clone.root)/moved/elsewhere") == expected)
    }
}

enum UVTool {
    static var path: String? {
        FileManager.default.isExecutableFile(atPath: "\(E2ETools.venv)/bin/uv") ? "\(E2ETools.venv)/bin/uv" : nil
    }
}
