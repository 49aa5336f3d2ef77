import Foundation
import Testing
import TrellisTestSupport

/// `import-git`, `history`, `diff` and `--at` from the command line, on a real git history.
@Suite struct HistoryCommandTests {
    let repo: TemporaryRepository

    init() throws {
        // project-two stops depending on lib-one (its dev group) and logger gets a new version.
        repo = try TemporaryRepository.exampleWithHistory(prefix: "trellis-history-cli")
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repo.root], in: repo.root)
    }

    @Test func importThenAuditFromTheShell() throws {
        let imported = trellis("import-git")
        #expect(imported.status == 0, "\(imported.stderr)")
        // The first commit adds 8 pyproject.toml and 2 poetry.lock files, the second changes 2: only those are read.
        #expect(imported.stdout == "Imported 2 commits (12 files read).\n")
        #expect(
            trellis("import-git").stdout
                == "Nothing to import: 2 commits that changed manifests are already recorded.\n")

        let history = try #require(try trellis("history", "lib-one", "--json").json() as? [[String: Any]])
        let removal = try #require(history.first { $0["event"] as? String == "edge-removed" })
        #expect(removal["module"] as? String == "project-two")
        #expect(removal["target"] as? String == "lib-one")
        #expect(removal["author"] as? String == "Alice Example <alice@example.com>")
        #expect((removal["date"] as? String)?.hasPrefix("2025-04-01") == true)
        #expect(
            history.allSatisfy {
                Set($0.keys) == ["event", "module", "target", "from", "to", "commit", "author", "date", "snapshot"]
            })

        let versions = try #require(
            try trellis("history", "--event", "version-changed", "--json").json() as? [[String: Any]])
        #expect(
            versions.map {
                "\($0["module"] as? String ?? "") \($0["from"] as? String ?? "") \($0["to"] as? String ?? "")"
            } == ["logger 0.3.1 0.4.0"])
        #expect(trellis("history", "--until", "2025-03-01", "--event", "edge-removed").stdout == "No events.\n")

        let before = try #require(
            try trellis("dependents", "lib-one", "--at", "before", "--json").json() as? [[String: Any]])
        #expect(before.compactMap { $0["name"] as? String } == ["preprocessing", "project-one", "project-two"])
        let now = try #require(try trellis("dependents", "lib-one", "--json").json() as? [[String: Any]])
        #expect(now.compactMap { $0["name"] as? String } == ["preprocessing", "project-one"])

        let diff = trellis("diff", "before", "HEAD")
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("edge-removed     project-two  lib-one"))
        #expect(diff.stdout.contains("version-changed  logger"))
    }

    @Test func unknownRevisionIsAnError() {
        _ = trellis("import-git")
        let run = trellis("dependents", "lib-one", "--at", "no-such-tag")
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown git revision 'no-such-tag'"))
    }
}
