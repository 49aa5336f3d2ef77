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

    @Argument(
        help: "Only events about this module (as the declaring module or as the other end of an edge).",
        completion: ModuleCompletion.kind)
    var module: String?

    @Option(help: "Only events at or after this date (YYYY-MM-DD or ISO 8601).")
    var since: String?

    @Option(help: "Only events at or before this date (YYYY-MM-DD: the whole day).")
    var until: String?

    @Option(help: "Only events of this kind (\(GraphChange.Event.allCases.map(\.rawValue).joined(separator: ", "))).")
    var event: GraphChange.Event?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, SnapshotSelector.parseDate(value) == nil {
                throw ValidationError("\(name) takes a date (YYYY-MM-DD), not '\(value)'")
            }
        }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let registry = try context.freshRegistry()
        // The history spans every snapshot: --at does not narrow it.
        let events = try RegistryView(store: registry.store, snapshot: nil)
            .history(module: module, since: since, until: until, event: event)
        try context.render(.events(events, empty: "No events."))
        return .success
    }
}

extension Report {
    /// `history` and `diff`: one row per event, dated by its snapshot.
    static func events(_ events: [HistoryEvent], empty: String) -> Report {
        Report(
            columns: ["DATE", "COMMIT", "AUTHOR", "EVENT", "MODULE", "TARGET", "CHANGE"],
            rows: events.map { event in
                let change = event.change
                let date = event.snapshot.map { String($0.moment.prefix(10)) } ?? "-"
                let commit = event.snapshot?.origin.commit.map { String($0.prefix(10)) } ?? "-"
                let author =
                    event.snapshot?.origin.author.map {
                        String($0.prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
                    } ?? "-"
                let transition: String =
                    switch (change.from, change.to) {
                    case let (from?, to?): "\(from) → \(to)"
                    case let (nil, to?): to
                    case let (from?, nil): from
                    case (nil, nil): ""
                    }
                return [
                    date, commit, author.isEmpty ? "-" : author, change.event.rawValue, change.module.rawValue,
                    change.target ?? "", transition,
                ]
            },
            empty: empty, json: events.map(EventJSON.init))
    }
}

/// `history` / `diff`: `{"event", "module", "target", "from", "to", "commit", "author", "date", "snapshot"}`;
/// absent values are null.
private struct EventJSON: Encodable {
    var event: HistoryEvent

    init(_ event: HistoryEvent) {
        self.event = event
    }

    func encode(to encoder: any Encoder) throws {
        let change = event.change, snapshot = event.snapshot
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
}
