import ArgumentParser
import TrellisCore

extension ModuleKind: ExpressibleByArgument {}

struct Modules: TrellisSubcommand {
    static let configuration = CommandConfiguration(commandName: "modules", abstract: "List the modules of the repository.")

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Only modules of this kind (lib, project, module).")
    var kind: ModuleKind?

    func execute(_ context: CommandContext) throws -> ExitCode {
        let modules = try context.view().modules().filter { kind == nil || $0.kind == kind }
        var output = ""
        if context.options.json {
            try JSONRenderer.render(modules.map(ModuleJSON.init), into: &output)
        } else if modules.isEmpty {
            output = "No modules.\n"
        } else {
            Table(
                columns: ["NAME", "VERSION", "KIND", "PATH"],
                rows: modules.map { [$0.name.rawValue, $0.version ?? "-", $0.kind.rawValue, $0.path] }
            ).render(into: &output)
        }
        context.console.out(output)
        return .success
    }
}
