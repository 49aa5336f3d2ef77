import ArgumentParser
import TrellisCore

struct Affected: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "affected",
        abstract: "The modules a change touches, plus every module that depends on them.",
        discussion: """
            Changed files come from git (the merge base of HEAD and --since, plus uncommitted and \
            untracked files; without --since, only the uncommitted changes) or from --files (paths \
            relative to the repository root; `--files -` reads them from standard input, one per line). \
            A file belongs to the deepest module folder holding it; files outside every module affect \
            nothing unless `[tool.trellis] global` lists them.
            """)

    @OptionGroup var globals: GlobalOptions

    @Option(
        help: ArgumentHelp("Compare with the merge base of HEAD and this git revision (origin/main).", valueName: "ref")
    )
    var since: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "The changed files, relative to the root; - reads them from standard input.", valueName: "file"))
    var files: [String] = []

    @Option(help: "Only list modules of this kind (project: the ones to test).")
    var kind: ModuleKind?

    @Flag(help: "Also list what the affected modules depend on (reason 'dependency'), to build them.")
    var includeDependencies = false

    func validate() throws {
        if since != nil && !files.isEmpty {
            throw ValidationError("--since and --files are two sources of changes; give one")
        }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let changed = try context.changedFiles(files, since: since)
        let entries =
            try view
            .affected(by: changed, global: context.configuration.global, includeDependencies: includeDependencies)
            .filter { kind == nil || $0.module.kind == kind }
        try context.render(
            Report(
                columns: ["NAME", "KIND", "REASON", "PATH"],
                rows: entries.map {
                    [$0.module.name.rawValue, $0.module.kind.rawValue, $0.reason.rawValue, $0.module.path]
                },
                empty: "No module is affected (\(changed.count) changed file\(changed.count == 1 ? "" : "s")).",
                json: entries.map(ModuleEntryJSON.init)))
        return .success
    }
}
