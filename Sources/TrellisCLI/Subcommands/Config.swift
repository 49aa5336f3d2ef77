import ArgumentParser
import TrellisCore

struct Config: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective [tool.trellis] configuration and where each setting comes from.",
        discussion: """
            The configuration is trellis.toml's [tool.trellis] table (or the whole file), else the \
            root pyproject.toml's [tool.trellis]; each setting is shown with its file:line, or \
            `default`. Unknown keys and values of the wrong type are warnings (they have no effect); \
            exits with status 1 only for an error.
            """)

    @OptionGroup var globals: GlobalOptions

    func execute(_ context: CommandContext) throws -> ExitCode {
        let reading = context.scanner.configurationReading()
        let title =
            if let file = reading.file, let table = reading.table {
                table == file ? "Configuration from \(file):" : "Configuration from \(file) \(table):"
            } else {
                "No trellis.toml or [tool.trellis] in pyproject.toml: every setting is the default."
            }
        let rows = reading.settings.map { [$0.key, $0.values.joined(separator: ", "), $0.origin] }
        var blocks: [Report.Block] = [.lines([title]), .table(Table(columns: ["KEY", "VALUE", "FROM"], rows: rows))]
        if !reading.diagnostics.isEmpty {
            blocks.append(
                .marked(
                    reading.diagnostics.map { MarkedLine(text: $0.description, tone: TerminalStyle.Tone($0.severity)) })
            )
        }
        try context.render(Report(blocks, json: ConfigJSON(reading)))
        return reading.diagnostics.contains { $0.severity == .error } ? ExitCode(1) : .success
    }
}

/// `{"file", "table", "settings": [{"key", "values", "file", "line"}], "diagnostics"}`; a default
/// setting has `file` and `line` null.
private struct ConfigJSON: Encodable {
    struct Setting: Encodable {
        var key: String
        var values: [String]
        @NullEncoded var file: String?
        @NullEncoded var line: Int?
    }

    @NullEncoded var file: String?
    @NullEncoded var table: String?
    var settings: [Setting]
    var diagnostics: [DiagnosticJSON]

    init(_ reading: ConfigurationReading) {
        file = reading.file
        table = reading.table
        settings = reading.settings.map {
            Setting(key: $0.key, values: $0.values, file: $0.file, line: $0.file == nil ? nil : $0.line)
        }
        diagnostics = reading.diagnostics.map(DiagnosticJSON.init)
    }
}
