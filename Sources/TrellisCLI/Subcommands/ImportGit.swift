import ArgumentParser
import Foundation
import TrellisStore

struct ImportGit: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "import-git",
        abstract: "Record one snapshot per commit that changed a manifest (first-parent chain, incremental).")

    @OptionGroup var globals: GlobalOptions

    @Option(help: "The branch or revision whose first-parent chain is imported.")
    var ref = "HEAD"

    @Option(help: "Only commits after this revision.")
    var since: String?

    func execute(_ context: CommandContext) throws -> ExitCode {
        let started = Date()
        let progress = context.progress()
        var last = (done: 0, total: 0)
        func rate(_ done: Int) -> Int { Int(Double(done) / max(Date().timeIntervalSince(started), 0.001)) }
        let report = try context.registry().importGit(ref: ref, since: since) { done, total in
            last = (done, total)
            progress.update("\(done)/\(total) commits, \(rate(done)) commits/s", force: done == 1)
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        progress.finish("\(last.done)/\(last.total) commits in \(seconds) s, \(rate(last.done)) commits/s")
        var lines: [String]
        if report.imported == 0 {
            lines = ["Nothing to import: \(report.skipped) commits that changed manifests are already recorded."]
        } else {
            lines = [
                "Imported \(report.imported) commits (\(report.filesRead) files read)"
                    + (report.skipped > 0 ? "; \(report.skipped) already recorded" : "") + "."
            ]
            if report.rewritten {
                lines.append(
                    "The history was rebuilt in commit order: the new commits are older than snapshots already recorded."
                )
            }
        }
        try context.render(Report([.lines(lines)], json: ImportJSON(report)))
        return .success
    }
}

private struct ImportJSON: Encodable {
    var imported: Int
    var skipped: Int
    var filesRead: Int
    var rewritten: Bool

    init(_ report: Registry.ImportReport) {
        imported = report.imported
        skipped = report.skipped
        filesRead = report.filesRead
        rewritten = report.rewritten
    }

    enum CodingKeys: String, CodingKey {
        case imported, skipped, rewritten
        case filesRead = "files_read"
    }
}
