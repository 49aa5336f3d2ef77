/// Reads a pip requirements (or constraints) file: one requirement per line, `#` comments,
/// `\` continuations, `-e`/`--editable`, local paths, and `-r`/`--requirement` includes followed
/// recursively, with include cycles reported. Other options (`-i`, `--index-url`, `-c`, `--hash`,
/// …) declare no dependency and are skipped.
///
/// pip joins a nested `-r other.txt` to the including file's folder, but passes `-e x` and a plain
/// path on as written, so they resolve against the folder pip runs in (pip's `req_file.py`,
/// `RequirementsFileParser._parse_and_recurse`; pypa/pip#8765, #6112). Every dependency read
/// therefore carries the `workingDirectory` of the read, and the resolver tries it after the
/// file's own folder.
public struct RequirementsFileParser: Sendable {
    public init() {}

    /// What a file and its includes declare.
    public struct Result: Sendable, Equatable {
        public var dependencies: [DeclaredDependency] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// Parses `file` (repository-relative) as dependencies of `group`; `readFile` returns the text
    /// of a repository-relative file, or nil when it does not exist. `workingDirectory` is the
    /// folder pip is taken to run in: by default the file's own.
    public func parse(
        file: String, group: String, workingDirectory: String? = nil, readFile: (String) -> String?
    ) -> Result {
        var result = Result()
        guard let text = readFile(file) else { return result }
        var visiting = Walk()
        let read = Read(group: group, workingDirectory: workingDirectory ?? RelativePath.parent(of: file))
        read.lines(Self.logicalLines(text), of: file, visiting: &visiting, readFile: readFile, into: &result)
        return result
    }

    /// Reads `lines` as if they were the lines of `file`: what a `tox.ini` `deps` value holds.
    func parse(
        lines: [(Int, String)], of file: String, group: String, workingDirectory: String, readFile: (String) -> String?
    ) -> Result {
        var result = Result()
        var visiting = Walk()
        Read(group: group, workingDirectory: workingDirectory)
            .lines(lines, of: file, visiting: &visiting, readFile: readFile, into: &result)
        return result
    }

    /// How many files one chain of `-r` includes may hold. Each is read by a nested call: a chain
    /// of 3,000 files overflowed the stack of a scan (signal 11; found by tools/fuzz/run.sh).
    static let maxIncludeDepth = 64

    /// The files of one read: those being read (the include chain, for cycles), and those read
    /// whole. A file reached again through another chain is not read again: its lines are
    /// already in the result. Without that, files that include one another were read once per
    /// chain, and 9 files that each include the 8 others took a scan 350 s and 1.3 million
    /// diagnostic lines (found by tools/fuzz/run.sh requirements).
    private struct Walk {
        var stack: [String] = []
        var finished: Set<String> = []
    }

    /// One read: its group and the folder pip runs in, for every file it includes.
    private struct Read {
        let group: String
        let workingDirectory: String

        func lines(
            _ lines: [(Int, String)], of file: String, visiting: inout Walk, readFile: (String) -> String?,
            into result: inout Result
        ) {
            visiting.stack.append(file)
            defer {
                visiting.stack.removeLast()
                visiting.finished.insert(file)
            }
            for (line, content) in lines {
                if let include = RequirementsFileParser.option(content, names: ["-r", "--requirement"]) {
                    self.include(
                        include, from: file, line: line, visiting: &visiting, readFile: readFile, into: &result)
                    continue
                }
                let isEditable = RequirementsFileParser.option(content, names: ["-e", "--editable"]) != nil
                if content.hasPrefix("-") && !isEditable { continue }
                if var dependency = RequirementLine.dependency(content, group: group, line: line, file: file) {
                    dependency.workingDirectory = workingDirectory
                    result.dependencies.append(dependency)
                } else {
                    result.diagnostics.append(
                        Diagnostic(
                            .invalidRequirement, file: file, line: line, "not a requirement: \(content)"))
                }
            }
        }

        private func include(
            _ include: String, from file: String, line: Int, visiting: inout Walk, readFile: (String) -> String?,
            into result: inout Result
        ) {
            // pip reads an absolute path or a URL as written; Trellis reads only the repository.
            if include.hasPrefix("/") || include.contains("://") {
                let what = include.hasPrefix("/") ? "an absolute path" : "a URL"
                result.diagnostics.append(
                    Diagnostic(
                        .requirementsIncludeEscapes, file: file, line: line,
                        "'-r \(include)' is \(what); only relative includes inside the repository are read, so it is not"
                    ))
                return
            }
            guard let included = RelativePath.join(RelativePath.parent(of: file), include) else {
                result.diagnostics.append(
                    Diagnostic(
                        .requirementsIncludeEscapes, file: file, line: line,
                        "'-r \(include)' leaves the repository root; it is not read"))
                return
            }
            if visiting.finished.contains(included) {
                return
            } else if visiting.stack.count >= RequirementsFileParser.maxIncludeDepth {
                result.diagnostics.append(
                    Diagnostic(
                        .requirementsIncludeTooDeep, file: file, line: line,
                        "'-r \(include)' would be the \(visiting.stack.count + 1)th file of one include chain; "
                            + "chains are followed \(RequirementsFileParser.maxIncludeDepth) files deep, so it is not read"
                    ))
            } else if visiting.stack.contains(included) {
                let through = (visiting.stack + [included]).joined(separator: " → ")
                result.diagnostics.append(
                    Diagnostic(
                        .requirementsIncludeCycle, file: file, line: line,
                        "'-r \(include)' includes itself through \(through); the cycle is not followed"))
            } else if let text = readFile(included) {
                let included = (lines: RequirementsFileParser.logicalLines(text), file: included)
                lines(included.lines, of: included.file, visiting: &visiting, readFile: readFile, into: &result)
            } else {
                result.diagnostics.append(
                    Diagnostic(
                        .missingRequirementsInclude, file: file, line: line,
                        "'-r \(include)' names \(included), which does not exist"))
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
