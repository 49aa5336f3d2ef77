import Testing

@testable import TrellisCore

/// The import tokenizer on inputs that trip naive readers: strings and docstrings that look like
/// imports, continuation lines, parentheses, relative imports, and the blocks that mark imports
/// typing-only or optional.
@Suite struct PythonImportReaderTests {
    func read(_ source: String) -> [String] {
        PythonImportReader.imports(in: source).map { entry in
            let dots = String(repeating: ".", count: entry.level)
            let names = entry.names.isEmpty ? "" : " [\(entry.names.joined(separator: ","))]"
            let marks = (entry.typingOnly ? " typing" : "") + (entry.optional ? " optional" : "")
            return "\(entry.line): \(dots)\(entry.module)\(names)\(marks)"
        }
    }

    @Test func plainFormsWithAliasesAndSeveralModules() {
        let source = """
            import a.b as c, d
            from e.f import g as h, i
            import j; from k import l
            """
        #expect(read(source) == ["1: a.b", "1: d", "2: e.f [g,i]", "3: j", "3: k [l]"])
    }

    @Test func relativeImportsKeepTheirLevel() {
        let source = """
            from . import sibling
            from ..pkg.mod import name
            from .... import far
            """
        #expect(read(source) == ["1: . [sibling]", "2: ..pkg.mod [name]", "3: .... [far]"])
    }

    @Test func parenthesesAndBackslashContinuationsJoinLines() {
        let source = """
            from a import (
                b,  # a comment inside
                c as d,
            )
            import e.f, \\
                g
            x = 1
            from h \\
                import i
            """
        #expect(read(source) == ["1: a [b,c]", "5: e.f", "5: g", "8: h [i]"])
    }

    @Test func stringsDocstringsAndCommentsAreSkipped() {
        let source = #"""
            """Module docstring.
            import not_this
            from nor import this
            """
            # import commented_out
            s = 'import quoted'; t = "from x import y"
            u = f"{'import nested'}" + rb'import raw\' still' + b"\"import escaped"
            text = '''
            import in_triple_single
            '''
            import real  # import after_comment
            """#
        #expect(read(source) == ["11: real"])
    }

    @Test func importWordsInsideOtherStatementsAreNoImports() {
        let source = """
            important = 1
            fromage = important
            print("x"); x.import_thing()
            def f(): return 1
            from_ = 2
            """
        #expect(read(source).isEmpty)
    }

    @Test func typeCheckingBlocksAreTypingOnlyAndTheirElseIsNot() {
        let source = """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from a import A
                import b
            else:
                import c
            if typing.TYPE_CHECKING: import d
            import e
            if not TYPE_CHECKING:
                import f
            """
        #expect(
            read(source) == [
                "1: typing [TYPE_CHECKING]", "3: a [A] typing", "4: b typing", "6: c", "7: d typing", "8: e", "10: f",
            ])
    }

    @Test func tryExceptImportErrorMarksBothTheBodyAndTheFallback() {
        let source = """
            try:
                import fast
            except ImportError:
                import slow
            try:
                import needed
            except ValueError:
                pass
            try:
                import a
            except (ModuleNotFoundError, OSError):
                a = None
            try: import one_line
            except ImportError: pass
            import after
            """
        #expect(
            read(source) == [
                "2: fast optional", "4: slow optional", "6: needed", "10: a optional", "13: one_line optional",
                "15: after",
            ])
    }

    @Test func nestedImportsInFunctionsStillCount() {
        let source = """
            def load():
                import lazy
                if True:
                    from deep.er import x
                return lazy
            class C:
                from inner import y
            """
        #expect(read(source) == ["2: lazy", "4: deep.er [x]", "7: inner [y]"])
    }

    @Test func futureImportsAndBrokenStatementsAreLeftOut() {
        let source = """
            from __future__ import annotations
            from import x
            import
            from . import (
            """
        #expect(read(source) == ["4: ."])
    }

    @Test func crlfLineEndsAndTabsCountLines() {
        let source = "import a\r\n\tif TYPE_CHECKING:\r\n\t\timport b\r\nimport c\r\n"
        #expect(read(source) == ["1: a", "3: b typing", "4: c"])
    }

    /// Statements that start with no keyword are skimmed (their tokens are not kept), but a `;`
    /// outside brackets and strings starts a new statement that is read again.
    @Test func aStatementAfterASemicolonIsReadEvenWhenTheFirstIsSkimmed() {
        let source = """
            x = foo(1,
                    2); import after_call
            print("a;b"); from y import z
            d = {"k": (1, ";")}; import e
            value = "import no"; text = 'from no import way'
            """
        #expect(read(source) == ["1: after_call", "3: y [z]", "4: e"])
    }
}
