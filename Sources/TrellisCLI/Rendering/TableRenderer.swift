/// The text format: a report's blocks for people, tables padded to their widest cell, fitted
/// to the terminal's width and coloured as `style` says.
enum TableRenderer {
    /// Writes every block of `report` in turn.
    static func render(_ report: Report, style: TerminalStyle = .plain, into output: inout some TextOutputStream) {
        for block in report.blocks {
            switch block {
            case .lines(let lines): for line in lines { output.write(line + "\n") }
            case .marked(let lines): for line in lines { output.write(style.paint(line.text, line.tone) + "\n") }
            case .table(let table): render(table, style: style, into: &output)
            }
        }
    }

    /// Writes the header and the rows, columns two spaces apart, trailing spaces removed; or the
    /// table's empty message when it has no rows and one. On a terminal narrower than the table,
    /// the widest columns are shortened in the middle (`TableFitting`) and a line still too long
    /// is cut, so no row wraps; a wider terminal changes nothing.
    static func render(_ table: Table, style: TerminalStyle = .plain, into output: inout some TextOutputStream) {
        if table.rows.isEmpty, let empty = table.empty { return output.write(empty + "\n") }
        let margin = String(repeating: " ", count: table.indent)
        var widths = table.columns.map(\.count)
        for row in table.rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        if let width = style.width {
            widths = TableFitting.widths(
                widths, indent: table.indent, width: width, preferred: TableFitting.pathColumns(table.rows))
        }
        for (index, line) in ([table.columns] + table.rows).enumerated() {
            var text = margin
            for (column, cell) in line.enumerated() {
                let isLast = column == line.count - 1
                let fitted = column < widths.count ? TableFitting.shorten(cell, to: widths[column]) : cell
                text += isLast ? fitted : fitted.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }
            text = text.trailingSpacesRemoved
            if let width = style.width, text.count > width { text = String(text.prefix(width - 1)) + "…" }
            output.write((index == 0 ? style.paint(text, .heading) : text) + "\n")
        }
    }
}

/// Prints a report in the format the options ask for: the one place a command's answer is drawn.
enum ReportRenderer {
    static func render(
        _ report: Report, as format: OutputFormat, style: TerminalStyle = .plain,
        into output: inout some TextOutputStream
    ) throws {
        switch (format, report.json) {
        case (.json, let json?): try JSONRenderer.render(json, into: &output)
        case (.table, _), (.json, nil): TableRenderer.render(report, style: style, into: &output)
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
