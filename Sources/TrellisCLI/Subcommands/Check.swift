import ArgumentParser
import TrellisCore

struct Check: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Find broken path dependencies, cycles, layering violations, version mismatches and conflicting requirements.",
        discussion: "Exits with status 1 when any finding is an error; warnings alone exit 0.")

    @OptionGroup var globals: GlobalOptions

    @Flag(help: "Also read test files' imports; they count for dev and test groups.")
    var tests = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let graph = try view.graph()
        // Layering rules come from the configuration in the working tree, also with --at. The
        // code is that of --at's revision, read from git; a snapshot number or date has none.
        let imports = try context.importGraph(of: graph, tests: tests)
        if imports == nil, let at = globals.at {
            context.console.err("trellis: note: imports not read: --at \(at) names a snapshot, not a git revision")
        }
        // The configuration's own findings (an unknown key, a value of the wrong type) join the rest.
        let configuration = context.scanner.configurationReading()
        let check = RepositoryCheck(
            graph: graph, requirements: try view.requirements(),
            diagnostics: try view.diagnostics() + configuration.diagnostics, rules: configuration.configuration.rules,
            imports: imports)
        let findings = check.run()
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let summary =
            findings.isEmpty
            ? "No problems found."
            : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")."
        let lines =
            findings.map { MarkedLine(text: $0.description, tone: TerminalStyle.Tone($0.severity)) }
            + [MarkedLine(text: summary, tone: errors > 0 ? .error : nil)]
        try context.render(Report([.marked(lines)], json: findings.map(DiagnosticJSON.init)))
        return findings.contains { $0.severity == .error } ? ExitCode(1) : .success
    }
}
