import ArgumentParser
import TrellisCore
import TrellisStore

/// The pictures `diff --format` draws.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case mermaid, dot, svg, html

    /// The `graph` format that draws it.
    var graphFormat: GraphFormat {
        switch self {
        case .mermaid: .mermaid
        case .dot: .dot
        case .svg: .svg
        case .html: .html
        }
    }
}

struct Diff: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two points: revisions, dates or snapshots (TO defaults to now).",
        discussion: """
            With --format, the change is drawn instead of listed: the modules and path edges that \
            changed and their immediate neighbours, added in green, removed in red dashed, changed \
            (group, editable, version) in amber, with a legend. When the graph did not change, \
            nothing is printed and the exit code is 0, so CI can post the picture only when there \
            is one. svg and html are drawn by Graphviz's `dot`.
            """)

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A git revision, a date (2025-01-01) or a snapshot (#12).")
    var from: String

    @Argument(help: "The same kinds; default: the present.")
    var to: String?

    @Option(help: ArgumentHelp("Draw the change instead of listing it.", valueName: "mermaid|dot|svg|html"))
    var format: DiffFormat?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("With --format, write to this file (only when there is a change).", valueName: "file"))
    var output: String?

    func validate() throws {
        if globals.output.json && format != nil {
            throw ValidationError("--json and --format \(format!.rawValue) ask for two formats; choose one")
        }
        if output != nil && format == nil { throw ValidationError("--output goes with --format") }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let registry = try context.freshRegistry()
        let fromID = try registry.snapshotID(for: SnapshotSelector(from))
        let toID =
            try to.map { try registry.snapshotID(for: SnapshotSelector($0)) }
            ?? (try registry.store.latestSnapshot()?.id ?? fromID)
        let view = RegistryView(store: registry.store, snapshot: nil)
        if let format {
            let delta = try view.delta(from: fromID, to: toID)
            guard !delta.isEmpty else { return .success }
            // Graphviz always: the layered layout draws no change colours.
            try context.write(
                try GraphRenderer.render(GraphSlice(delta), as: format.graphFormat, layout: .dot), to: output)
            return .success
        }
        let events = try view.changes(from: fromID, to: toID)
        try context.render(.events(events, empty: "No changes between snapshot #\(fromID) and #\(toID)."))
        return .success
    }
}
