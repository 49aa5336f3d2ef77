/// Columns and rows of text, printed aligned for people.
struct Table {
    var columns: [String]
    var rows: [[String]]

    /// Writes the header and the rows, columns padded to their widest cell, two spaces apart.
    func render(into output: inout some TextOutputStream) {
        var widths = columns.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        for line in [columns] + rows {
            var text = ""
            for (column, cell) in line.enumerated() {
                let isLast = column == line.count - 1
                text += isLast ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }
            output.write(text.trailingSpacesRemoved + "\n")
        }
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
