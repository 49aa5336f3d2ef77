import Foundation

/// The lines of a source text, to quote a declaration as it is written.
struct SourceLines: Sendable {
    private let text: String
    /// Where each line starts in `text`'s UTF-8, and one past the end of the text.
    private let starts: [Int]

    init(_ text: String) {
        // Found on the bytes (a `\n` each), kept as offsets: a `Substring` a line for every
        // manifest of a scan cost more than the lines asked for, a few a manifest.
        var text = text
        var starts = [0]
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count, let newline = memchr(base + offset, 0x0A, bytes.count - offset) {
                offset = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
        }
        starts.append(text.utf8.count + 1)
        self.text = text
        self.starts = starts
    }

    /// The trimmed text of the 1-based line, without a trailing comma or `\r`.
    func text(at line: Int) -> String {
        guard line >= 1 && line < starts.count else { return "" }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: starts[line - 1])
        let to = utf8.index(utf8.startIndex, offsetBy: starts[line] - 1)
        var text = Substring(text[from..<to]).trimmingWhitespace()
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
