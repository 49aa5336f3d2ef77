/// A command's answer in the two shapes its formats draw from: text blocks for people (`table`)
/// and one JSON value for scripts (`json`). Commands build one; `ReportRenderer` prints it.
struct Report {
    /// One part of the text answer, printed after the previous one.
    enum Block {
        /// Lines printed as they are, each ended by a newline.
        case lines([String])
        /// Lines with what each means (an error, a warning), coloured on a terminal.
        case marked([MarkedLine])
        /// Columns and rows, aligned.
        case table(Table)
    }

    var blocks: [Block]
    /// What `--json` prints; nil when the text is the answer in every format (`db path`).
    var json: (any Encodable)?

    init(_ blocks: [Block], json: some Encodable) {
        self.blocks = blocks
        self.json = json
    }

    /// An answer that is the same text whatever the format.
    init(text lines: [String]) {
        blocks = [.lines(lines)]
        json = nil
    }

    /// The usual answer: one table, or `empty` when it has no rows.
    init(columns: [String], rows: [[String]], empty: String, json: some Encodable) {
        self.init([.table(Table(columns: columns, rows: rows, empty: empty))], json: json)
    }
}

/// A line of text and what it means, for its colour; nil tone prints it plain.
struct MarkedLine: Equatable {
    var text: String
    var tone: TerminalStyle.Tone?
}

/// Columns and rows of text, for people.
struct Table {
    var columns: [String]
    var rows: [[String]]
    /// Printed instead of the header when there are no rows; nil prints the header alone.
    var empty: String?
    /// Spaces before every line, header included (`show` indents its tables under a title).
    var indent = 0

    init(columns: [String], rows: [[String]], empty: String? = nil, indent: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.empty = empty
        self.indent = indent
    }
}
