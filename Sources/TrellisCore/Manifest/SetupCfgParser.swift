import Foundation

/// Reads a setuptools `setup.cfg` as text (INI): `[metadata] name` and `version`,
/// `[options] install_requires` and `[options.extras_require]`. It never runs `setup.py`.
public struct SetupCfgParser: Sendable {
    public init() {}

    /// What a `setup.cfg` declares.
    public struct Result: Sendable, Equatable {
        public var name: String?
        /// Nil when absent or computed (`attr: pkg.__version__`, `file: VERSION`).
        public var version: String?
        public var nameLine = 0
        public var dependencies: [DeclaredDependency] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// Parses `text`, the content of `file` (repository-relative).
    public func parse(file: String, text: String) -> Result {
        var result = Result()
        for entry in Self.entries(text) {
            switch (entry.section, entry.key) {
            case ("metadata", "name"):
                result.name = entry.values.first?.text
                result.nameLine = entry.line
            case ("metadata", "version"):
                let value = entry.values.first?.text ?? ""
                result.version = value.hasPrefix("attr:") || value.hasPrefix("file:") || value.isEmpty ? nil : value
            case ("options", "install_requires"):
                read(entry.values, group: "main", optional: false, file: file, into: &result)
            case ("options.extras_require", let extra):
                read(entry.values, group: extra, optional: true, file: file, into: &result)
            default:
                break
            }
        }
        return result
    }

    private func read(
        _ values: [(line: Int, text: String)], group: String, optional: Bool, file: String, into result: inout Result
    ) {
        for var value in values {
            if let comment = value.text.range(of: " #") { value.text = value.text[..<comment.lowerBound].trimmed() }
            // `file: requirements.txt` (setuptools ≥ 62.6 reads the list from a file): named, not followed.
            if value.text.hasPrefix("file:") && !value.text.hasPrefix("file://") { continue }
            if let dependency = RequirementLine.dependency(
                value.text, group: group, optional: optional, line: value.line, file: file)
            {
                result.dependencies.append(dependency)
            } else {
                result.diagnostics.append(
                    Diagnostic(
                        .invalidRequirement, file: file, line: value.line, "not a requirement: \(value.text)"))
            }
        }
    }

    /// One `key = value` of a section, with its value lines (the first line's value, then each
    /// indented continuation line), each with its 1-based line.
    struct Entry {
        var section: String
        var key: String
        var line: Int
        var values: [(line: Int, text: String)]
    }

    static func entries(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        var section = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if line.first == " " || line.first == "\t" {
                // A continuation line of the previous key.
                if !entries.isEmpty { entries[entries.count - 1].values.append((number, String(trimmed))) }
                continue
            }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast()).trimmed()
                continue
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let rawKey = trimmed[..<separator].trimmed()
            // setuptools accepts `install-requires` for `install_requires`; extra names stay as written.
            let key = section == "options.extras_require" ? rawKey : rawKey.replacingOccurrences(of: "-", with: "_")
            let value = trimmed[trimmed.index(after: separator)...].trimmed()
            entries.append(
                Entry(section: section, key: key, line: number, values: value.isEmpty ? [] : [(number, value)]))
        }
        return entries
    }
}
