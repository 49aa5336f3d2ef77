/// The repository's configuration as read, with where each setting comes from (`file:line`, or
/// the default) and what was not understood: unknown keys, values of the wrong type, a
/// `trellis.toml` that is not valid TOML. `TrellisConfiguration.read` is its `configuration`.
public struct ConfigurationReading: Sendable, Equatable {
    /// One setting: its key, its values as text, and where it comes from.
    public struct Setting: Sendable, Equatable {
        public var key: String
        public var values: [String]
        /// The file that sets it, or nil for the default.
        public var file: String?
        public var line: Int

        public init(key: String, values: [String], file: String?, line: Int) {
            self.key = key
            self.values = values
            self.file = file
            self.line = line
        }

        /// `pyproject.toml:31`, or `default`.
        public var origin: String { file.map { "\($0):\(line)" } ?? "default" }
    }

    /// The keys `[tool.trellis]` understands, in the order `trellis config` lists them.
    public static let keys = ["libs", "projects", "exclude", "global", "rules"]
    /// The keys of a `[[tool.trellis.rules]]` entry.
    public static let ruleKeys = ["from", "deny"]

    /// The file the configuration was read from (`trellis.toml` or `pyproject.toml`), or nil.
    public var file: String?
    /// The name of the table read: `[tool.trellis]`, or `trellis.toml` read as a whole.
    public var table: String?
    public var settings: [Setting]
    public var diagnostics: [Diagnostic]
    public var configuration: TrellisConfiguration

    /// Reads `trellis.toml` (its `[tool.trellis]` table, or the whole file), else the root
    /// `pyproject.toml`'s `[tool.trellis]`; `readFile` returns a repository-relative file's text.
    /// A `trellis.toml` that is not valid TOML is reported and passed over, as before.
    public static func read(_ readFile: (String) -> String?) -> ConfigurationReading {
        var diagnostics: [Diagnostic] = []
        for kind in [ManifestKind.configuration, .pyproject] {
            guard let file = kind.fileName, let text = readFile(file) else { continue }
            let document: TOMLTable
            do {
                document = try TOMLParser.parse(text)
            } catch {
                // An invalid pyproject.toml is the scan's `invalid-manifest`; a trellis.toml is only read here.
                if kind == .configuration {
                    diagnostics.append(
                        Diagnostic(
                            .invalidConfiguration, file: file, line: error.line,
                            "invalid TOML: \(error.message) (column \(error.column)); the configuration is not read from it"
                        ))
                }
                continue
            }
            let nested = document["tool", "trellis"]?.table
            guard let table = nested ?? (kind == .configuration ? document : nil) else { continue }
            var reading = ConfigurationReading(
                file: file, table: nested != nil ? "[tool.trellis]" : file, table: table)
            reading.diagnostics = diagnostics + reading.diagnostics
            return reading
        }
        return ConfigurationReading(
            file: nil, table: nil, settings: defaultSettings(), diagnostics: diagnostics, configuration: .default)
    }

    init(
        file: String?, table: String?, settings: [Setting], diagnostics: [Diagnostic],
        configuration: TrellisConfiguration
    ) {
        self.file = file
        self.table = table
        self.settings = settings
        self.diagnostics = diagnostics
        self.configuration = configuration
    }

    /// The settings and findings of one `[tool.trellis]` table of `file`.
    init(file: String, table name: String, table: TOMLTable) {
        let configuration = TrellisConfiguration(table: table)
        var settings: [Setting] = []
        var diagnostics: [Diagnostic] = []
        // With libs or projects set, the kinds come from the globs alone: the other list is empty.
        let kindsConfigured = table["libs"] != nil || table["projects"] != nil
        let defaults = Self.defaultSettings(kindsConfigured: kindsConfigured)
        for key in Self.keys {
            guard let value = table[key] else {
                settings += defaults.filter { $0.key == key }
                continue
            }
            if key == "rules" {
                guard let entries = value.array else {
                    diagnostics.append(Self.wrongType(key, value, "an array of tables ([[tool.trellis.rules]])", file))
                    continue
                }
                for entry in entries {
                    guard let rule = entry.table, let from = rule["from"]?.string else {
                        diagnostics.append(
                            Diagnostic(
                                .invalidConfiguration, file: file, line: entry.line,
                                "a [[tool.trellis.rules]] entry needs `from = \"<kind or folder glob>\"`; it is ignored"
                            ))
                        continue
                    }
                    let deny = rule["deny"]?.array?.compactMap(\.string) ?? rule["deny"]?.string.map { [$0] } ?? []
                    settings.append(
                        Setting(
                            key: key, values: ["\(from) may not depend on \(deny.joined(separator: ", "))"], file: file,
                            line: entry.line))
                    for (ruleKey, ruleValue) in rule.entries where !Self.ruleKeys.contains(ruleKey) {
                        diagnostics.append(
                            Diagnostic(
                                .unknownConfigurationKey, file: file, line: ruleValue.line,
                                "unknown key '\(ruleKey)' in a [[tool.trellis.rules]] entry (known: from, deny); it has no effect"
                            ))
                    }
                }
                if entries.isEmpty {
                    settings.append(Setting(key: key, values: ["none"], file: file, line: value.line))
                }
                continue
            }
            guard let array = value.array, array.allSatisfy({ $0.string != nil }) else {
                diagnostics.append(Self.wrongType(key, value, "an array of globs", file))
                settings += defaults.filter { $0.key == key }
                continue
            }
            settings.append(Setting(key: key, values: array.compactMap(\.string), file: file, line: value.line))
        }
        for (key, value) in table.entries where !Self.keys.contains(key) {
            diagnostics.append(
                Diagnostic(
                    .unknownConfigurationKey, file: file, line: value.line,
                    "unknown key '\(key)' in \(name) (known: \(Self.keys.joined(separator: ", "))); it has no effect"))
        }
        self.init(
            file: file, table: name, settings: settings, diagnostics: diagnostics.sorted { $0.line < $1.line },
            configuration: configuration)
    }

    static func wrongType(_ key: String, _ value: TOMLValue, _ expected: String, _ file: String) -> Diagnostic {
        Diagnostic(.invalidConfiguration, file: file, line: value.line, "'\(key)' must be \(expected); it is ignored")
    }

    /// What applies where nothing is configured; with libs or projects set (`kindsConfigured`),
    /// the kinds come from those globs alone and the other list is empty.
    static func defaultSettings(kindsConfigured: Bool = false) -> [Setting] {
        [
            Setting(key: "libs", values: [kindsConfigured ? "none" : "the folders under libs/"], file: nil, line: 0),
            Setting(
                key: "projects", values: [kindsConfigured ? "none" : "the folders under projects/"], file: nil, line: 0),
            Setting(key: "exclude", values: ["none"], file: nil, line: 0),
            Setting(key: "global", values: ["none"], file: nil, line: 0),
            Setting(key: "rules", values: ["lib may not depend on project"], file: nil, line: 0),
        ]
    }
}
