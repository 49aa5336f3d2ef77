import Testing
import TrellisCore

/// The specifiers `pin` writes. `compatible` is PEP 440's `~=X.Y.Z` spelled out (`>=X.Y.Z,<X.(Y+1)`,
/// PEP 440 "Compatible release"); `caret` follows Poetry's documented caret table (`^1.2.3` is
/// `>=1.2.3,<2.0.0`, `^0.2.3` is `>=0.2.3,<0.3.0`, `^0.0.3` is `>=0.0.3,<0.0.4`, `^0` is
/// `>=0.0.0,<1.0.0`), written as `^…` only inside a Poetry table.
@Suite struct PinStyleTests {
    @Test(arguments: [
        ("1.4.2", PinStyle.compatible, ">=1.4.2,<1.5"), ("1.4", .compatible, ">=1.4,<1.5"),
        ("2", .compatible, ">=2,<3"),
        ("0.3.1", .compatible, ">=0.3.1,<0.4"), ("1.4.2", .exact, "==1.4.2"), ("1.0.0rc1", .exact, "==1.0.0rc1"),
        ("1.4.2", .caret, ">=1.4.2,<2.0.0"), ("0.3.1", .caret, ">=0.3.1,<0.4.0"), ("0.0.3", .caret, ">=0.0.3,<0.0.4"),
        ("0.0", .caret, ">=0.0,<0.1"), ("0", .caret, ">=0,<1"), ("1!2.0", .compatible, ">=1!2.0,<1!2.1"),
    ])
    func pep508Specifiers(version: String, style: PinStyle, expected: String) throws {
        let parsed = try #require(Version(version))
        #expect(style.specifier(for: parsed, text: version, poetryTable: false) == expected)
    }

    @Test func poetryTablesKeepTheCaret() throws {
        let version = try #require(Version("0.3.1"))
        #expect(PinStyle.caret.specifier(for: version, text: "0.3.1", poetryTable: true) == "^0.3.1")
        #expect(PinStyle.compatible.specifier(for: version, text: "0.3.1", poetryTable: true) == ">=0.3.1,<0.4")
    }

    @Test func diffOfNoChangeIsEmptyAndLinesKeepEveryByte() {
        let text = "a\r\nb\nc"
        let lines = UnifiedDiff.lines(text)
        #expect(lines == ["a\r\n", "b\n", "c"])
        #expect(lines.joined() == text)
        #expect(UnifiedDiff.render(path: "x", old: lines, new: lines.map { $0 }).isEmpty)
    }
}
