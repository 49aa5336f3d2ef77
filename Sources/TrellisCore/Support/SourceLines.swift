/// The lines of a source text, to quote a declaration as it is written.
struct SourceLines: Sendable {
    private let lines: [Substring]

    init(_ text: String) {
        // Split on the byte: "\r\n" is one Character in Swift, so splitting on "\n" would miss it.
        lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            let end = line.last == UInt8(ascii: "\r") ? line.index(before: line.endIndex) : line.endIndex
            return Substring(line[line.startIndex..<end])
        }
    }

    /// The trimmed text of the 1-based line, without a trailing comma or `\r`.
    func text(at line: Int) -> String {
        guard line >= 1 && line <= lines.count else { return "" }
        var text = lines[line - 1].trimmingWhitespace()
        if text.last == "," { text = text.dropLast().trimmingWhitespace() }
        return String(text)
    }

    /// The declaration of `key` at `line`, or `key = …` when the line holds something else
    /// (a value that starts on a later line than its key).
    func declaration(at line: Int, key: String) -> String {
        let text = text(at: line)
        return text.isEmpty ? key : text
    }
}
