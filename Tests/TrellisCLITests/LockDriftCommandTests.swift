import Foundation
import Testing
import TrellisTestSupport

/// `show` and `check` on Tests/Fixtures/lock-drift/uv (see LockDriftTests for what uv writes),
/// through the registry: a lock file's edge keeps `declared_by` across the store, and fixing a
/// manifest clears its drift on the next refresh.
@Suite struct LockDriftCommandTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository()
        try repository.copy(from: "\(ProjectPaths.packageRoot)/Tests/Fixtures/lock-drift/uv")
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root, "--no-git"], in: repository.root)
    }

    @Test func showMarksTheLockFilesEdges() throws {
        let text = trellis("show", "dyn")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  core   libs/core   main   yes       uv.lock:39 (declared-by: lock)\n"))
        let json = try #require(try trellis("show", "dyn", "--json").json() as? [String: Any])
        let edges = try #require(json["dependencies"] as? [[String: Any]])
        #expect(
            edges.map { "\($0["name"] ?? "") \($0["declared_by"] ?? "") \($0["file"] ?? ""):\($0["line"] ?? "")" } == [
                "core lock uv.lock:39", "extra lock uv.lock:44",
            ])
        let app = try #require(try trellis("show", "app", "--json").json() as? [String: Any])
        #expect(
            (app["dependencies"] as? [[String: Any]])?.allSatisfy { $0["declared_by"] as? String == "manifest" } == true
        )
    }

    @Test func checkWarnsOfTheDriftAndForgetsItOnceTheManifestAgrees() throws {
        let drift = { () throws -> [String] in
            let findings = try #require(try self.trellis("check", "--json").json() as? [[String: Any]])
            return findings.filter { $0["code"] as? String == "lock-drift" }.map {
                "\($0["severity"] ?? "") \($0["file"] ?? ""):\($0["line"] ?? "")"
            }
        }
        #expect(trellis("check").status == 0)
        #expect(try drift() == ["warning apps/app/pyproject.toml:2", "warning apps/app/pyproject.toml:8"])
        // Declaring what the lock says again (extra back, util gone) leaves nothing to report.
        let manifest = "\(repository.root)/apps/app/pyproject.toml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try repository.write([
            "apps/app/pyproject.toml": text.replacingOccurrences(of: "\"util\"", with: "\"extra\"")
                .replacingOccurrences(of: "util = { workspace = true }", with: "extra = { workspace = true }")
        ])
        #expect(try drift().isEmpty)
    }
}
