import Foundation
import Testing
@testable import TrellisCLI
import TrellisCore
import TrellisTestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG Trellis draws itself (`--layout layered`, and `auto` above `GraphLayout.dotLimit`
/// nodes): well-formed XML with the element ids and classes the HTML explorer looks for,
/// every name escaped, and the switch from Graphviz at the documented size.
@Suite struct LayeredSVGTests {
    func svg(_ slice: GraphSlice) -> String {
        var text = ""
        LayeredSVGRenderer.render(slice, into: &text)
        return text
    }

    /// The elements of `xml`, in order, with their attributes; nil when it is not well-formed.
    final class Elements: NSObject, XMLParserDelegate {
        var found: [(name: String, attributes: [String: String])] = []
        var titles: [String] = []
        private var inTitle = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            found.append((name, attributes))
            if name == "title" {
                inTitle = true
                titles.append("")
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { inTitle = false }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { titles[titles.count - 1] += string }
        }

        static func parse(_ xml: String) -> Elements? {
            let elements = Elements()
            let parser = XMLParser(data: Data(xml.utf8))
            parser.delegate = elements
            return parser.parse() ? elements : nil
        }
    }

    @Test func everyModuleEdgeAndPackageHasTheIdsTheExplorerFinds() throws {
        var slice = GraphSlice(
            modules: [Module.test("a"), Module.test("b"), Module.test("c", kind: .project)],
            edges: [PathEdge.test("c", "a"), PathEdge.test("c", "b", group: "dev"), PathEdge.test("a", "b")])
        slice.addRequirements([Requirement.test("a", "numpy"), Requirement.test("c", "requests")])
        let elements = try #require(Elements.parse(svg(slice)))
        let groups = elements.found.filter { $0.name == "g" }.compactMap { group in
            group.attributes["id"].map { ($0, group.attributes["class"] ?? "") }
        }
        #expect(
            Dictionary(uniqueKeysWithValues: groups) == [
                "graph0": "graph", "n0": "node", "n1": "node", "n2": "node", "x0": "node", "x1": "node",
                "e0": "edge", "e1": "edge", "e2": "edge", "r0": "edge", "r1": "edge",
            ])
        // n0 is a (the slice sorts by name), e0 is a → b; the dev edge is dashed.
        #expect(elements.titles.contains("a 1.0.0 at libs/a"))
        #expect(elements.titles.contains("numpy (external package)"))
        let paths = elements.found.filter { $0.name == "path" }
        #expect(paths.count == 5)
        #expect(paths.filter { $0.attributes["stroke-dasharray"] != nil }.count == 1)
    }

    @Test func hostileNamesAreTextInTheSVG() throws {
        let names = GraphRenderingTests.hostileNames
        let slice = GraphSlice(
            modules: names.map { Module.test($0) } + [Module.test("app")],
            edges: names.map { PathEdge.test("app", "libs/\($0)") })
        let text = svg(slice)
        #expect(!text.contains("<script"))
        let elements = try #require(Elements.parse(text), "not well-formed: \(text.prefix(400))")
        let texts = Set(elements.titles)
        for name in names {
            let normalized = ModuleName(name).rawValue
            #expect(texts.contains("\(normalized) 1.0.0 at libs/\(name)"), "\(normalized)")
        }
        #expect(elements.found.filter { $0.name == "path" }.count == names.count)
        // Nothing but the drawing's own elements.
        #expect(Set(elements.found.map(\.name)).isSubset(of: ["svg", "g", "title", "path", "polygon", "rect", "text"]))
    }

    @Test func autoHandsGraphvizUpToTheLimitAndTheLayeredLayoutAbove() {
        /// `modules` modules in a chain (one edge fewer), and `packages` requirements of the first.
        func slice(modules: Int, packages: Int = 0) -> GraphSlice {
            var slice = GraphSlice(
                modules: (0..<modules).map { Module.test("m\($0)") },
                edges: (1..<max(1, modules)).map { PathEdge.test("m\($0 - 1)", "m\($0)") })
            slice.addRequirements((0..<packages).map { Requirement.test("m0", "p\($0)") })
            return slice
        }
        let limit = GraphLayout.dotLimit
        #expect(GraphLayout.auto.resolved(for: slice(modules: (limit + 1) / 2)) == .dot)
        #expect(GraphLayout.auto.resolved(for: slice(modules: (limit + 1) / 2 + 1)) == .layered)
        // External packages and their requirements count too: two nodes and edges each.
        #expect(GraphLayout.auto.resolved(for: slice(modules: (limit + 1) / 2 - 1, packages: 1)) == .dot)
        #expect(GraphLayout.auto.resolved(for: slice(modules: (limit + 1) / 2 - 1, packages: 2)) == .layered)
        #expect(GraphLayout.dot.resolved(for: slice(modules: limit)) == .dot)
        #expect(GraphLayout.layered.resolved(for: slice(modules: 2)) == .layered)
    }

    @Test func numbersAreShortAndExact() {
        #expect(LayeredSVGRenderer.number(12) == "12")
        #expect(LayeredSVGRenderer.number(12.25) == "12.3")
        #expect(LayeredSVGRenderer.number(-0.5) == "-0.5")
        #expect(LayeredSVGRenderer.number(0.04) == "0")
    }
}
