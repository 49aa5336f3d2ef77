import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The diagnostic codes are a contract: the tables users read must list exactly the enum's cases.
struct DiagnosticCodeTests {
    /// The body rows of the first markdown table in `file`, split into trimmed cells.
    func tableRows(_ file: String) throws -> [[String]] {
        let text = try String(contentsOfFile: "\(ProjectPaths.packageRoot)/\(file)", encoding: .utf8)
        let table = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return table.dropFirst(2).map { line in
            line.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The backticked words of a cell: `` `a`, `b` `` gives a, b.
    func codes(in cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
    }

    @Test func docsTableIsTheEnum() throws {
        let rows = try tableRows("docs/DIAGNOSTICS.md")
        let expected = DiagnosticCode.allCases.map { code in
            let check = code.breaksRepository ? "error" : code.severity == .info ? "—" : code.severity.rawValue
            return ["`\(code.rawValue)`", code.severity.rawValue, check, code.meaning]
        }
        #expect(rows == expected)
    }

    @Test func readmeTableListsEveryCodeAndNoOther() throws {
        let listed = try #require(try checkTable()).flatMap { codes(in: $0[0]) }
        #expect(Set(listed) == Set(DiagnosticCode.allCases.map(\.rawValue)))
        #expect(Set(listed).count == listed.count - 1, "only `cycle` appears twice, once per severity")
    }

    /// The README's table of `check` codes, found by its header.
    func checkTable() throws -> [[String]]? {
        let text = try String(contentsOfFile: "\(ProjectPaths.packageRoot)/README.md", encoding: .utf8)
        guard let start = text.range(of: "| code | severity | what |") else { return nil }
        let lines = text[start.lowerBound...].split(separator: "\n").prefix { $0.hasPrefix("|") }
        return lines.dropFirst(2).map { line in
            line.dropFirst().dropLast().split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test func unknownStoredCodeIsKeptInTheMessage() {
        let known = Diagnostic(.warning, storedCode: "broken-path", module: nil, file: "a", line: 1, "m")
        #expect(known.code == .brokenPath && known.message == "m")
        let unknown = Diagnostic(.error, storedCode: "from-the-future", module: nil, file: "a", line: 2, "m")
        #expect(unknown.code == .unrecognized && unknown.severity == .error && unknown.message == "m [from-the-future]")
    }
}
