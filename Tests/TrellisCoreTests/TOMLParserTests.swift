import Foundation
import Testing
import TrellisCore

// MARK: - Helpers

private func parse(_ text: String) throws -> TOMLTable {
    try TOMLParser.parse(text)
}

/// The error the parser throws for `text`, or nil when it (wrongly) succeeds.
private func parseError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLParser.parse(text)
        return nil
    } catch {
        return error
    }
}

// MARK: - Keys

@Suite("TOML keys")
struct TOMLKeyTests {
    @Test func bareQuotedAndDottedKeys() throws {
        let doc = try parse(
            """
            bare_key-1 = 1
            "quoted key" = 2
            'literal key' = 3
            a."b.c".d = 4
            x . y = 5
            "" = 6
            """)
        #expect(doc.keys == ["bare_key-1", "quoted key", "literal key", "a", "x", ""])
        #expect(doc["quoted key"]?.integer == 2)
        #expect(doc["literal key"]?.integer == 3)
        #expect(doc["a", "b.c", "d"]?.integer == 4)
        #expect(doc["a"]?.table?["b.c"]?.table?.keys == ["d"])
        #expect(doc["x", "y"]?.integer == 5)
        #expect(doc[""]?.integer == 6)
    }

    @Test func numericLookingBareKeys() throws {
        let doc = try parse("1234 = 1\n3.14 = 2\n")
        #expect(doc["1234"]?.integer == 1)
        // A float-looking key is a dotted key, per the spec.
        #expect(doc["3", "14"]?.integer == 2)
    }

    @Test func keysKeepDocumentOrderInLargeTables() throws {
        // More keys than the linear-scan limit, so the hashed lookup is exercised too.
        let names = (0..<40).map { "key\(($0 * 7919) % 40)" }
        let doc = try parse(names.enumerated().map { "\($1) = \($0)" }.joined(separator: "\n"))
        #expect(doc.keys == names)
        for (position, name) in names.enumerated() {
            #expect(doc[name]?.integer == Int64(position))
        }
        #expect(doc["missing"] == nil)
        #expect(doc.entries.map(\.key) == names)
    }

    @Test func pathSubscriptStopsAtNonTables() throws {
        let doc = try parse("a = 1\n[[b]]\nc = 2\n")
        #expect(doc["a", "x"] == nil)
        #expect(doc["b", "c"] == nil)  // arrays of tables are not entered
        #expect(doc["missing", "x"] == nil)
        #expect(doc.value(at: []) == nil)
        #expect(doc.value(at: ["a"])?.integer == 1)
    }
}

// MARK: - Strings

