import ArgumentParser
import TrellisCore

extension ModuleKind: ExpressibleByArgument {}

struct Modules: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "modules", abstract: "List the modules of the repository.")

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Only modules of this kind (lib, project, module).")
    var kind: ModuleKind?

    func execute(_ context: CommandContext) throws -> ExitCode {
        let modules = try context.view().modules().filter { kind == nil || $0.kind == kind }
        try context.render(
            Report(
                columns: ["NAME", "VERSION", "KIND", "PATH"],
                rows: modules.map { [$0.name.rawValue, $0.version ?? "-", $0.kind.rawValue, $0.path] },
                empty: "No modules.", json: modules.map(ModuleJSON.init)))
        return .success
    }
}
