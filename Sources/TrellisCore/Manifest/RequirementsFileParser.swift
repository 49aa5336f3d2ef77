/// Reads a pip requirements (or constraints) file: one requirement per line, `#` comments,
/// `\` continuations, `-e`/`--editable`, local paths, and `-r`/`--requirement` includes followed
/// recursively (relative to the including file, as pip does), with include cycles reported.
/// Other options (`-i`, `--index-url`, `-c`, `--hash`, …) declare no dependency and are skipped.
public struct RequirementsFileParser: Sendable {
    public init() {}

    /// What a file and its includes declare.
    public struct Result: Sendable, Equatable {
        public var dependencies: [DeclaredDependency] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// Parses `file` (repository-relative) as dependencies of `group`; `readFile` returns the text
    /// of a repository-relative file, or nil when it does not exist.
    public func parse(file: String, group: String, readFile: (String) -> String?) -> Result {
        var result = Result()
        guard let text = readFile(file) else { return result }
        var visiting: [String] = []
        read(file, text: text, group: group, visiting: &visiting, readFile: readFile, into: &result)
        return result
    }

    private func read(
        _ file: String, text: String, group: String, visiting: inout [String], readFile: (String) -> String?,
        into result: inout Result
    ) {
        visiting.append(file)
        defer { visiting.removeLast() }
        for (line, content) in Self.logicalLines(text) {
            if let include = Self.option(content, names: ["-r", "--requirement"]) {
                guard let included = RelativePath.join(RelativePath.parent(of: file), include) else {
                    result.diagnostics.append(Diagnostic(
                        .requirementsIncludeEscapes, file: file, line: line,
                        "'-r \(include)' leaves the repository root; it is not read"))
                    continue
                }
                if visiting.contains(included) {
                    result.diagnostics.append(Diagnostic(
                        .requirementsIncludeCycle, file: file, line: line,
                        "'-r \(include)' includes itself through \((visiting + [included]).joined(separator: " → ")); the cycle is not followed"))
                } else if let text = readFile(included) {
                    read(included, text: text, group: group, visiting: &visiting, readFile: readFile, into: &result)
                } else {
                    result.diagnostics.append(Diagnostic(
                        .missingRequirementsInclude, file: file, line: line,
                        "'-r \(include)' names \(included), which does not exist"))
                }
                continue
            }
            let isEditable = Self.option(content, names: ["-e", "--editable"]) != nil
            if content.hasPrefix("-") && !isEditable { continue }
            if let dependency = RequirementLine.dependency(content, group: group, line: line, file: file) {
                result.dependencies.append(dependency)
            } else {
                result.diagnostics.append(Diagnostic(
                    .invalidRequirement, file: file, line: line, "not a requirement: \(content)"))
            }
        }
    }

    /// The value of an option spelled `-r x`, `-rx`, `--requirement x` or `--requirement=x`.
    static func option(_ line: String, names: [String]) -> String? {
        for name in names {
            guard line.hasPrefix(name) else { continue }
            var rest = line.dropFirst(name.count)
            if name.hasPrefix("--") {
                guard rest.first == "=" || rest.first == " " || rest.first == "\t" else { continue }
                rest = rest.dropFirst()
            }
            let value = rest.trimmingWhitespace()
            if !value.isEmpty { return String(value) }
        }
        return nil
    }

    /// Lines without comments and joined across `\` continuations, with the 1-based line where each starts.
    static func logicalLines(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var pending = ""
        var start = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            // pip: a comment starts at `#` at the line start or after whitespace (`#egg=` stays).
            if line.hasPrefix("#") {
                line = ""
            } else if let comment = line.range(of: " #") ?? line.range(of: "\t#") {
                line = line[..<comment.lowerBound]
            }
            if pending.isEmpty { start = index + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            let full = (pending + line).trimmed()
            pending = ""
            if !full.isEmpty { out.append((start, full)) }
        }
        if !pending.trimmed().isEmpty { out.append((start, pending.trimmed())) }
        return out
    }
}
