import ArgumentParser
import TrellisCore

/// The CI shapes `affected --format` prints besides the table and `--json`.
enum AffectedFormat: String, ExpressibleByArgument, CaseIterable {
    /// `{"include": [{"name", "path", "kind", "reason"}]}` on one line: what GitHub Actions'
    /// `fromJSON` takes for `strategy.matrix`.
    case githubMatrix = "github-matrix"
    /// A GitLab child-pipeline YAML: a job per module, extending a hidden job of yours.
    case gitlab
}

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

            --explain adds each module's trail (changed file → changed module → the modules on a \
            shortest path of edges to it). --format github-matrix prints the object GitHub Actions' \
            fromJSON takes as a matrix; --format gitlab a child-pipeline YAML with a job per module \
            extending the hidden job `.trellis-module` of the file --gitlab-include names.
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

    @Flag(help: "Say why each module is here: the changed file and the path of edges from its module.")
    var explain = false

    @Option(help: ArgumentHelp("Print a CI pipeline's input instead of a table.", valueName: "github-matrix|gitlab"))
    var format: AffectedFormat?

    @Option(
        help: ArgumentHelp(
            "With --format gitlab, the repository file defining the hidden job .trellis-module.", valueName: "file"))
    var gitlabInclude = ".gitlab/trellis-module.yml"

    func validate() throws {
        if since != nil && !files.isEmpty {
            throw ValidationError("--since and --files are two sources of changes; give one")
        }
        if let format, globals.output.json {
            throw ValidationError("--json and --format \(format.rawValue) ask for two formats; choose one")
        }
        if format != nil && explain { throw ValidationError("--explain goes with the table or --json") }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let changed = try context.changedFiles(files, since: since)
        let entries =
            try view
            .affected(by: changed, global: context.configuration.global, includeDependencies: includeDependencies)
            .filter { kind == nil || $0.module.kind == kind }
        switch format {
        case .githubMatrix: context.console.out(AffectedPipelines.githubMatrix(entries) + "\n")
        case .gitlab: context.console.out(AffectedPipelines.gitlab(entries, include: gitlabInclude))
        case nil: try context.render(report(entries, changed: changed.count))
        }
        return .success
    }

    /// The table, with a TRAIL column when `--explain` asks why, and its JSON.
    private func report(_ entries: [AffectedModules.Entry], changed: Int) -> Report {
        let empty = "No module is affected (\(changed) changed file\(changed == 1 ? "" : "s"))."
        let columns = ["NAME", "KIND", "REASON", "PATH"]
        let rows = entries.map {
            [$0.module.name.rawValue, $0.module.kind.rawValue, $0.reason.rawValue, $0.module.path]
        }
        guard explain else {
            return Report(columns: columns, rows: rows, empty: empty, json: entries.map(ModuleEntryJSON.init))
        }
        return Report(
            columns: columns + ["TRAIL"], rows: zip(rows, entries).map { $0 + [AffectedPipelines.trail(of: $1)] },
            empty: empty, json: entries.map(ExplainedEntryJSON.init))
    }
}
