/// Reads the `deps` of every `[testenv]` and `[testenv:<env>]` section of a `tox.ini`, group
/// `tox` or `tox:<env>`. tox documents `deps` as a multi-line list, one dependency (a package, a
/// URL, a file) per line, with comments from a `#` after whitespace, and passes each line to pip
/// run in `{toxinidir}`, the folder of the `tox.ini`: so `-r` includes, `-e ../x` and plain paths
/// there resolve against that folder, and so do the `-e` lines of the files it includes.
/// `-c` constraints declare nothing; a factor prefix (`py311: pytest`) is dropped;
/// `{toxinidir}` is substituted; a `{[section]key}` reference is read where it is defined.
public struct ToxIniParser: Sendable {
    public init() {}

    /// The declarations of the `tox.ini` at `file` with content `text`.
    public func parse(file: String, text: String, readFile: (String) -> String?) -> RequirementsFileParser.Result {
        var result = RequirementsFileParser.Result()
        let folder = RelativePath.parent(of: file)
        for entry in SetupCfgParser.entries(text) where entry.key == "deps" {
            let group: String
            if entry.section == "testenv" {
                group = "tox"
            } else if entry.section.hasPrefix("testenv:") {
                group = "tox:" + entry.section.dropFirst("testenv:".count).trimmed()
            } else {
                continue
            }
            var lines: [(Int, String)] = []
            for (line, raw) in entry.values {
                guard let value = Self.value(raw) else { continue }
                if value.contains("{") {
                    result.diagnostics.append(
                        Diagnostic(
                            .toxSubstitutionNotRead, file: file, line: line,
                            "'\(value)' uses a tox substitution Trellis does not expand; the line is not read"))
                    continue
                }
                lines.append((line, value))
            }
            let read = RequirementsFileParser().parse(
                lines: lines, of: file, group: group, workingDirectory: folder, readFile: readFile)
            result.dependencies += read.dependencies
            result.diagnostics += read.diagnostics
        }
        return result
    }

    /// One `deps` line without its comment and factor prefix, `{toxinidir}` substituted; nil
    /// when nothing remains or the line is a `{[section]key}` reference.
    static func value(_ raw: String) -> String? {
        var text = Substring(raw)
        if let comment = text.range(of: " #") ?? text.range(of: "\t#") { text = text[..<comment.lowerBound] }
        if text.hasPrefix("#") { return nil }
        // A factor condition: `py311,py312: pytest`, `!windows: uvloop` (no space before the colon).
        if let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].first == " ",
            text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "-_.,!{}".contains($0) })
        {
            text = text[text.index(after: colon)...]
        }
        var value = text.trimmed()
        if value.hasPrefix("{[") { return nil }
        value = value.replacingOccurrences(of: "{toxinidir}/", with: "")
            .replacingOccurrences(of: "{toxinidir}", with: ".")
        return value.isEmpty ? nil : value
    }
}
