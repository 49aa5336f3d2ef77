import Testing
@testable import TrellisCLI

/// The one place a command's answer is drawn, without a process: text blocks and tables for
/// people, the JSON value for scripts.
@Suite struct ReportRendererTests {
    func render(_ report: Report, as format: OutputFormat) throws -> String {
        var text = ""
        try ReportRenderer.render(report, as: format, into: &text)
        return text
    }

    @Test func tablesAlignTheirColumnsAndDropTrailingSpaces() throws {
        let report = Report(
            columns: ["NAME", "PATH", "NOTE"], rows: [["a", "libs/a", ""], ["long-name", "x", "n"]],
            empty: "None.", json: [String]())
        #expect(try render(report, as: .table) == "NAME       PATH    NOTE\na          libs/a\nlong-name  x       n\n")
    }

    @Test func anEmptyTableSaysSoOrKeepsItsHeader() throws {
        #expect(
            try render(Report(columns: ["NAME"], rows: [], empty: "None.", json: [String]()), as: .table) == "None.\n")
        let headerOnly = Report([.table(Table(columns: ["NAME", "PATH"], rows: []))], json: [String]())
        #expect(try render(headerOnly, as: .table) == "NAME  PATH\n")
    }

    @Test func blocksFollowEachOtherAndTablesIndent() throws {
        let report = Report(
            [.lines(["Title", ""]), .table(Table(columns: ["A", "B"], rows: [["x", "y"]], indent: 2))], json: ["x"])
        #expect(try render(report, as: .table) == "Title\n\n  A  B\n  x  y\n")
    }

    @Test func jsonIsTheValueAloneAndTextStandsInWithoutOne() throws {
        let report = Report([.lines(["ignored"])], json: ["b": 2, "a": 1])
        #expect(try render(report, as: .json) == "{\n  \"a\" : 1,\n  \"b\" : 2\n}\n")
        #expect(try render(Report([.lines(["x"])], json: [String]()), as: .json) == "[\n\n]\n")
        #expect(try render(Report(text: ["/tmp/registry.sqlite"]), as: .json) == "/tmp/registry.sqlite\n")
    }
}
