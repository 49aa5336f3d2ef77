import ArgumentParser
import TrellisCore
import TrellisStore

struct Scan: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read the manifests and record a snapshot when the graph changed.",
        discussion: """
            After the first scan, only the manifests whose content changed since the last scan are \
            parsed, when no manifest was added or removed and the change cannot reach other modules; \
            --full reads every manifest again (after upgrading Trellis, for instance). --rebuild \
            builds the registry again from the manifests when it is damaged: a new file beside it, \
            renamed over it in one step; the old one is kept as <registry>.damaged-<stamp>.
            """)

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .shortAndLong, help: "List every change, even on a first scan.")
    var verbose = false

    @Flag(help: "Parse every manifest, not only the ones that changed since the last scan.")
    var full = false

    @Flag(
        help: ArgumentHelp(
            "Build the registry again from the manifests (for a damaged one); the old file is kept as .damaged-<stamp>."
        ))
    var rebuild = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        if rebuild { return try executeRebuild(context) }
        let progress = context.progress()
        let report = try context.registry().scan(full: full) { stage in
            switch stage {
            case .listing: progress.update("listing the manifests…", force: true)
            case .reading(let files): progress.update("reading \(files) files…", force: true)
            case .resolving(let manifests): progress.update("resolving \(manifests) manifests…", force: true)
            }
        }
        progress.finish()
        let text = ScanText(report: report, ingest: report.ingest, verbose: verbose)
        try context.render(Report([.lines(text.lines)], json: ScanJSON(report: report, ingest: report.ingest)))
        return .success
    }

    private func executeRebuild(_ context: CommandContext) throws -> ExitCode {
        let rebuilt = try Registry.rebuild(path: context.databasePath, scanner: context.scanner)
        let report = rebuilt.scan
        var lines = ["Rebuilt the registry \(context.databasePath) from the manifests."]
        if let kept = rebuilt.kept { lines.append("The file it replaced is kept as \(kept).") }
        lines += ScanText(report: report, ingest: report.ingest, verbose: verbose).lines
        lines.append("The history imported from git is not rebuilt: run `trellis import-git` to record it again.")
        let json = RebuildJSON(scan: ScanJSON(report: report, ingest: report.ingest), kept: rebuilt.kept)
        try context.render(Report([.lines(lines)], json: json))
        return .success
    }
}

private struct RebuildJSON: Encodable {
    var scan: ScanJSON
    @NullEncoded var kept: String?
}

private struct ScanJSON: Encodable {
    var manifests: Int
    var parsedFiles: Int
    var modules: Int
    var edges: Int
    var requirements: Int
    @NullEncoded var recorded: SnapshotJSON?
    @NullEncoded var latest: SnapshotJSON?
    var changes: [String: [String]]
    var diagnostics: [DiagnosticJSON]

    init(report: Registry.ScanReport, ingest: IngestResult) {
        manifests = report.manifests
        parsedFiles = report.parsedFiles
        modules = report.counts.modules
        edges = report.counts.edges
        requirements = report.counts.requirements
        recorded = ingest.recorded.map(SnapshotJSON.init)
        latest = ingest.latest.map(SnapshotJSON.init)
        let changes = ingest.changes
        self.changes = [
            "modules_added": changes.modulesAdded.map(\.name.rawValue),
            "modules_removed": changes.modulesRemoved.map(\.name.rawValue),
            "modules_changed": changes.modulesChanged.map(\.name.rawValue),
            "edges_added": ScanText.describe(changes.edgesAdded, names: changes.names),
            "edges_removed": ScanText.describe(changes.edgesRemoved, names: changes.names),
        ]
        diagnostics = report.diagnostics.map(DiagnosticJSON.init)
    }

    enum CodingKeys: String, CodingKey {
        case manifests, modules, edges, requirements, recorded, latest, changes, diagnostics
        case parsedFiles = "parsed_files"
    }
}

private struct ScanText {
    var report: Registry.ScanReport
    var ingest: IngestResult
    var verbose: Bool

    /// `app -> store (main, editable)` for each edge, by the ends' names (their folders when no
    /// name is known), sorted as people read them.
    static func describe(_ edges: [PathEdge], names: [String: ModuleName]) -> [String] {
        edges.map { edge in
            let (from, to) = (names[edge.from]?.rawValue ?? edge.from, names[edge.to]?.rawValue ?? edge.to)
            return "\(from) -> \(to) (\(edge.group)\(edge.editable ? ", editable" : ""))"
        }.sorted()
    }

    /// The summary, the snapshot recorded, what changed and the scan's diagnostics.
    var lines: [String] {
        let counts = report.counts
        // After the first scan only what changed is parsed (with the workspace roots above it).
        let parsed =
            report.parsedFiles == report.manifests
            ? ""
            : report.parsedFiles == 0 ? " (none changed)" : " (parsed \(report.parsedFiles); the others are unchanged)"
        var output = [
            "Scanned \(report.manifests) manifests\(parsed): \(counts.modules) modules, "
                + "\(counts.edges) path edges, \(counts.requirements) external requirements."
        ]
        if let recorded = ingest.recorded {
            var origin = recorded.origin.commit.map { " at commit \($0.prefix(12))" } ?? ""
            if recorded.origin.dirty { origin += " (uncommitted changes)" }
            output.append("Recorded snapshot #\(recorded.id)\(origin).")
        } else if let latest = ingest.latest {
            output.append("No change since snapshot #\(latest.id).")
        }
        let changes = ingest.changes
        var lines: [String] = []
        lines += changes.modulesAdded.map { "  + module \($0.name) (\($0.path))" }
        lines += changes.modulesRemoved.map { "  - module \($0.name) (\($0.path))" }
        lines += changes.modulesChanged.map { "  ~ module \($0.name) (\($0.path), version \($0.version ?? "none"))" }
        lines += Self.describe(changes.edgesAdded, names: changes.names).map { "  + edge \($0)" }
        lines += Self.describe(changes.edgesRemoved, names: changes.names).map { "  - edge \($0)" }
        if changes.requirementsAdded + changes.requirementsRemoved > 0 {
            lines.append("  requirements: +\(changes.requirementsAdded) -\(changes.requirementsRemoved)")
        }
        // A first scan adds everything: one line says so, unless --verbose asks for the list.
        let everythingNew = !changes.modulesAdded.isEmpty && changes.modulesAdded.count == counts.modules
        output += everythingNew && !verbose ? ["  every module and edge is new; `trellis modules` lists them"] : lines
        if !report.diagnostics.isEmpty {
            output += ["Diagnostics:"] + report.diagnostics.map { "  \($0)" }
        }
        return output
    }
}
