import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@testable import TrellisCLI

/// Every subcommand's `--help` ends with examples of itself, and every example runs as written.
struct HelpExampleTests {
    /// The command paths below `trellis` that the help texts list (`["db", "path"]` too), found
    /// by reading each help's SUBCOMMANDS section as a user would.
    static func commandPaths(below path: [String] = []) -> [[String]] {
        let help = runTrellis(path + ["--help"], in: "/").stdout
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "SUBCOMMANDS:" {
                inSection = true
            } else if inSection && line.isEmpty {
                inSection = false
            } else if inSection, line.hasPrefix("  "), !line.hasPrefix("   "),
                let name = line.split(separator: " ").first, name != "help"
            {
                names.append(String(name))
            }
        }
        return names.flatMap { [path + [$0]] + commandPaths(below: path + [$0]) }
    }

    @Test func everySubcommandsHelpEndsWithExamplesOfItself() throws {
        let paths = Self.commandPaths()
        #expect(paths.count >= 16, "\(paths)")
        #expect(paths.contains(["db", "path"]))
        for path in paths {
            for request in [path + ["--help"], ["help"] + path] {
                let run = runTrellis(request, in: "/")
                #expect(run.status == 0)
                let lines = run.stdout.split(separator: "\n").map(String.init)
                let start = try #require(lines.lastIndex(of: "EXAMPLES:"), "\(request): no EXAMPLES section")
                let examples = lines[(start + 1)...]
                #expect((1...2).contains(examples.count), "\(request): \(examples)")
                for example in examples {
                    // The section is the last one: every line after it is an indented example of this command.
                    let command = "trellis " + path.joined(separator: " ")
                    #expect(example.hasPrefix("  "), "\(request): \(example)")
                    #expect(example.contains(command + " ") || example.hasSuffix(command), "\(request): \(example)")
                }
            }
        }
        // The top-level help ends with examples too; --version and completion scripts get none.
        #expect(runTrellis(["--help"], in: "/").stdout.contains("\nEXAMPLES:\n  trellis dependents lib-one\n"))
        #expect(!runTrellis(["--version"], in: "/").stdout.contains("EXAMPLES"))
        #expect(!runTrellis(["--generate-completion-script", "bash"], in: "/").stdout.contains("EXAMPLES:"))
    }

    /// Runs each example with /bin/sh, as a user pastes it, in a git clone of the example with two
    /// commits and an origin/main; every one must succeed.
    @Test(.enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"))
    func everyExampleRunsAsWrittenOnTheExampleMonorepo() throws {
        let binary = try #require(ProjectPaths.trellisBinary)
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        try repository.commitAll()
        try repository.git("update-ref", "refs/remotes/origin/main", "HEAD")
        let manifest = "\(repository.root)/libs/lib-one/pyproject.toml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "version = \"1.4.0\"", with: "version = \"1.5.0\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        try repository.git("commit", "-q", "-am", "Bump lib-one", date: "2026-01-02T12:00:00Z")
        let path =
            URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":"
            + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let environment = ["PATH=\(path)", "TRELLIS_DB=\(repository.root)/.trellis/registry.sqlite"]
        // import-git first, so history and diff have the two commits to speak of.
        let order = ["import-git"] + HelpExamples.byCommand.keys.filter { $0 != "import-git" }.sorted()
        for command in order {
            for example in HelpExamples.byCommand[command] ?? [] {
                let run = try Subprocess.run(["env"] + environment + ["/bin/sh", "-c", example], in: repository.root)
                #expect(run.status == 0, "\(example) exited \(run.status): \(run.stderr)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: "\(repository.root)/graph.svg"))
    }
}
