/// The text format: a report's blocks for people, tables padded to their widest cell.
enum TableRenderer {
    /// Writes every block of `report` in turn.
    static func render(_ report: Report, into output: inout some TextOutputStream) {
        for block in report.blocks {
            switch block {
            case .lines(let lines): for line in lines { output.write(line + "\n") }
            case .table(let table): render(table, into: &output)
            }
        }
    }

    /// Writes the header and the rows, columns two spaces apart, trailing spaces removed; or the
    /// table's empty message when it has no rows and one.
    static func render(_ table: Table, into output: inout some TextOutputStream) {
        if table.rows.isEmpty, let empty = table.empty { return output.write(empty + "\n") }
        let margin = String(repeating: " ", count: table.indent)
        var widths = table.columns.map(\.count)
        for row in table.rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        for line in [table.columns] + table.rows {
            var text = margin
            for (column, cell) in line.enumerated() {
                let isLast = column == line.count - 1
                text += isLast ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }
            output.write(text.trailingSpacesRemoved + "\n")
        }
    }
}

/// Prints a report in the format the options ask for: the one place a command's answer is drawn.
enum ReportRenderer {
    static func render(_ report: Report, as format: OutputFormat, into output: inout some TextOutputStream) throws {
        switch (format, report.json) {
        case (.json, let json?): try JSONRenderer.render(json, into: &output)
        case (.table, _), (.json, nil): TableRenderer.render(report, into: &output)
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
