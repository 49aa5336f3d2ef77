import Foundation
import Testing
import TrellisTestSupport

/// One golden per command and format: what each command prints, byte for byte, on the bundled
/// example, on Tests/Fixtures/check-problems and on a scripted two-commit history. They pin the
/// output so that a change to how commands render shows in review. The temporary root and the
/// time a scan was recorded are the only parts replaced before comparing.
@Suite struct CommandGoldenTests {
    /// One golden: the arguments, and the exit status the command returns.
    struct Case: CustomTestStringConvertible, Sendable {
        var golden: String
        var arguments: [String]
        var status: Int32 = 0
        /// Standard input, for `--files -`.
        var input = ""

        var testDescription: String { golden }
    }

    static let example: [Case] = [
        Case(golden: "modules.txt", arguments: ["modules"]),
        Case(golden: "modules.json", arguments: ["modules", "--json"]),
        Case(golden: "modules-kind-module.txt", arguments: ["modules", "--kind", "module"]),
        Case(golden: "modules-kind-module.json", arguments: ["modules", "--kind", "module", "--json"]),
        Case(golden: "show-lib-one.txt", arguments: ["show", "lib-one"]),
        Case(golden: "show-lib-one.json", arguments: ["show", "lib-one", "--json"]),
        Case(golden: "show-serving.txt", arguments: ["show", "serving"]),
        Case(golden: "show-logger.txt", arguments: ["show", "logger"]),
        Case(golden: "show-logger.json", arguments: ["show", "logger", "--json"]),
        Case(golden: "dependents-lib-one.txt", arguments: ["dependents", "lib-one"]),
        Case(golden: "dependents-lib-one-t.txt", arguments: ["dependents", "lib-one", "-t"]),
        Case(golden: "dependents-lib-one-t.json", arguments: ["dependents", "lib-one", "-t", "--json"]),
        Case(golden: "dependents-serving.txt", arguments: ["dependents", "serving"]),
        Case(golden: "dependents-serving.json", arguments: ["dependents", "serving", "--json"]),
        Case(golden: "dependents-logger-names.txt", arguments: ["dependents", "logger", "-t", "--with-name-refs"]),
        Case(
            golden: "dependents-logger-names.json",
            arguments: ["dependents", "logger", "-t", "--with-name-refs", "--json"]),
        Case(golden: "dependents-serving-names.txt", arguments: ["dependents", "serving", "--with-name-refs"]),
        Case(golden: "dependencies-training-t.txt", arguments: ["dependencies", "training", "-t"]),
        Case(golden: "dependencies-training-t.json", arguments: ["dependencies", "training", "-t", "--json"]),
        Case(golden: "dependencies-logger.txt", arguments: ["dependencies", "logger"]),
        Case(golden: "dependencies-lib-one-external.txt", arguments: ["dependencies", "lib-one", "--external"]),
        Case(
            golden: "dependencies-lib-one-external.json",
            arguments: ["dependencies", "lib-one", "--external", "--json"]),
        Case(
            golden: "dependencies-training-t-external.txt", arguments: ["dependencies", "training", "-t", "--external"]),
        Case(golden: "dependencies-logger-external.txt", arguments: ["dependencies", "logger", "--external"]),
        Case(golden: "why-training-logger.txt", arguments: ["why", "training", "logger"]),
        Case(golden: "why-training-logger.json", arguments: ["why", "training", "logger", "--json"]),
        Case(golden: "why-project-two-logger-all.txt", arguments: ["why", "project-two", "logger", "--all"]),
        Case(
            golden: "why-project-two-logger-all-limit.txt",
            arguments: ["why", "project-two", "logger", "--all", "--limit", "1"]),
        Case(golden: "why-logger-training.txt", arguments: ["why", "logger", "training"]),
        Case(
            golden: "affected-lib-one.txt", arguments: ["affected", "--files", "libs/lib-one/src/lib_one/__init__.py"]),
        Case(
            golden: "affected-lib-one.json",
            arguments: ["affected", "--files", "libs/lib-one/src/lib_one/__init__.py", "--json"]),
        Case(
            golden: "affected-serving-dependencies.txt",
            arguments: ["affected", "--files", "projects/serving/x.py", "--include-dependencies"]),
        Case(golden: "affected-none.txt", arguments: ["affected", "--files", "README.md"]),
        Case(
            golden: "affected-stdin.txt", arguments: ["affected", "--files", "-", "--kind", "project"],
            input: "libs/preprocessing/src/preprocessing/__init__.py\n\nREADME.md\n  projects/serving/app.py\n"),
        Case(golden: "affected-none-two.txt", arguments: ["affected", "--files", "README.md", "docs/a.md"]),
        Case(golden: "cycles.txt", arguments: ["cycles"]),
        Case(golden: "cycles.json", arguments: ["cycles", "--json"]),
        Case(golden: "order.txt", arguments: ["order"]),
        Case(golden: "order.json", arguments: ["order", "--json"]),
        Case(golden: "order-levels.txt", arguments: ["order", "--levels"]),
        Case(golden: "order-levels.json", arguments: ["order", "--levels", "--json"]),
        Case(golden: "check.txt", arguments: ["check"]),
        Case(golden: "check.json", arguments: ["check", "--json"]),
        Case(golden: "graph.json", arguments: ["graph", "--format", "json"]),
        Case(golden: "graph-json-flag.json", arguments: ["graph", "--json"]),
        Case(
            golden: "graph-focus-external-highlight.json",
            arguments: ["graph", "--json", "--focus", "lib-one", "--external", "--highlight", "lib-one"]),
        Case(golden: "scan.txt", arguments: ["scan"]),
        Case(golden: "scan-verbose.txt", arguments: ["scan", "--verbose"]),
        Case(golden: "scan.json", arguments: ["scan", "--json"]),
        Case(golden: "doctor.txt", arguments: ["doctor"]),
        Case(golden: "doctor.json", arguments: ["doctor", "--json"]),
        Case(golden: "db-path.txt", arguments: ["db", "path"]),
    ]

