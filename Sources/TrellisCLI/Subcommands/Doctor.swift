import ArgumentParser
import Foundation
import TrellisStore

struct Doctor: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check the registry: SQLite integrity, foreign keys, schema version, history consistency and order.")

    @OptionGroup var globals: GlobalOptions

    func execute(_ context: CommandContext) throws -> ExitCode {
        let checked: (store: RegistryStore, health: RegistryStore.Health, outOfOrder: Int?)
        do {
            // Read only: a damaged file or one of a newer schema is examined, never written.
            let store = try RegistryStore.openForReading(path: context.databasePath) ?? context.registry().store
            let registry = Registry(store: store, scanner: context.scanner)
            checked = (store, try store.health(), try registry.commitsOutOfOrder())
        } catch let error as StoreError {
            switch error {
            case .damaged(_, let reason): return try reportDamage(reason, context)
            case .newerSchema: return try reportDamage("\(error)", context)
            default: throw error
            }
        }
        let (store, health, outOfOrder) = checked
        let temporal =
            health.temporalProblems + (outOfOrder.map { $0 > 0 ? ["\($0) commits out of git's order"] : [] } ?? [])
        let lines = [
            ("registry", store.path),
            ("integrity", health.integrity.joined(separator: "; ")),
            ("foreign keys", health.foreignKeyViolations == 0 ? "ok" : "\(health.foreignKeyViolations) violations"),
            (
                "schema",
                "\(health.appliedMigrations.last ?? "none") (\(health.appliedMigrations.count) of \(health.knownMigrations.count) migrations)"
            ),
            ("history", health.danglingRows == 0 ? "ok" : "\(health.danglingRows) alive rows without an alive module"),
            ("intervals", temporal.isEmpty ? "ok" : temporal.joined(separator: "; ")),
            (
                "rows",
                health.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            ),
        ].map(Self.line)
        let healthy = health.isHealthy && temporal.isEmpty
        let summary = healthy ? "No problems found." : "Problems found. \(StoreError.recoveryAdvice)."
        let json = DoctorJSON(health, path: store.path, temporal: temporal, healthy: healthy)
        try context.render(Report([.lines(lines + [summary])], json: json))
        return healthy ? .success : ExitCode(1)
    }

    private static func line(_ label: String, _ value: String) -> String {
        (label + ":").padding(toLength: 14, withPad: " ", startingAt: 0) + value
    }

    /// A registry that cannot be examined at all: what is wrong with it and how to recover.
    private func reportDamage(_ damage: String, _ context: CommandContext) throws -> ExitCode {
        let lines = [Self.line("registry", context.databasePath), Self.line("damage", damage)]
        let summary = "Problems found. \(StoreError.recoveryAdvice)."
        try context.render(
            Report([.lines(lines + [summary])], json: DoctorJSON(damage: damage, path: context.databasePath)))
        return ExitCode(1)
    }
}

private struct DoctorJSON: Encodable {
    var path: String
    var healthy: Bool
    @NullEncoded var damage: String?
    var integrity: [String]
    var foreignKeyViolations: Int
    var appliedMigrations: [String]
    var danglingRows: Int
    var temporalProblems: [String]
    var rows: [String: Int]

    init(_ health: RegistryStore.Health, path: String, temporal: [String], healthy: Bool) {
        self.path = path
        self.healthy = healthy
        integrity = health.integrity
        foreignKeyViolations = health.foreignKeyViolations
        appliedMigrations = health.appliedMigrations
        danglingRows = health.danglingRows
        temporalProblems = temporal
        rows = health.rowCounts
    }

    init(damage: String, path: String) {
        self.path = path
        healthy = false
        self.damage = damage
        integrity = []
        foreignKeyViolations = 0
        appliedMigrations = []
        danglingRows = 0
        temporalProblems = []
        rows = [:]
    }

    enum CodingKeys: String, CodingKey {
        case path, healthy, damage, integrity, rows
        case foreignKeyViolations = "foreign_key_violations"
        case appliedMigrations = "applied_migrations"
        case danglingRows = "dangling_rows"
        case temporalProblems = "temporal_problems"
    }
}
