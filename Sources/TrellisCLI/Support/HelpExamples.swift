import ArgumentParser

/// The examples each subcommand's `--help` ends with (an `EXAMPLES:` section after argument-parser's
/// own, so the subcommands' configurations stay as they are); the man page is generated from the
/// same help text. Each runs as written in a git clone of the bundled example monorepo:
/// `HelpExampleTests` runs them all.
enum HelpExamples {
    /// The example command lines of each command, by its path below `trellis` (`db path`).
    static let byCommand: [String: [String]] = [
        "": ["trellis dependents lib-one", "trellis affected --since origin/main --kind project --json"],
        "scan": ["trellis scan", "trellis scan --full --json"],
        "config": ["trellis config", "trellis config --json"],
        "modules": ["trellis modules", "trellis modules --kind lib --json"],
        "show": ["trellis show lib-one", "trellis show libs/preprocessing --json"],
        "dependents": ["trellis dependents lib-one", "trellis dependents lib-one -t --depth 2"],
        "dependencies": ["trellis dependencies training", "trellis dependencies training -t"],
        "graph": ["trellis graph --format mermaid", "trellis graph --focus lib-one --format svg -o graph.svg"],
        "history": ["trellis history", "trellis history lib-one --since 2025-01-01"],
        "diff": ["trellis diff '#1'", "trellis diff HEAD~1 HEAD"],
        "import-git": ["trellis import-git", "trellis import-git --since HEAD~1"],
        "affected": [
            "trellis affected --since origin/main --kind project",
            "git diff --name-only HEAD | trellis affected --files -",
        ],
        "context": ["trellis context serving --list", "trellis context serving --tar ctx.tar"],
        "pin": ["trellis pin serving --diff", "trellis pin project-one --style caret"],
        "imports": ["trellis imports serving", "trellis imports project-two --tests --json"],
        "why": ["trellis why training lib-one", "trellis why training lib-one --all"],
        "cycles": ["trellis cycles"],
        "order": ["trellis order", "trellis order --levels --json"],
        "check": ["trellis check", "trellis check --json"],
        "db": ["trellis db path"],
        "db path": ["trellis db path"],
        "doctor": ["trellis doctor"],
    ]

    /// The command path a help request names (`["db", "path", "--help"]` → `db path`; `help why` → `why`),
    /// or nil when `arguments` ask for no help.
    static func helpRequest(_ arguments: [String]) -> String? {
        var words = arguments
        if words.first == "help" {
            words.removeFirst()
        } else if !arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
            return nil
        }
        var path: [String] = []
        var commands = TrellisCommand.configuration.subcommands
        for word in words {
            guard let command = commands.first(where: { $0._commandName == word }) else { break }
            path.append(word)
            commands = command.configuration.subcommands
        }
        return path.joined(separator: " ")
    }

    /// What a clean exit prints: `message` (help, version, a completion script) ended by a newline,
    /// and when `arguments` ask for help, a blank line and the command's `EXAMPLES:` section.
    static func appending(to message: String, for arguments: [String]) -> String {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        guard let path = helpRequest(arguments), let examples = byCommand[path], !examples.isEmpty else { return text }
        let body = text.hasSuffix("\n\n") ? text : text + "\n"
        return body + "EXAMPLES:\n" + examples.map { "  " + $0 + "\n" }.joined()
    }
}
