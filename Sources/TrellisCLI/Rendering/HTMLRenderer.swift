import Foundation
import TrellisCore

/// One self-contained HTML page: the graph laid out by Graphviz (SVG inline), the graph's data as
/// inline JSON, and a small inline script to search a module and click it to see its dependents
/// and dependencies. No network: a Content-Security-Policy forbids every fetch.
enum HTMLRenderer {
    /// Writes the page for `slice`; `svg` is `dot -Tsvg` of `DOTRenderer.render(slice, elementIDs: true)`.
    static func render(_ slice: GraphSlice, svg: String, into output: inout some TextOutputStream) throws {
        // Graphviz starts with an XML declaration and a DOCTYPE that have no place inside HTML.
        let inlineSVG = svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) } ?? svg
        output.write(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>trellis graph: \(slice.modules.count) modules</title>
            <style>
            \(HTMLTemplate.style)
            </style>
            </head>
            <body>
            \(HTMLTemplate.body)
            <div id="graph">
            \(inlineSVG)
            </div>
            </main>
            <script id="trellis-data" type="application/json">\(try dataJSON(slice))</script>
            <script>
            \(HTMLTemplate.script)
            </script>
            </body>
            </html>

            """)
    }

    /// The graph as JSON, safe inside a `<script>` element: `<`, `>`, `&` and the two JavaScript
    /// line separators are `\u` escapes, so no name can close the element or start markup.
    static func dataJSON(_ slice: GraphSlice) throws -> String {
        let index = slice.nodePositions()
        let packages = slice.packages
        let packageIndex = Dictionary(uniqueKeysWithValues: packages.enumerated().map { ($1, $0) })
        let data = PageData(
            nodes: slice.modules.enumerated().map { position, module in
                PageData.Node(
                    id: "n\(position)", name: module.name.rawValue, version: module.version, kind: module.kind.rawValue,
                    path: module.path, manifest: module.manifest, focus: slice.focus.contains(module.path),
                    highlighted: slice.highlighted.contains(module.path))
            },
            edges: slice.edges.enumerated().compactMap { position, edge in
                guard let from = index[edge.from], let to = index[edge.to] else { return nil }
                return PageData.Edge(
                    id: "e\(position)", from: from, to: to, group: edge.group, editable: edge.editable,
                    declared: "\(edge.file):\(edge.line)")
            },
            externals: packages.enumerated().map { PageData.External(id: "x\($0)", name: $1.rawValue) },
            requirements: slice.requirements.enumerated().compactMap { position, requirement in
                guard let from = index[requirement.module], let to = packageIndex[requirement.package] else {
                    return nil
                }
                return PageData.Requirement(
                    id: "r\(position)", from: from, to: to, specifier: requirement.specifier, group: requirement.group)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var json = ""
        for scalar in String(decoding: try encoder.encode(data), as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": json += "\\u003c"
            case ">": json += "\\u003e"
            case "&": json += "\\u0026"
            case "\u{2028}": json += "\\u2028"
            case "\u{2029}": json += "\\u2029"
            default: json.unicodeScalars.append(scalar)
            }
        }
        return json
    }

    /// What the page's script reads: indices into `nodes` and `externals`, element ids of the SVG.
    private struct PageData: Encodable {
        struct Node: Encodable {
            var id, name: String
            var version: String?
            var kind, path, manifest: String
            var focus, highlighted: Bool
        }
        struct Edge: Encodable {
            var id: String
            var from, to: Int
            var group: String
            var editable: Bool
            var declared: String
        }
        struct External: Encodable {
            var id, name: String
        }
        struct Requirement: Encodable {
            var id: String
            var from, to: Int
            var specifier, group: String
        }
        var nodes: [Node]
        var edges: [Edge]
        var externals: [External]
        var requirements: [Requirement]
    }
}