@Suite("TOML strings")
struct TOMLStringTests {
    @Test func basicStringEscapes() throws {
        let doc = try parse(#"s = "b\b t\t n\n f\f r\r q\" bs\\ e\u00E9 smile\U0001F600 end""#)
        #expect(doc["s"]?.string == "b\u{8} t\t n\n f\u{C} r\r q\" bs\\ e\u{E9} smile\u{1F600} end")
    }

    @Test func unicodeContentIsKept() throws {
        let doc = try parse("s = \"naïve — 日本語\"\n'clé' = 'ü'\n")
        #expect(doc["s"]?.string == "naïve — 日本語")
        #expect(doc["clé"]?.string == "ü")
    }

    @Test func literalStringsAreVerbatim() throws {
        let doc = try parse(#"path = 'C:\Users\nodejs\templates'"# + "\nre = '<\\i\\c*\\s*>'\n")
        #expect(doc["path"]?.string == #"C:\Users\nodejs\templates"#)
        #expect(doc["re"]?.string == #"<\i\c*\s*>"#)
    }

    @Test func multilineBasicStrings() throws {
        let doc = try parse(
            #"""
            a = """
            Roses are red
            Violets are blue"""
            b = """\
                   The quick brown \
                   fox jumps over \
                   the lazy dog.\
                   """
            c = """Here are two quotation marks: "". Simple enough."""
            d = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            e = """"This," she said, "is just a pointless statement.""""
            f = """tab\tand \u00E9"""
            g = 1
            """#)
        #expect(doc["a"]?.string == "Roses are red\nViolets are blue")
        #expect(doc["b"]?.string == "The quick brown fox jumps over the lazy dog.")
        #expect(doc["c"]?.string == #"Here are two quotation marks: "". Simple enough."#)
        #expect(doc["d"]?.string == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15) + ".")
        #expect(doc["e"]?.string == #""This," she said, "is just a pointless statement.""#)
        #expect(doc["f"]?.string == "tab\tand \u{E9}")
        #expect(doc["a"]?.line == 1)
        #expect(doc["b"]?.line == 4)
        #expect(doc["g"]?.line == 13)  // lines inside multi-line strings are counted
    }

    @Test func multilineLiteralStrings() throws {
        let doc = try parse(
            #"""
            regex2 = '''I [dw]on't need \d{2} apples'''
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
            apos15 = "Here are fifteen apostrophes: '''''''''''''''"
            str = ''''That,' she said, 'is still pointless.''''
            """#)
        #expect(doc["regex2"]?.string == #"I [dw]on't need \d{2} apples"#)
        #expect(
            doc["lines"]?.string
                == "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")
        #expect(doc["quot15"]?.string == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15))
        #expect(doc["apos15"]?.string == "Here are fifteen apostrophes: " + String(repeating: "'", count: 15))
        #expect(doc["str"]?.string == "'That,' she said, 'is still pointless.'")
        #expect(doc["str"]?.line == 10)
    }

    @Test func crlfInsideMultilineStringsBecomesLF() throws {
        let doc = try parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = '''x\r\ny'''\r\nc = \"\"\"p \\\r\n   q\"\"\"\r\n")
        #expect(doc["a"]?.string == "one\ntwo")
        #expect(doc["b"]?.string == "x\ny")
        #expect(doc["c"]?.string == "p q")
        #expect(doc["c"]?.line == 6)
    }

    @Test func invalidEscapeIsAnError() {
        let error = parseError(#"name = "a\xb""#)
        #expect(error == TOMLError(line: 1, column: 10, message: #"invalid escape sequence '\x'"#))
        #expect(parseError(#"s = "\uD800""#)?.message.hasPrefix("invalid unicode escape") == true)
        #expect(parseError(#"s = "\u00G0""#)?.message == "invalid unicode escape: expected 4 hex digits")
        #expect(parseError(#"s = "\U00110000""#)?.message.hasPrefix("invalid unicode escape") == true)
        // In multi-line strings a backslash before non-newline whitespace is not a line-ending backslash.
        #expect(
            parseError("s = \"\"\"a\\ b\"\"\"")
                == TOMLError(line: 1, column: 9, message: #"invalid escape sequence '\ '"#))
    }

    @Test func controlCharactersAreRejected() {
        #expect(parseError("s = \"a\u{7F}b\"")?.message.hasPrefix("control character") == true)
        #expect(parseError("s = 'a\u{1}b'")?.column == 7)
        #expect(parseError("# bad \u{0} comment\n")?.message.hasSuffix("in comment") == true)
        #expect(parseError("s = \"a\tb\"") == nil)  // tab is allowed
    }
}

// MARK: - Numbers, booleans, date-times

@Suite("TOML scalars")
struct TOMLScalarTests {
    @Test func integers() throws {
        let doc = try parse(
            """
            a = +99
            b = 42
            c = 0
            d = -17
            e = 1_000
            f = 5_349_221
            g = 1_2_3_4_5
            h = 0xDEADBEEF
            i = 0xdead_beef
            j = 0o01234567
            k = 0o755
            l = 0b11010110
            m = 9223372036854775807
            n = -9223372036854775808
            o = +0
            p = -0
            """)
        let expected: [Int64] = [
            99, 42, 0, -17, 1000, 5_349_221, 12345, 0xDEADBEEF, 0xDEADBEEF, 0o1234567, 0o755, 0b11010110,
            .max, .min, 0, 0,
        ]
        #expect(doc.values(of: doc.keys).map(\.integer) == expected)
    }

    @Test func floats() throws {
        let doc = try parse(
            """
            a = +1.0
            b = 3.1415
            c = -0.01
            d = 5e+22
            e = 1e06
            f = -2E-2
            g = 6.626e-34
            h = 224_617.445_991_228
            i = inf
            j = +inf
            k = -inf
            l = nan
            m = +nan
            n = -nan
            o = -0.0
            p = 1e1000
            """)
        let values = doc.values(of: doc.keys).compactMap(\.float)
        #expect(values.count == 16)
        #expect(Array(values[0..<8]) == [1.0, 3.1415, -0.01, 5e22, 1e6, -0.02, 6.626e-34, 224617.445991228])
        #expect(Array(values[8..<11]) == [.infinity, .infinity, -.infinity])
        #expect(values[11].isNaN && values[12].isNaN && values[13].isNaN)
        #expect(values[14] == 0 && values[14].sign == .minus)
        #expect(values[15] == .infinity)  // as in Python: out-of-range exponents round to infinity
    }

    @Test(arguments: [
        ("a = 012", "leading zeros are not allowed in numbers"),
        ("a = 1__2", "invalid number"),
        ("a = _1", "invalid value"),
        ("a = 1_", "invalid number"),
        ("a = 0x", "invalid number"),
        ("a = 0x_1", "invalid number"),
        ("a = +0x1", "a sign is not allowed on a non-decimal integer"),
        ("a = 0b102", "invalid number"),
        ("a = 0XFF", "invalid number"),
        ("a = 1.", "invalid float"),
        ("a = 3.e+20", "invalid float"),
        ("a = 1e", "invalid float"),
        ("a = 1e_2", "invalid float"),
        ("a = .5", "invalid value"),
        ("a = 9223372036854775808", "integer out of range"),
        ("a = -9223372036854775809", "integer out of range"),
        ("a = 0x8000000000000000", "integer out of range"),
        ("a = infinity", "invalid value (strings must be quoted)"),
        ("a = 1.2.3", "invalid number"),
    ])
    func invalidNumbers(source: String, message: String) {
        #expect(parseError(source) == TOMLError(line: 1, column: 5, message: message))
    }

    @Test func booleans() throws {
        let doc = try parse("t = true\nf = false\narr = [true,false]\n")
        #expect(doc["t"]?.bool == true)
        #expect(doc["f"]?.bool == false)
        #expect(doc["arr"]?.array?.compactMap(\.bool) == [true, false])
        #expect(
            parseError("t = truex") == TOMLError(line: 1, column: 5, message: "invalid value (strings must be quoted)"))
        #expect(parseError("t = True")?.message == "invalid value (strings must be quoted)")
    }

    @Test func dateTimesKeepTheirSourceText() throws {
        let doc = try parse(
            """
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999-07:00
            odt4 = 1979-05-27 07:32:00Z
            ldt1 = 1979-05-27T07:32:00
            ldt2 = 1979-05-27t00:32:00.999999
            ld1 = 1979-05-27
            lt1 = 07:32:00
            lt2 = 00:32:00.999999
            leap = 2024-02-29
            """)
        #expect(doc["odt1"]?.kind == .datetime("1979-05-27T07:32:00Z"))
        #expect(doc["odt2"]?.datetime == "1979-05-27T00:32:00-07:00")
        #expect(doc["odt3"]?.datetime == "1979-05-27T00:32:00.999999-07:00")
        #expect(doc["odt4"]?.datetime == "1979-05-27 07:32:00Z")
        #expect(doc["ldt1"]?.datetime == "1979-05-27T07:32:00")
        #expect(doc["ldt2"]?.datetime == "1979-05-27t00:32:00.999999")
        #expect(doc["ld1"]?.datetime == "1979-05-27")
        #expect(doc["lt1"]?.datetime == "07:32:00")
        #expect(doc["lt2"]?.datetime == "00:32:00.999999")
        #expect(doc["leap"]?.datetime == "2024-02-29")
        #expect(doc["lt1"]?.string == nil)
    }

    @Test(arguments: [
        "d = 2023-02-29", "d = 1979-13-01", "d = 1979-05-32", "d = 1979-05-27T25:00:00",
        "d = 1979-05-27T07:32", "d = 1979-05-27T07:32:00+1:00", "d = 1979-05-27T07:32:00.Z",
        "d = 1979-5-27", "d = 0000-01-01",
    ])
    func invalidDateTimes(source: String) {
        #expect(parseError(source) == TOMLError(line: 1, column: 5, message: "invalid date-time"))
    }

    @Test func invalidTime() {
        #expect(parseError("t = 24:00:00") == TOMLError(line: 1, column: 5, message: "invalid time"))
        #expect(parseError("t = 07:32") == TOMLError(line: 1, column: 5, message: "invalid time"))
    }
}

extension TOMLTable {
    fileprivate func values(of keys: [String]) -> [TOMLValue] { keys.compactMap { self[$0] } }
}

// MARK: - Arrays

@Suite("TOML arrays")
struct TOMLArrayTests {
    @Test func elementsOfMultilineArraysKeepTheirLines() throws {
        let doc = try parse(
            """
            [project]
            dependencies = [
              "numpy>=1.26",
              "lib-one @ file:///home/alice/repo/libs/lib-one",
            ]
            """)
        let deps = try #require(doc["project", "dependencies"])
        #expect(deps.line == 2)
        let elements = try #require(deps.array)
        #expect(elements.map(\.string) == ["numpy>=1.26", "lib-one @ file:///home/alice/repo/libs/lib-one"])
        #expect(elements.map(\.line) == [3, 4])
    }

    @Test func trailingCommasCommentsAndNesting() throws {
        let doc = try parse(
            """
            a = [ # opening comment
              1, # one
              # a line of its own
              2,

              [3, [4, "five"]],
              { six = 6 },   # inline table element
            ]
            empty = []
            blank = [

            ]
            mixed = [1, 2.5, "s", true, 1979-05-27]
            after = 1
            """)
        let a = try #require(doc["a"]?.array)
        #expect(a.count == 4)
        #expect(a.map(\.line) == [2, 4, 6, 7])
        #expect(a[2].array?[1].array?[1].string == "five")
        #expect(a[3].table?["six"]?.integer == 6)
        #expect(a[3].table?.line == 7)
        #expect(doc["empty"]?.array == [])
        #expect(doc["blank"]?.array == [])
        #expect(doc["mixed"]?.array?.count == 5)
        #expect(doc["after"]?.line == 14)
    }

    @Test func arrayErrors() {
        #expect(
            parseError("a = [1 2]") == TOMLError(line: 1, column: 8, message: "expected ',' or ']' after array element")
        )
        #expect(parseError("a = [1,\n2,\n") == TOMLError(line: 1, column: 5, message: "unterminated array"))
        #expect(parseError("a = [,]") == TOMLError(line: 1, column: 6, message: "invalid value"))
        #expect(parseError("a = [1,,2]")?.message == "invalid value")
        let deep = "a = " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(parseError(deep)?.message == "arrays and inline tables nested too deeply")
    }

    /// Issue #16: a dotted key or table header of 20,000 parts overflowed the stack (a Swift
    /// trap, signal 11) when its tables were turned into values. Paths of tables are now held to
    /// the depth arrays and inline tables have, counted together.
    @Test(arguments: [
        "a" + String(repeating: ".a", count: 20_000) + " = 1",
        "[" + String(repeating: "a.", count: 20_000) + "a]",
        "[[" + String(repeating: "a.", count: 20_000) + "a]]",
    ])
    func deepPathsOfTablesAreAnErrorNotATrap(_ text: String) {
        let error = parseError("[project]\nname = \"deep\"\n" + text)
        #expect(error?.line == 3)
        #expect(error?.message.hasSuffix("nested too deeply") == true, "\(String(describing: error))")
    }

    /// 128 tables deep, as deep as arrays may nest, still parses; one more does not.
    @Test func pathsOfTablesUpToTheLimitParse() throws {
        let tables = (1...128).map { "k\($0)" }.joined(separator: ".")
        #expect(parseError(tables + ".value = 1") == nil)
        #expect(parseError("[" + tables + "]") == nil)
        #expect(parseError(tables + ".over.value = 1")?.message == "tables nested too deeply")
        #expect(parseError("[" + tables + ".over]")?.message == "tables nested too deeply")
        // An inline table becomes a value at its `}`: its dotted keys count from its own depth.
        let nested =
            String(repeating: "{ a.a.a.a.a.a.a.a.a.a = ", count: 100) + "1" + String(repeating: " }", count: 100)
        #expect(parseError("x = " + nested) == nil)
    }
}

// MARK: - Tables

@Suite("TOML tables")
struct TOMLTableTests {
    @Test func poetryDependenciesWithInlineTables() throws {
        let doc = try parse(
            """
            [tool.poetry]
            name = "demo"

            [tool.poetry.dependencies]
            python = "^3.10"
            requests = { version = "^2.31", extras = ["socks"] }
            lib-one = { path = "../lib-one", develop = true }
            lib-two = {
                path = "../lib-two",   # TOML 1.1 style, accepted leniently
                develop = false,
            }
            """)
        let deps = try #require(doc["tool", "poetry", "dependencies"]?.table)
        #expect(deps.line == 4)
        #expect(deps.keys == ["python", "requests", "lib-one", "lib-two"])
        #expect(deps.entries.map(\.value.line) == [5, 6, 7, 8])
        #expect(deps["requests"]?.table?["version"]?.string == "^2.31")
        #expect(deps["requests"]?.table?["extras"]?.array?.first?.line == 6)
        #expect(deps["lib-one", "path"]?.string == "../lib-one")
        #expect(deps["lib-one", "develop"]?.bool == true)
        #expect(deps["lib-two"]?.table?.line == 8)
        #expect(deps["lib-two", "path"]?.line == 9)
        #expect(deps["lib-two", "develop"]?.line == 10)
        #expect(doc["tool"]?.line == 1)  // implicitly created by [tool.poetry]
        #expect(doc["tool", "poetry"]?.line == 1)
    }

    @Test func tableLines() throws {
        let doc = try parse(
            """
            title = "x"
            [a.b.c]
            k = 1
            [a]
            site."google.com" = true
            [d]
            """)
        #expect(doc.line == 1)
        #expect(doc["a"]?.line == 4)  // created implicitly on line 2, defined by its header on line 4
        #expect(doc["a"]?.table?.line == 4)
        #expect(doc["a", "b"]?.line == 2)
        #expect(doc["a", "b", "c"]?.line == 2)
        #expect(doc["a", "site"]?.line == 5)  // created by a dotted key
        #expect(doc["a", "site", "google.com"]?.bool == true)
        #expect(doc["d"]?.table == TOMLTable())
        #expect(doc["d"]?.line == 6)
        #expect(doc.keys == ["title", "a", "d"])
        #expect(doc["a"]?.table?.keys == ["b", "site"])
    }

    @Test func dottedKeysAndSubtablesCanMix() throws {
        let doc = try parse(
            """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true
            """)
        #expect(doc["fruit", "apple", "color"]?.string == "red")
        #expect(doc["fruit", "apple", "taste", "sweet"]?.bool == true)
        #expect(doc["fruit", "apple", "texture", "smooth"]?.bool == true)
    }

    @Test func arraysOfTables() throws {
        let doc = try parse(
            """
            [[products]]
            name = "Hammer"

            [[products]]  # empty element

            [[products]]
            name = "Nail"
            [products.details]
            size = 3
            [[products.variants]]
            color = "grey"
            """)
        let products = try #require(doc["products"]?.array)
        #expect(doc["products"]?.line == 1)
        #expect(products.map(\.line) == [1, 4, 6])
        #expect(products[0].table?["name"]?.string == "Hammer")
        #expect(products[1].table?.isEmpty == true)
        #expect(products[2].table?["details", "size"]?.integer == 3)
        #expect(products[2].table?["variants"]?.array?.first?.table?["color"]?.string == "grey")
    }

    @Test func inlineTables() throws {
        let doc = try parse(
            """
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            animal = { type.name = "pug", type.size = "small" }
            nested = { a = { b = { c = 1 } } }
            empty = {}
            """)
        #expect(doc["name"]?.table?.keys == ["first", "last"])
        #expect(doc["point", "y"]?.integer == 2)
        #expect(doc["animal", "type", "name"]?.string == "pug")
        #expect(doc["animal", "type", "size"]?.string == "small")
        #expect(doc["nested", "a", "b", "c"]?.integer == 1)
        #expect(doc["empty"]?.table?.isEmpty == true)
        #expect(doc["nested"]?.table?.line == 4)
    }

    @Test func documentsWithBOMCRLFAndNothing() throws {
        let doc = try parse("\u{FEFF}# comment\r\n[project]\r\nname = \"x\" # trailing\r\nversion = '1'\r\n")
        #expect(doc["project", "name"]?.string == "x")
        #expect(doc["project", "version"]?.line == 4)
        #expect(try parse("") == TOMLTable())
        #expect(try parse("\n\n# only comments\n   \n\t# again") == TOMLTable())
        // The BOM is not counted as a column.
        #expect(parseError("\u{FEFF}a = ?") == TOMLError(line: 1, column: 5, message: "invalid value"))
    }

    @Test func equalityComparesKeysAndValuesButNotTableLines() throws {
        let one = try parse("a = 1\nb = nan\n[t]\nx = 1")
        let same = try parse("a = 1\nb = nan\n[t]\nx = 1")
        #expect(one == same)  // nan counts as equal to nan
        #expect(
            TOMLTable([(key: "a", value: TOMLValue(.integer(1), line: 1))], line: 1)
                == TOMLTable([(key: "a", value: TOMLValue(.integer(1), line: 1))], line: 9))
        #expect(try parse("a = 1\nb = 2") != parse("b = 2\na = 1"))  // order matters
        #expect(try parse("a = 1") != parse("\na = 1"))  // value lines matter
        let built = TOMLTable([
            (key: "a", value: TOMLValue(.integer(1), line: 1)), (key: "a", value: TOMLValue(.integer(2), line: 1)),
        ])
        #expect(built.keys == ["a"] && built["a"]?.integer == 2)
    }
}

// MARK: - Errors

@Suite("TOML errors")
struct TOMLErrorTests {
    @Test(arguments: [
        // Missing '=' and bad keys.
        ("name \"x\"", 1, 6, "expected '=' after key"),
        ("[a]\nb", 2, 2, "expected '=' after key"),
        ("= 1", 1, 1, "expected a key, found '='"),
        ("a.  = 1", 1, 5, "expected a key, found '='"),
        ("[]", 1, 2, "expected a key, found ']'"),
        ("[a", 1, 3, "expected ']' to close the table header"),
        ("[[a]", 1, 4, "expected ']]' to close the array-of-tables header"),
        ("[[a] ]", 1, 4, "expected ']]' to close the array-of-tables header"),
        // Duplicate keys.
        ("name = 1\nname = 2", 2, 1, "duplicate key 'name'"),
        ("a.b = 1\na.b = 2", 2, 3, "duplicate key 'a.b'"),
        ("[t]\n\"k.x\" = 1\n'k.x' = 2", 3, 1, "duplicate key 't.\"k.x\"'"),
        ("p = { a = 1, a = 2 }", 1, 14, "duplicate key 'a'"),
        ("[a.b]\n[a]\nb = 1", 3, 1, "duplicate key 'a.b'"),
        // Redefined tables.
        ("[a]\nx = 1\n[a]", 3, 2, "table 'a' is already defined"),
        ("[a.b]\n[a.b]", 2, 4, "table 'a.b' is already defined"),
        ("[a]\nb.c = 1\n[a.b]", 3, 4, "table 'a.b' is already defined"),
        ("a.b.c = 1\n[a]", 2, 2, "table 'a' is already defined"),
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 3, "table 'a.b.c' is already defined"),
        ("[x]\ny.z = 1\n[w]\n[x.y.q]\n[x]", 5, 2, "table 'x' is already defined"),
        ("[[a]]\n[a]", 2, 2, "'a' is already defined as an array of tables"),
        ("[a]\n[[a]]", 2, 3, "'a' is already defined as a table, not an array of tables"),
        ("[[a]]\nb.c = 1\n[a]", 3, 2, "'a' is already defined as an array of tables"),
        ("[a]\n[[a.b]]\n[a]\nb.x = 1", 3, 2, "table 'a' is already defined"),
        (
            "[[fruit]]\n[fruit.variety]\n[[fruit]]\n[fruit.variety]\n[fruit.variety]", 5, 8,
            "table 'fruit.variety' is already defined"
        ),
        // Extending inline tables and static arrays.
        ("a = { b = 1 }\n[a]", 2, 2, "cannot extend inline table 'a'"),
        ("a = { b = 1 }\na.c = 2", 2, 1, "cannot extend inline table 'a'"),
        ("a = { b = 1 }\n[a.c]", 2, 2, "cannot extend inline table 'a'"),
        ("a = { b = { c = 1 }, b.d = 2 }", 1, 22, "cannot extend inline table 'b'"),
        ("a = []\n[[a]]", 2, 3, "cannot extend static array 'a'"),
        ("a = [{}]\n[a.b]", 2, 2, "cannot extend static array 'a'"),
        ("a = 1\na.b = 2", 2, 1, "key 'a' already has a value that is not a table"),
        ("a = 1\n[a.b]", 2, 2, "key 'a' already has a value that is not a table"),
        ("[[a]]\n[b]\n[[a.c]]\n[a]\n", 4, 2, "'a' is already defined as an array of tables"),
        ("[[a]]\nx = 1\nx = 2", 3, 1, "duplicate key 'a.x'"),
    ])
    func structuralErrors(source: String, line: Int, column: Int, message: String) {
        #expect(parseError(source) == TOMLError(line: line, column: column, message: message), "\(source)")
    }

    @Test(arguments: [
        // Invalid values.
        ("a = ", 1, 5, "expected a value"),
        ("a = # comment", 1, 5, "expected a value"),
        ("a = @", 1, 5, "invalid value"),
        ("a = hello", 1, 5, "invalid value (strings must be quoted)"),
        // Unterminated strings point at the opening quote.
        ("a = \"abc", 1, 5, "unterminated string"),
        ("\nb = 'abc\nc = 1", 2, 5, "unterminated string"),
        ("k = 1\na = \"\"\"abc\n\ndef", 2, 5, "unterminated multi-line string"),
        ("a = '''abc", 1, 5, "unterminated multi-line string"),
        ("\"key = 1", 1, 1, "unterminated string"),
        // Garbage after values and headers.
        ("a = 1 2", 1, 7, "unexpected text after value"),
        ("a = \"x\" y", 1, 9, "unexpected text after value"),
        ("a = \"\"\"x\"\"\"\"\"\"", 1, 14, "unexpected text after value"),
        ("a = true false", 1, 10, "unexpected text after value"),
        ("[a] b = 1", 1, 5, "unexpected text after table header"),
        ("a = 1 # ok\nb = [1] ]", 2, 9, "unexpected text after value"),
        // Inline tables.
        ("a = { b = 1", 1, 5, "unterminated inline table"),
        ("a = { b = 1 c = 2 }", 1, 13, "expected ',' or '}' after inline table entry"),
        ("a = { , }", 1, 7, "expected a key, found ','"),
        // Line endings.
        ("a = 1\rb = 2", 1, 6, "carriage return not followed by a line feed"),
    ])
    func lexicalErrors(source: String, line: Int, column: Int, message: String) {
        #expect(parseError(source) == TOMLError(line: line, column: column, message: message), "\(source)")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(
            parseError("\"é\" = \"日本\" x") == TOMLError(line: 1, column: 12, message: "unexpected text after value"))
        #expect(parseError("a = ü") == TOMLError(line: 1, column: 5, message: "invalid value"))
        #expect(parseError("ü = 1") == TOMLError(line: 1, column: 1, message: "expected a key, found 'ü'"))
    }

    @Test func descriptionHasLineAndColumn() {
        let error = TOMLError(line: 3, column: 7, message: "duplicate key 'name'")
        #expect(error.description == "line 3, column 7: duplicate key 'name'")
    }
}

// MARK: - Oracle: Python's tomllib

/// Both parsers' results in one canonical, JSON-like shape.
///
/// Datetimes are compared in the text Python's `str()` gives them: our parser keeps the source
/// text, so it is normalized here (`T`/`t` → space, `Z`/`z`/`-00:00` → `+00:00`, fractions cut or
/// padded to the 6 digits Python keeps, dropped when zero). Floats compare numerically (NaN equals
/// NaN, and the sign of zero counts). Tables compare with their keys in order, since both sides
/// keep document order.
private indirect enum Canon {
    case string(String)
    case integer(String)
    case float(Double)
    case bool(Bool)
    case datetime(String)
    case array([Canon])
    case table([(String, Canon)])

    init(_ value: TOMLValue) {
        switch value.kind {
        case .string(let text): self = .string(text)
        case .integer(let number): self = .integer(String(number))
        case .float(let number): self = .float(number)
        case .boolean(let flag): self = .bool(flag)
        case .datetime(let text): self = .datetime(Canon.pythonStyle(datetime: text))
        case .array(let elements): self = .array(elements.map(Canon.init))
        case .table(let table): self = Canon(table)
        }
    }

    init(_ table: TOMLTable) {
        self = .table(table.entries.map { ($0.key, Canon($0.value)) })
    }

    /// Decodes the tagged JSON the oracle script prints (`{"s": ...}`, `{"t": [[key, value]]}`...).
    init?(json: Any) {
        guard let object = json as? [String: Any], object.count == 1, let (tag, payload) = object.first else {
            return nil
        }
        switch tag {
        case "s":
            guard let text = payload as? String else { return nil }
            self = .string(text)
        case "i":
            guard let text = payload as? String else { return nil }
            self = .integer(text)
        case "f":
            guard let text = payload as? String, let number = Double(text) else { return nil }
            self = .float(number)
        case "b":
            guard let flag = payload as? Bool else { return nil }
            self = .bool(flag)
        case "d":
            guard let text = payload as? String else { return nil }
            self = .datetime(text)
        case "a":
            guard let items = payload as? [Any] else { return nil }
            var elements: [Canon] = []
            for item in items {
                guard let element = Canon(json: item) else { return nil }
                elements.append(element)
            }
            self = .array(elements)
        case "t":
            guard let pairs = payload as? [[Any]] else { return nil }
            var entries: [(String, Canon)] = []
            for pair in pairs {
                guard pair.count == 2, let key = pair[0] as? String, let value = Canon(json: pair[1]) else {
                    return nil
                }
                entries.append((key, value))
            }
            self = .table(entries)
        default: return nil
        }
    }

    /// The first place where `self` (ours) and `other` (Python's) differ, or nil.
    func difference(from other: Canon, at path: String = "$") -> String? {
        switch (self, other) {
        case let (.string(a), .string(b)) where a == b: return nil
        case let (.integer(a), .integer(b)) where a == b: return nil
        case let (.bool(a), .bool(b)) where a == b: return nil
        case let (.datetime(a), .datetime(b)) where a == b: return nil
        case let (.float(a), .float(b)) where (a.isNaN && b.isNaN) || (a == b && a.sign == b.sign): return nil
        case let (.array(a), .array(b)):
            guard a.count == b.count else { return "\(path): \(a.count) elements, Python has \(b.count)" }
            for (offset, pair) in zip(a, b).enumerated() {
                if let found = pair.0.difference(from: pair.1, at: "\(path)[\(offset)]") { return found }
            }
            return nil
        case let (.table(a), .table(b)):
            guard a.map(\.0) == b.map(\.0) else { return "\(path): keys \(a.map(\.0)), Python has \(b.map(\.0))" }
            for (left, right) in zip(a, b) {
                if let found = left.1.difference(from: right.1, at: "\(path).\(left.0)") { return found }
            }
            return nil
        default:
            return "\(path): ours \(self), Python's \(other)"
        }
    }

    static func pythonStyle(datetime text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        if scalars.count > 2, scalars[2] == ":" { return pythonStyle(time: String(String.UnicodeScalarView(scalars))) }
        let date = String(String.UnicodeScalarView(scalars.prefix(10)))
        guard scalars.count > 10 else { return date }
        let rest = Array(scalars.dropFirst(11))
        let offsetStart = rest.indices.first { $0 >= 8 && "Zz+-".unicodeScalars.contains(rest[$0]) } ?? rest.count
        let time = pythonStyle(time: String(String.UnicodeScalarView(rest[..<offsetStart])))
        var offset = String(String.UnicodeScalarView(rest[offsetStart...]))
        if offset == "Z" || offset == "z" || offset == "-00:00" { offset = "+00:00" }
        return date + " " + time + offset
    }

    private static func pythonStyle(time: String) -> String {
        let parts = time.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else { return time }
        var fraction = String(parts[1].prefix(6))
        fraction += String(repeating: "0", count: 6 - fraction.count)
        return fraction == "000000" ? String(parts[0]) : "\(parts[0]).\(fraction)"
    }
}

/// What Python's tomllib made of one file.
private enum OracleResult {
    case value(Canon)
    case error(message: String, line: Int?)
}

/// Runs Python's tomllib over files, in one process for all of them.
private enum Oracle {
    static let script = #"""
        import datetime, json, re, sys, tomllib

        def canon(v):
            if isinstance(v, bool): return {"b": v}
            if isinstance(v, int): return {"i": str(v)}
            if isinstance(v, float): return {"f": repr(v)}
            if isinstance(v, str): return {"s": v}
            if isinstance(v, (datetime.datetime, datetime.date, datetime.time)): return {"d": str(v)}
            if isinstance(v, list): return {"a": [canon(x) for x in v]}
            if isinstance(v, dict): return {"t": [[k, canon(x)] for k, x in v.items()]}
            raise TypeError(type(v))

        results = []
        for path in sys.argv[1:]:
            # tomllib rejects a BOM; Trellis accepts one, so strip it before comparing.
            text = open(path, "rb").read().decode("utf-8").removeprefix("\ufeff")
            try:
                results.append({"value": canon(tomllib.loads(text))})
            except tomllib.TOMLDecodeError as e:
                m = re.search(r"at line (\d+), column (\d+)", str(e))
                results.append({"error": str(e), "line": int(m.group(1)) if m else None})
        json.dump(results, sys.stdout)
        """#

    /// Python's results for `paths`, or nil with a printed reason when python3 with tomllib
    /// cannot be run here (the oracle is a cross-check, not something the build depends on).
    static func run(_ paths: [String]) throws -> [OracleResult]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            print("TOML oracle skipped: cannot start python3 (\(error))")
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            print("TOML oracle skipped: python3 with tomllib failed: \(errorText.suffix(300))")
            return nil
        }
        let decoded = try JSONSerialization.jsonObject(with: data)
        let items = try #require(decoded as? [[String: Any]])
        return try items.map { item in
            if let value = item["value"] {
                return .value(try #require(Canon(json: value), "undecodable oracle output"))
            }
            return .error(message: item["error"] as? String ?? "?", line: item["line"] as? Int)
        }
    }

    /// Parses every file with both parsers and records an issue for each disagreement.
    /// Returns how many files produced values and how many were rejected by both.
    @discardableResult
    static func compare(files: [URL], checkErrorLines: Bool) throws -> (values: Int, errors: Int)? {
        guard let expected = try run(files.map(\.path)) else { return nil }
        try #require(expected.count == files.count)
        var counts = (values: 0, errors: 0)
        for (file, python) in zip(files, expected) {
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            let ours = Result { () throws(TOMLError) -> TOMLTable in try TOMLParser.parse(text) }
            switch (ours, python) {
            case let (.success(table), .value(canon)):
                counts.values += 1
                if let difference = Canon(table).difference(from: canon) {
                    Issue.record("\(file.path): \(difference)")
                }
            case let (.failure(error), .error(_, pythonLine)):
                counts.errors += 1
                if checkErrorLines, let pythonLine {
                    #expect(error.line == pythonLine, "\(file.path): we say \(error), Python says line \(pythonLine)")
                }
            case let (.success, .error(message, _)):
                Issue.record("\(file.path): we accept it, Python says \(message)")
            case let (.failure(error), .value):
                Issue.record("\(file.path): we reject it (\(error)), Python accepts it")
            }
        }
        return counts
    }
}

@Suite("TOML oracle")
struct TOMLOracleTests {
    /// `<repo root>/../shared/corpus`; the repo root is three levels above this file.
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpus").standardizedFileURL

    /// Surprises in the real manifests:
    /// - autogen's `python/templates/new-package/{{cookiecutter.package_name}}/pyproject.toml`
    ///   is a Jinja template (`{%- if ... -%}` inside `dependencies = [...]`), so it is not TOML
    ///   at all; both parsers reject it at line 18, where `{%` opens what looks like an inline
    ///   table. A scan has to report such a file and carry on.
    /// - langgraph's `libs/cli/tests/unit_tests/cli/pyproject.toml` is an empty file, which is a
    ///   valid, empty document.
    /// - Keys such as `".github/scripts/ci_duration.py" = ["D"]` (ruff per-file ignores) are
    ///   quoted keys with dots inside, not dotted keys.
    @Test func corpusMatchesPythonTomllib() throws {
        guard FileManager.default.fileExists(atPath: Self.corpus.path) else {
            print("TOML corpus oracle skipped: no corpus at \(Self.corpus.path)")
            return
        }
        var files: [URL] = []
        let walker = FileManager.default.enumerator(at: Self.corpus, includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL {
            if file.pathExtension == "toml" { files.append(file) }
        }
        files.sort { $0.path < $1.path }
        try #require(!files.isEmpty, "no .toml files under \(Self.corpus.path)")
        guard let counts = try Oracle.compare(files: files, checkErrorLines: true) else { return }
        print(
            "TOML corpus oracle: \(counts.values) files parsed by both and compared, \(counts.errors) rejected by both")
        #expect(counts.values > counts.errors)
    }

    static let trickyValid: [String] = [
        // Strings of every kind, escapes and multi-line edge cases.
        #"""
        a = "tab\there \"quoted\" \\ \u00e9 \U0001F600"
        b = 'C:\Users\literal'
        c = """
        first line dropped newline
          keeps indent\
             trims this"""
        d = '''
        raw \n stays'''
        e = """""five"""""
        f = ''''four''''
        "quoted.key" = 1
        'single quoted' = 2
        "" = 3
        g = """a\
            \
            b"""
        """#,
        // Numbers at the edges.
        """
        i1 = 9_223_372_036_854_775_807
        i2 = -9223372036854775808
        i3 = 0xDEAD_beef
        i4 = 0o7_7
        i5 = 0b1_0
        i6 = +0
        f1 = 1e-7
        f2 = 6.02214076e23
        f3 = -0.0
        f4 = +inf
        f5 = -nan
        f6 = 1_000.000_1
        f7 = 1E+300
        f8 = 0.1
        """,
        // Date-times, including the ones Python's str() rewrites.
        """
        d1 = 1979-05-27T07:32:00Z
        d2 = 1979-05-27t07:32:00.5z
        d3 = 1979-05-27 00:32:00.999999999-07:00
        d4 = 1979-05-27T07:32:00-00:00
        d5 = 1979-05-27T07:32:00.000
        d6 = 1979-05-27
        d7 = 23:59:59.1234567
        d8 = 00:00:00
        d9 = 2000-02-29T12:00:00+05:30
        """,
        // Tables in every arrangement: implicit, dotted, arrays of tables, order of keys.
        """
        top = 1
        [x.y.z.w]
        [x]
        k = 1
        [a]
        b.c.d = 1
        b.e = 2
        [a.b.f]
        g = 3
        [[arr]]
        n = 1
        [arr.sub]
        m = 1
        [[arr.list]]
        q = 1
        [[arr]]
        [[arr]]
        n = 3
        [z]
        inline = { a.b = 1, c = [1, { d = 2 }] }
        nested = [[1, 2], ["a", 'b'], [[[]]]]
        """,
        // Comments and whitespace everywhere they may go, and CRLF line ends.
        "# header comment\r\n[ table ]  # after header\r\n\tkey\t=\t\"v\"\t# after value\r\narr = [  # open\r\n  1,  # one\r\n\r\n  # alone\r\n  2  # two\r\n  ,]\r\n[[ aot ]]\r\n",
        // Unicode in keys, values and comments.
        "\"ключ\" = \"значение\" # комментарий — ok\n'日本' = '語'\n[\"é\".'ü']\nx = \"\\u00FC\"\n",
        // A BOM at the start.
        "\u{FEFF}name = \"bom\"\n",
    ]

    static let trickyInvalid: [String] = [
        "a = 1\na = 2",
        "[a]\n[a]",
        "a = {b = 1}\n[a]",
        "a = {b = 1}\na.c = 1",
        "a = []\n[[a]]",
        "[a]\nb.c = 1\n[a.b]",
        "a.b.c = 1\n[a]",
        "[a.b.c]\n[a]\nb.c.d = 1",
        "a = \"\\x41\"",
        "a = \"unterminated",
        "a = 1 garbage",
        "a = 012",
        "a = 1__0",
        "a = 0x",
        "a = 2023-02-29",
        "a = 25:00:00",
        "a = 1979-05-27T07:32",
        "a = [1 2]",
        "a = \"\u{1}\"",
        "# \u{7F}\n",
        "a = 1\rb = 2",
        "[[a]]\n[a]",
        "a = { b = 1 c = 2 }",
        "a = tru",
        "a = \"\"\"x\"\"\"\"\"\"",
    ]

    @Test func trickyDocumentsMatchPythonTomllib() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("trellis-toml-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var valid: [URL] = []
        for (offset, text) in Self.trickyValid.enumerated() {
            let file = folder.appendingPathComponent("valid-\(offset).toml")
            try Data(text.utf8).write(to: file)
            valid.append(file)
        }
        var invalid: [URL] = []
        for (offset, text) in Self.trickyInvalid.enumerated() {
            let file = folder.appendingPathComponent("invalid-\(offset).toml")
            try Data(text.utf8).write(to: file)
            invalid.append(file)
        }
        guard let validCounts = try Oracle.compare(files: valid, checkErrorLines: false),
            let invalidCounts = try Oracle.compare(files: invalid, checkErrorLines: true)
        else { return }
        #expect(validCounts.values == Self.trickyValid.count)
        #expect(invalidCounts.errors == Self.trickyInvalid.count)
    }

    @Test func datetimeNormalizationMatchesPythonStr() {
        #expect(Canon.pythonStyle(datetime: "1979-05-27T07:32:00Z") == "1979-05-27 07:32:00+00:00")
        #expect(Canon.pythonStyle(datetime: "1979-05-27t00:32:00.5-07:00") == "1979-05-27 00:32:00.500000-07:00")
        #expect(Canon.pythonStyle(datetime: "1979-05-27 00:32:00.000") == "1979-05-27 00:32:00")
        #expect(Canon.pythonStyle(datetime: "07:32:00.1234567") == "07:32:00.123456")
        #expect(Canon.pythonStyle(datetime: "1979-05-27") == "1979-05-27")
    }
}
