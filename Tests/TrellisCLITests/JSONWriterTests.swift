import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@testable import TrellisCLI

/// Each shape that writes its own JSON (`JSONWritable`) prints what Foundation's `JSONEncoder`
/// prints for the same value with the CLI's options, byte for byte: Foundation is the oracle,
/// so a key out of order, a missing `null`, a key that should be left out, or a string escaped
/// differently fails here.
@Suite struct JSONWriterTests {
    func foundation(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = JSONRenderer.formatting
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every byte Foundation escapes, some it does not (DEL, `/`, U+2028), and multi-byte text.
    static let hostile =
        "quote \" backslash \\ slash / del \u{7f} é 𝄞 \u{2028} <script>"
        + String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))

    @Test func moduleListsPrintAsFoundationPrintsThem() throws {
        let modules = [
            Module.test("lib-one"),
            Module.test(Self.hostile, path: "libs/\(Self.hostile)", version: nil, kind: .project),
        ]
        #expect(JSONWriter.text(modules.map(ModuleJSON.init)) == (try foundation(modules.map(ModuleJSON.init))))

        var entries = modules.map(ModuleEntryJSON.init)
        entries.append(ModuleEntryJSON(DependencyGraph.Reached(module: modules[1], depth: 3), via: Self.hostile))
        var every = ModuleEntryJSON(modules[0])
        (every.depth, every.via, every.level, every.reason) = (-1, "name", 0, "changed")
        entries.append(every)
        #expect(JSONWriter.text(entries) == (try foundation(entries)))
        #expect(JSONWriter.text([ModuleEntryJSON]()) == (try foundation([ModuleEntryJSON]())))
    }

    @Test func graphNodesAndEdgesPrintAsFoundationPrintsThem() throws {
        let nodes = [
            GraphJSON.Node(name: "a", path: "libs/a", version: "1.0", kind: "lib", focus: true, highlighted: false),
            GraphJSON.Node(
                name: Self.hostile, path: nil, version: nil, kind: "external", focus: false, highlighted: true),
        ]
        let edges = [
            GraphJSON.Edge(
                from: "a", to: Self.hostile, fromPath: "libs/a", toPath: nil, group: "dev", editable: false,
                optional: true, highlighted: false, specifier: ">=1,<2"),
            GraphJSON.Edge(
                from: "b", to: "a", fromPath: "b", toPath: "libs/a", group: "main", editable: true, optional: false,
                highlighted: true, specifier: nil),
        ]
        #expect(JSONWriter.text(nodes) == (try foundation(nodes)))
        #expect(JSONWriter.text(edges) == (try foundation(edges)))
    }

    @Test func theRendererWritesWritableShapesItselfAndTheRestThroughFoundation() throws {
        var text = ""
        try JSONRenderer.render(["b": [1], "a": []], into: &text)
        #expect(text == (try foundation(["b": [1], "a": []])) + "\n")
        text = ""
        let entries = (0..<2_000).map { ModuleEntryJSON(Module.test("lib-\($0)")) }
        try JSONRenderer.render(entries, into: &text)
        #expect(text == (try foundation(entries)) + "\n")
    }
}
