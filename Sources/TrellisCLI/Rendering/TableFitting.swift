/// Fits a table's columns into a terminal's width: the widest columns give up characters first,
/// and a cell longer than its column keeps its start and end around `…` (a path keeps its top
/// folder and its file name), so a row never wraps.
enum TableFitting {
    /// Two spaces between columns.
    static let gap = 2
    /// No column shrinks below this (or its header, when shorter).
    static let narrowest = 6

    /// The column widths of `natural` (each column's widest cell) that fit `width` with `indent`
    /// spaces before the line; `natural` itself when it fits already. The `preferred` columns
    /// (paths, trails) give first; the others (names, kinds) only when those are at their narrowest.
    static func widths(_ natural: [Int], indent: Int, width: Int, preferred: Set<Int> = []) -> [Int] {
        var widths = natural
        var over = indent + widths.reduce(0, +) + gap * max(widths.count - 1, 0) - width
        // One character at a time from the widest column that can still give one: O(over × columns).
        for pool in [preferred, Set(widths.indices)] {
            while over > 0 {
                let shrinkable = pool.filter { widths[$0] > min(natural[$0], narrowest) }
                guard let widest = shrinkable.max(by: { (widths[$0], $1) < (widths[$1], $0) }) else { break }
                widths[widest] -= 1
                over -= 1
            }
        }
        return widths
    }

    /// The columns with a cell that holds a `/` (a path, a trail of paths): the ones to shorten first.
    static func pathColumns(_ rows: [[String]]) -> Set<Int> {
        var columns: Set<Int> = []
        for row in rows {
            for (column, cell) in row.enumerated() where cell.contains("/") { columns.insert(column) }
        }
        return columns
    }

    /// `cell` in at most `width` characters: its start, `…`, and its end.
    static func shorten(_ cell: String, to width: Int) -> String {
        guard cell.count > width else { return cell }
        guard width > 1 else { return String(cell.prefix(width)) }
        let kept = width - 1
        let tail = (kept + 1) / 2
        let head = kept - tail
        return String(cell.prefix(head)) + "…" + String(cell.suffix(tail))
    }
}
