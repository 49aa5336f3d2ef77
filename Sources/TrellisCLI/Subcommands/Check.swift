import ArgumentParser
import TrellisCore

struct Check: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find broken path dependencies, cycles, layering violations, version mismatches and conflicting requirements.",
        discussion: "Exits with status 1 when any finding is an error; warnings alone exit 0.")

    @OptionGroup var globals: GlobalOptions

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        // Layering rules come from the configuration in the working tree, also with --at.
        let check = RepositoryCheck(
            graph: try view.graph(), requirements: try view.requirements(), diagnostics: try view.diagnostics(),
            rules: RepositoryScanner(root: context.root).configuration().rules)
        let findings = check.run()
        var output = ""
        if context.options.json {
            try JSONRenderer.render(findings.map(DiagnosticJSON.init), into: &output)
        } else {
            output = findings.map { "\($0)\n" }.joined()
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.filter { $0.severity == .warning }.count
            output += findings.isEmpty ? "No problems found.\n"
                : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s").\n"
        }
        context.console.out(output)
        return findings.contains { $0.severity == .error } ? ExitCode(1) : .success
    }
}
