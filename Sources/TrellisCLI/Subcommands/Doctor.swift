import ArgumentParser
import Foundation
import TrellisStore

struct Doctor: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the registry: SQLite integrity, foreign keys, schema version, history consistency.")

    @OptionGroup var globals: GlobalOptions

    func execute(_ context: CommandContext) throws -> ExitCode {
        let store = try context.registry().store
        let health = try store.health()
        let lines = [
            ("registry", store.path),
            ("integrity", health.integrity.joined(separator: "; ")),
            ("foreign keys", health.foreignKeyViolations == 0 ? "ok" : "\(health.foreignKeyViolations) violations"),
            (
                "schema",
                "\(health.appliedMigrations.last ?? "none") (\(health.appliedMigrations.count) of \(health.knownMigrations.count) migrations)"
            ),
            ("history", health.danglingRows == 0 ? "ok" : "\(health.danglingRows) alive rows without an alive module"),
            (
                "rows",
                health.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            ),
        ].map { label, value in (label + ":").padding(toLength: 14, withPad: " ", startingAt: 0) + value }
        let summary = health.isHealthy ? "No problems found." : "Problems found."
        try context.render(Report([.lines(lines + [summary])], json: DoctorJSON(health, path: store.path)))
        return health.isHealthy ? .success : ExitCode(1)
    }
}

private struct DoctorJSON: Encodable {
    var path: String
    var healthy: Bool
    var integrity: [String]
    var foreignKeyViolations: Int
    var appliedMigrations: [String]
    var danglingRows: Int
    var rows: [String: Int]

    init(_ health: RegistryStore.Health, path: String) {
        self.path = path
        healthy = health.isHealthy
        integrity = health.integrity
        foreignKeyViolations = health.foreignKeyViolations
        appliedMigrations = health.appliedMigrations
        danglingRows = health.danglingRows
        rows = health.rowCounts
    }

    enum CodingKeys: String, CodingKey {
        case path, healthy, integrity, rows
        case foreignKeyViolations = "foreign_key_violations"
        case appliedMigrations = "applied_migrations"
        case danglingRows = "dangling_rows"
    }
}
