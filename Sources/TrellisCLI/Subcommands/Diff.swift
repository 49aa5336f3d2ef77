import ArgumentParser
import TrellisCore
import TrellisStore

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
        let toID =
            try to.map { try registry.snapshotID(for: SnapshotSelector($0)) }
            ?? (try registry.store.latestSnapshot()?.id ?? fromID)
        let events = try RegistryView(store: registry.store, snapshot: nil).changes(from: fromID, to: toID)
        try context.render(.events(events, empty: "No changes between snapshot #\(fromID) and #\(toID)."))
        return .success
    }
}
