import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

extension GraphChange.Event: ExpressibleByArgument {}

struct History: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "What changed, when, in which commit, by whom: every event in commit order.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "Only events about this module (as the declaring module or as the other end of an edge).")
    var module: String?

    @Option(help: "Only events at or after this date (YYYY-MM-DD or ISO 8601).")
    var since: String?

    @Option(help: "Only events at or before this date (YYYY-MM-DD: the whole day).")
    var until: String?

    @Option(help: "Only events of this kind (\(GraphChange.Event.allCases.map(\.rawValue).joined(separator: ", "))).")
    var event: GraphChange.Event?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, SnapshotSelector.parseDate(value) == nil { throw ValidationError("\(name) takes a date (YYYY-MM-DD), not '\(value)'") }
        }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let registry = try context.freshRegistry()
        // A module that no longer exists still has a history: a name the lookup misses is kept as typed.
        let modules = try registry.store.modules()
        let lookup = ModuleLookup(modules: modules)
        let name = module.map { (try? lookup.find($0))?.name ?? ModuleName($0) }
        let since = self.since.flatMap(SnapshotSelector.parseDate).map { $0.addingTimeInterval(self.since?.count == 10 ? -86_399 : 0) }
        let until = self.until.flatMap(SnapshotSelector.parseDate)
        var rows: [EventRow] = []
        for (info, changes) in try registry.store.changes() {
            if let time = EventRow.time(of: info) {
                if let since, time < since { continue }
                if let until, time > until { continue }
            }
            for change in changes where event == nil || change.event == event {
                if let name, change.module != name && change.target != name.rawValue { continue }
                rows.append(EventRow(change: change, snapshot: info))
            }
        }
        if let name, let module, rows.isEmpty, modules.allSatisfy({ $0.name != name }) {
            // A name the history never mentions and no module has: likely a typo.
            throw CLIError.lookup(.unknown(module, suggestions: lookup.suggestions(for: name)))
        }
        var output = ""
        try EventRow.render(rows, json: context.options.json, empty: "No events.", into: &output)
        context.console.out(output)
        return .success
    }
}

struct Diff: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two points: revisions, dates or snapshots (TO defaults to now).")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A git revision, a date (2025-01-01) or a snapshot (#12).")
    var from: String

    @Argument(help: "The same kinds; default: the present.")
    var to: String?

    func execute(_ context: CommandContext) throws -> ExitCode {
        let registry = try context.freshRegistry()
        let fromID = try registry.snapshotID(for: SnapshotSelector(from))
        let toID = try to.map { try registry.snapshotID(for: SnapshotSelector($0)) } ?? (try registry.store.latestSnapshot()?.id ?? fromID)
        let target = try registry.store.snapshots().first { $0.id == toID }
        let changes = GraphChange.changes(from: try registry.store.snapshot(at: fromID), to: try registry.store.snapshot(at: toID))
        let rows = changes.map { EventRow(change: $0, snapshot: target) }
        var output = ""
        try EventRow.render(rows, json: context.options.json, empty: "No changes between snapshot #\(fromID) and #\(toID).", into: &output)
        context.console.out(output)
        return .success
    }
}

/// One event with the snapshot it belongs to, rendered for `history` and `diff`.
private struct EventRow: Encodable {
    var change: GraphChange
    var snapshot: SnapshotInfo?

    static func time(of info: SnapshotInfo) -> Date? {
        Timestamp.date(info.moment)
    }

    /// `{"event", "module", "target", "from", "to", "commit", "author", "date", "snapshot"}`; absent keys are null.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(change.event.rawValue, forKey: .event)
        try container.encode(change.module.rawValue, forKey: .module)
        try container.encode(change.target, forKey: .target)
        try container.encode(change.from, forKey: .from)
        try container.encode(change.to, forKey: .to)
        try container.encode(snapshot?.origin.commit, forKey: .commit)
        try container.encode(snapshot?.origin.author, forKey: .author)
        try container.encode(snapshot?.moment, forKey: .date)
        try container.encode(snapshot?.id, forKey: .snapshot)
    }

    enum CodingKeys: String, CodingKey { case event, module, target, from, to, commit, author, date, snapshot }

    static func render(_ rows: [EventRow], json: Bool, empty: String, into output: inout String) throws {
        if json { return try JSONRenderer.render(rows, into: &output) }
        if rows.isEmpty { return output += empty + "\n" }
        Table(
            columns: ["DATE", "COMMIT", "AUTHOR", "EVENT", "MODULE", "TARGET", "CHANGE"],
            rows: rows.map { row in
                let change = row.change
                let date = row.snapshot.map { String($0.moment.prefix(10)) } ?? "-"
                let commit = row.snapshot?.origin.commit.map { String($0.prefix(10)) } ?? "-"
                let author = row.snapshot?.origin.author.map { String($0.prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces) } ?? "-"
                let transition: String = switch (change.from, change.to) {
                case let (from?, to?): "\(from) → \(to)"
                case let (nil, to?): to
                case let (from?, nil): from
                case (nil, nil): ""
                }
                return [date, commit, author.isEmpty ? "-" : author, change.event.rawValue, change.module.rawValue, change.target ?? "", transition]
            }
        ).render(into: &output)
    }
}
