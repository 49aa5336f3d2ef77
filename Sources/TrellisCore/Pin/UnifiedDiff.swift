/// A unified diff (`diff -u`, three lines of context) of a text against the same text with some
/// lines replaced or removed, as `pin --diff` prints it.
public enum UnifiedDiff {
    /// `old` split into lines, each with its line break; `new[i]` is line i after the change
    /// (nil: removed). `path` names both sides (`a/…`, `b/…`). Empty when nothing changed.
    public static func render(path: String, old: [Substring], new: [Substring?], context: Int = 3) -> String {
        let changed = old.indices.filter { new[$0] != old[$0] }
        guard !changed.isEmpty else { return "" }
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        // Hunks: runs of changed lines whose contexts touch or overlap.
        var hunks: [ClosedRange<Int>] = []
        for line in changed {
            let range = max(0, line - context)...min(old.count - 1, line + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...range.upperBound
            } else {
                hunks.append(range)
            }
        }
        // Line numbers after the change: removed lines shift what follows.
        var newNumber = Array(repeating: 0, count: old.count + 1)
        var count = 0
        for index in old.indices {
            newNumber[index] = count + 1
            if new[index] != nil { count += 1 }
        }
        for hunk in hunks {
            let oldCount = hunk.count
            let newCount = hunk.filter { new[$0] != nil }.count
            let newStart = newCount == 0 ? newNumber[hunk.lowerBound] - 1 : newNumber[hunk.lowerBound]
            output += "@@ -\(hunk.lowerBound + 1),\(oldCount) +\(newStart),\(newCount) @@\n"
            // A run of changed lines: all of its old lines, then all of its new ones, as diff does.
            var removed = "", added = ""
            for index in hunk {
                if new[index] == old[index] {
                    output += removed + added + line(" ", old[index])
                    removed = ""
                    added = ""
                } else {
                    removed += line("-", old[index])
                    if let replacement = new[index] { added += line("+", replacement) }
                }
            }
            output += removed + added
        }
        return output
    }

    /// One diff line: the mark, the text, and a newline; a last line without one says so.
    private static func line(_ mark: String, _ text: Substring) -> String {
        if text.utf8.last == UInt8(ascii: "\n") { return mark + text }
        return mark + text + "\n\\ No newline at end of file\n"
    }

    /// `text` split after each `\n`, every byte kept (a last line without one too).
    public static func lines(_ text: String) -> [Substring] {
        // Over the bytes: a "\r\n" is one Character, never equal to "\n".
        var lines: [Substring] = []
        var start = text.startIndex
        for index in text.utf8.indices where text.utf8[index] == UInt8(ascii: "\n") {
            let next = text.utf8.index(after: index)
            lines.append(text[start..<next])
            start = next
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }
}
