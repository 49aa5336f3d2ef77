import ArgumentParser
import Foundation
import TrellisCore

/// Who places the nodes of an svg or html drawing.
enum GraphLayout: String, ExpressibleByArgument, CaseIterable {
    /// Graphviz's `dot` up to `GraphLayout.dotLimit` nodes and edges, Trellis's layered layout above.
    case auto
    /// Graphviz's `dot`: clusters, routed splines, edge labels; minutes above a thousand modules.
    case dot
    /// `LayeredLayout`, computed by Trellis: seconds at any size, no clusters, curved edges.
    case layered

    /// The most nodes and edges (modules, external packages, edges and requirements) `auto`
    /// gives to `dot`. Its time grows with their square or worse: on the generated monorepos of
    /// docs/BENCHMARKS.md (about 2.3 edges per module) 0.1 s of CPU at 100 modules, 0.9 s at
    /// 300 (986 nodes and edges), 2.7 s at 500, 16 s at 1,000; the layered layout stays under
    /// 0.1 s there. So up to about 300 modules the drawing keeps Graphviz's clusters and routed
    /// edges, and above that the layered layout takes over.
    static let dotLimit = 1000

    /// The layout `auto` resolves to for `slice`.
    func resolved(for slice: GraphSlice) -> GraphLayout {
        guard self == .auto else { return self }
        let size = slice.modules.count + slice.packages.count + slice.edges.count + slice.requirements.count
        return size <= Self.dotLimit ? .dot : .layered
    }
}

/// Draws a graph slice in one of `graph`'s formats; png, and svg and html when `layout` says
/// so, are drawn by Graphviz.
enum GraphRenderer {
    static func render(_ slice: GraphSlice, as format: GraphFormat, layout: GraphLayout = .auto) throws -> Data {
        var text = ""
        switch format {
        case .dot: DOTRenderer.render(slice, into: &text)
        case .mermaid: MermaidRenderer.render(slice, into: &text)
        case .json: try JSONRenderer.render(GraphJSON(slice), into: &text)
        case .svg where layout.resolved(for: slice) == .layered:
            text = #"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"# + "\n"
            LayeredSVGRenderer.render(slice, into: &text)
        case .svg, .png:
            DOTRenderer.render(slice, into: &text)
            return try Graphviz.render(text, format: format.rawValue)
        case .html:
            let svg: String
            if layout.resolved(for: slice) == .layered {
                var drawing = ""
                LayeredSVGRenderer.render(slice, into: &drawing)
                svg = drawing
            } else {
                DOTRenderer.render(slice, elementIDs: true, into: &text)
                svg = String(decoding: try Graphviz.render(text, format: "svg"), as: UTF8.self)
            }
            var page = ""
            try HTMLRenderer.render(slice, svg: svg, into: &page)
            return Data(page.utf8)
        }
        return Data(text.utf8)
    }
}

/// Graphviz's `dot`, run on DOT text; a clear message naming the package when it is missing.
enum Graphviz {
    static func render(_ dot: String, format: String) throws -> Data {
        // Look first: a `dot` that cannot start would close its input, and writing to it would
        // kill this process with SIGPIPE.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/dot") })
        else {
            throw CLIError.tool(missingMessage(format))
        }
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(["dot", "-T\(format)"], input: Data(dot.utf8))
        } catch {
            throw CLIError.tool(missingMessage(format))
        }
        // /usr/bin/env exits 127 when it finds no `dot` on PATH.
        if result.status == 127 { throw CLIError.tool(missingMessage(format)) }
        guard result.status == 0 else {
            throw CLIError.tool(
                "Graphviz's dot failed (exit \(result.status)): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        return result.stdout
    }

    static func missingMessage(_ format: String) -> String {
        "--format \(format) needs Graphviz's `dot`, which is not installed; install the `graphviz` package "
            + "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), or use --format dot, mermaid or json"
    }
}

/// `{"nodes": [module…], "edges": [{"from", "to", "group", "editable", "optional"}]}`; with
/// `--external`, external packages are nodes of kind `external` (path and version null) and
/// their requirements are edges with a `specifier`; `highlighted` and `focus` mark nodes.
struct GraphJSON: JSONWritable {
    struct Node: JSONWritable {
        var name: String
        @NullEncoded var path: String?
        @NullEncoded var version: String?
        var kind: String
        var focus: Bool
        var highlighted: Bool

        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("focus", focus)
                json.field("highlighted", highlighted)
                json.field("kind", kind)
                json.field("name", name)
                json.field("path", orNull: path)
                json.field("version", orNull: version)
            }
        }
    }

    struct Edge: JSONWritable {
        var from: String
        var to: String
        /// The ends' folders: names may be shared, folders never (`to_path` is null for a package).
        var fromPath: String
        @NullEncoded var toPath: String?
        var group: String
        var editable: Bool
        var optional: Bool
        var highlighted: Bool
        @NullEncoded var specifier: String?
        /// With `--imports` only: the import's status, first importing file:line and name imported.
        var importStatus: String? = nil
        var file: String? = nil
        var line: Int? = nil
        var imported: String? = nil

        enum CodingKeys: String, CodingKey {
            case from, to, group, editable, optional, highlighted, specifier
            case fromPath = "from_path"
            case toPath = "to_path"
        }

        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("editable", editable)
                if let file { json.field("file", file) }
                json.field("from", from)
                json.field("from_path", fromPath)
                json.field("group", group)
                json.field("highlighted", highlighted)
                if let imported { json.field("imported", imported) }
                if let line { json.field("line", line) }
                json.field("optional", optional)
                json.field("specifier", orNull: specifier)
                if let importStatus { json.field("status", importStatus) }
                json.field("to", to)
                json.field("to_path", orNull: toPath)
            }
        }
    }

    var nodes: [Node]
    var edges: [Edge]

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("edges", edges)
            json.field("nodes", nodes)
        }
    }

    init(_ slice: GraphSlice) {
        nodes =
            slice.modules.map {
                Node(
                    name: $0.name.rawValue, path: $0.path, version: $0.version, kind: $0.kind.rawValue,
                    focus: slice.focus.contains($0.path), highlighted: slice.highlighted.contains($0.path))
            }
            + slice.packages.map {
                Node(name: $0.rawValue, path: nil, version: nil, kind: "external", focus: false, highlighted: false)
            }
        edges =
            slice.edges.map {
                var edge = Edge(
                    from: slice.name(of: $0.from).rawValue, to: slice.name(of: $0.to).rawValue, fromPath: $0.from,
                    toPath: $0.to, group: $0.group, editable: $0.editable,
                    optional: $0.optional,
                    highlighted: slice.isHighlighted($0), specifier: nil)
                if let link = slice.imports[GraphSlice.EdgeKey(from: $0.from, to: $0.to)] {
                    edge.importStatus = link.status.rawValue
                    edge.file = link.sites[0].file
                    edge.line = link.sites[0].line
                    edge.imported = link.sites[0].imported
                }
                return edge
            }
            + slice.requirements.map {
                Edge(
                    from: slice.name(of: $0.module).rawValue, to: $0.package.rawValue, fromPath: $0.module, toPath: nil,
                    group: $0.group, editable: false,
                    optional: $0.optional,
                    highlighted: false, specifier: $0.specifier)
            }
    }
}