    static let problems: [Case] = [
        Case(golden: "problems-check.txt", arguments: ["check"], status: 1),
        Case(golden: "problems-check.json", arguments: ["check", "--json"], status: 1),
        Case(golden: "problems-cycles.txt", arguments: ["cycles"]),
        Case(golden: "problems-cycles.json", arguments: ["cycles", "--json"]),
        Case(golden: "problems-order.txt", arguments: ["order"], status: 1),
        Case(golden: "problems-graph-cycles.json", arguments: ["graph", "--format", "json", "--highlight", "cycles"]),
        Case(golden: "problems-scan.txt", arguments: ["scan"]),
        Case(golden: "problems-scan.json", arguments: ["scan", "--json"]),
    ]

    /// Run in order on one repository: import-git first, then the questions about its history.
    static let history: [Case] = [
        Case(golden: "history-import.txt", arguments: ["import-git"]),
        Case(golden: "history-import-again.json", arguments: ["import-git", "--json"]),
        Case(golden: "history-import-again.txt", arguments: ["import-git"]),
        Case(golden: "history.txt", arguments: ["history"]),
        Case(golden: "history.json", arguments: ["history", "--json"]),
        Case(golden: "history-lib-one.txt", arguments: ["history", "lib-one"]),
        Case(golden: "history-event.json", arguments: ["history", "--event", "version-changed", "--json"]),
        Case(golden: "history-since-day.txt", arguments: ["history", "--since", "2025-04-01"]),
        Case(golden: "history-since-after.txt", arguments: ["history", "--since", "2025-04-02"]),
        Case(golden: "history-until-day.txt", arguments: ["history", "--until", "2025-03-01"]),
        Case(golden: "history-until-before.txt", arguments: ["history", "--until", "2025-02-28"]),
        Case(golden: "history-since-instant.txt", arguments: ["history", "--since", "2025-04-01T10:00:01Z"]),
        Case(golden: "history-gone.txt", arguments: ["history", "no-such-module"], status: 2),
        Case(golden: "diff.txt", arguments: ["diff", "before", "HEAD"]),
        Case(golden: "diff.json", arguments: ["diff", "before", "HEAD", "--json"]),
        Case(golden: "diff-snapshots.txt", arguments: ["diff", "#2", "#1"]),
        Case(golden: "diff-now.txt", arguments: ["diff", "HEAD"]),
        Case(golden: "diff-now.json", arguments: ["diff", "HEAD", "--json"]),
        Case(golden: "at-before-dependents.json", arguments: ["dependents", "lib-one", "--at", "before", "--json"]),
        Case(golden: "at-before-show.txt", arguments: ["show", "project-two", "--at", "before"]),
    ]

    /// stdout, then stderr when there is any, each against its golden; the root and the times a
    /// scan records are replaced by placeholders first.
    static func check(
        _ run: TrellisRun, _ item: Case, root: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(run.status == item.status, "\(item.golden): \(run.stderr)", sourceLocation: sourceLocation)
        let stdout = normalized(run.stdout, root: root)
        try assertGolden(stdout, named: "commands/\(item.golden)", sourceLocation: sourceLocation)
        let stderrGolden = "commands/\(item.golden).stderr"
        let golden = "\(ProjectPaths.packageRoot)/Tests/TrellisCLITests/Golden/\(stderrGolden)"
        if !run.stderr.isEmpty || FileManager.default.fileExists(atPath: golden) {
            try assertGolden(normalized(run.stderr, root: root), named: stderrGolden, sourceLocation: sourceLocation)
        }
    }

    static func normalized(_ text: String, root: String) -> String {
        text.replacingOccurrences(of: root, with: "$ROOT").replacingOccurrences(
            of: #""recorded_at" : "[^"]*""#, with: #""recorded_at" : "$RECORDED_AT""#, options: .regularExpression)
    }

    @Test(arguments: example)
    func onTheExample(_ item: Case) throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        let run = runTrellis(item.arguments + ["--root", repository.root], in: repository.root, input: item.input)
        try Self.check(run, item, root: repository.root)
    }

    @Test(arguments: problems)
    func onTheCheckProblemsFixture(_ item: Case) throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: "\(ProjectPaths.packageRoot)/Tests/Fixtures/check-problems")
        let run = runTrellis(item.arguments + ["--root", repository.root], in: repository.root)
        try Self.check(run, item, root: repository.root)
    }

    /// The two commits of `exampleWithHistory`, whose ids are the same on every machine.
    @Test func onAScriptedHistory() throws {
        let repository = try TemporaryRepository.exampleWithHistory(prefix: "trellis-golden-history")
        for item in Self.history {
            let run = runTrellis(item.arguments + ["--root", repository.root], in: repository.root)
            try Self.check(run, item, root: repository.root)
        }
    }
}
