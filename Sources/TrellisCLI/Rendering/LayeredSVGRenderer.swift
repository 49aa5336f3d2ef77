import TrellisCore

/// SVG of a slice drawn by `LayeredLayout` instead of Graphviz: for graphs too large for `dot`.
/// It keeps what the HTML explorer and a reader rely on from Graphviz's SVG: a `<g id="n0"
/// class="node">` per module (`x0` per external package) and a `<g id="e0" class="edge">` per
/// edge (`r0` per requirement) holding a `path` and a `polygon` arrowhead, the same colours,
/// dashed non-main edges, open arrowheads for editable ones, and a `<title>` tooltip on each.
/// Every text is XML-escaped. Deterministic, and O(nodes + edges) apart from the layout.
enum LayeredSVGRenderer {
    /// The height of a module's box (two lines) and an external package's ellipse (one).
    static let moduleHeight = 36.0, packageHeight = 24.0

    /// Writes `slice` as one `<svg>` element (with its namespace, so the file stands alone).
    static func render(_ slice: GraphSlice, into output: inout some TextOutputStream) {
        let packages = slice.packages
        let sizes =
            slice.modules.map { module in
                LayeredLayout.Size(
                    width: labelWidth(max(module.name.rawValue.count, module.version?.count ?? 0)),
                    height: moduleHeight)
            }
            + packages.map { LayeredLayout.Size(width: labelWidth($0.rawValue.count), height: packageHeight) }
        let position = slice.nodePositions()
        let packagePosition = Dictionary(
            uniqueKeysWithValues: packages.enumerated().map { ($1, slice.modules.count + $0) })
        let edges = slice.edges.map { (position[$0.from], position[$0.to]) }
        let requirements = slice.requirements.map { (position[$0.module], packagePosition[$0.package]) }
        let layout = LayeredLayout(
            sizes: sizes,
            edges: (edges + requirements).compactMap { from, to in from.flatMap { f in to.map { (f, $0) } } })

        output.write(
            """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(layout.width))pt" height="\(number(layout.height))pt" \
            viewBox="0 0 \(number(layout.width)) \(number(layout.height))" font-family="Helvetica,Arial,sans-serif" font-size="11">
            <g id="graph0" class="graph">

            """)
        for (index, edge) in slice.edges.enumerated() {
            guard let from = edges[index].0, let to = edges[index].1 else { continue }
            let specifier = edge.group == "main" ? "" : " (\(edge.group))"
            var stroke = slice.isHighlighted(edge) ? ##"stroke="#dc2626" stroke-width="2""## : ##"stroke="#4b5563""##
            if edge.group != "main" { stroke += ##" stroke-dasharray="5,2""## }
            writeEdge(
                id: "e\(index)", tooltip: "\(edge.file):\(edge.line): \(edge.declared)\(specifier)", from: from, to: to,
                sizes: sizes, layout: layout, stroke: stroke,
                head: edge.editable
                    ? ##"fill="#ffffff""## : (slice.isHighlighted(edge) ? ##"fill="#dc2626""## : ##"fill="#4b5563""##),
                into: &output)
        }
        for (index, requirement) in slice.requirements.enumerated() {
            guard let from = requirements[index].0, let to = requirements[index].1 else { continue }
            let specifier = requirement.specifier.isEmpty ? "*" : requirement.specifier
            var stroke = ##"stroke="#9ca3af""##
            if requirement.group != "main" { stroke += ##" stroke-dasharray="5,2""## }
            writeEdge(
                id: "r\(index)",
                tooltip:
                    "\(requirement.file):\(requirement.line): \(requirement.package) \(specifier) (\(requirement.group))",
                from: from, to: to, sizes: sizes, layout: layout, stroke: stroke, head: ##"fill="#9ca3af""##,
                into: &output)
        }
        for (index, module) in slice.modules.enumerated() {
            let highlighted = slice.highlighted.contains(module.path)
            let focus = slice.focus.contains(module.path)
            let box = frame(index, sizes: sizes, layout: layout)
            output.write(##"<g id="n\##(index)" class="node"><title>"##)
            output.write(escape("\(module.name.rawValue) \(module.version ?? "(no version)") at \(module.path)"))
            output.write(
                ##"</title><rect x="\##(number(box.left))" y="\##(number(box.top))" width="\##(number(box.width))" height="\##(number(box.height))" rx="6" fill="\##(highlighted ? "#fee2e2" : fill(module.kind))" stroke="\##(highlighted ? "#dc2626" : "#111827")""##
            )
            output.write(focus ? ##" stroke-width="2.5"/>"## : "/>")
            let weight = focus ? ##" font-weight="bold""## : ""
            let centre = layout.x[index], middle = layout.y[index]
            if let version = module.version {
                writeText(module.name.rawValue, x: centre, y: middle - 2, extra: weight, into: &output)
                writeText(version, x: centre, y: middle + 11, extra: weight, into: &output)
            } else {
                writeText(module.name.rawValue, x: centre, y: middle + 4, extra: weight, into: &output)
            }
            output.write("</g>\n")
        }
        for (index, package) in packages.enumerated() {
            let node = slice.modules.count + index
            let box = frame(node, sizes: sizes, layout: layout)
            output.write(##"<g id="x\##(index)" class="node"><title>"##)
            output.write(escape("\(package.rawValue) (external package)"))
            output.write(
                ##"</title><ellipse cx="\##(number(layout.x[node]))" cy="\##(number(layout.y[node]))" rx="\##(number(box.width / 2))" ry="\##(number(box.height / 2))" fill="#ffffff" stroke="#9ca3af"/>"##
            )
            writeText(
                package.rawValue, x: layout.x[node], y: layout.y[node] + 4, extra: ##" fill="#4b5563""##, into: &output)
            output.write("</g>\n")
        }
        output.write("</g>\n</svg>\n")
    }

    /// A box wide enough for `characters` of 11-point Helvetica (6.5 points on average) and padding.
    static func labelWidth(_ characters: Int) -> Double { max(54, (Double(characters) * 6.5 + 18).rounded()) }

    private static func frame(_ node: Int, sizes: [LayeredLayout.Size], layout: LayeredLayout) -> (
        left: Double, top: Double, width: Double, height: Double
    ) {
        let size = sizes[node]
        return (layout.x[node] - size.width / 2, layout.y[node] - size.height / 2, size.width, size.height)
    }

    /// One edge: a cubic curve from the right side of `from` to the left side of `to` (leaving
    /// and arriving horizontally, so an edge that goes back left loops round), and its arrowhead.
    private static func writeEdge(
        id: String, tooltip: String, from: Int, to: Int, sizes: [LayeredLayout.Size], layout: LayeredLayout,
        stroke: String, head: String, into output: inout some TextOutputStream
    ) {
        let startX = layout.x[from] + sizes[from].width / 2, startY = layout.y[from]
        let tipX = layout.x[to] - sizes[to].width / 2, tipY = layout.y[to]
        let endX = tipX - 7
        let bend = max(24, abs(endX - startX) / 2)
        output.write(##"<g id="\##(id)" class="edge"><title>"##)
        output.write(escape(tooltip))
        output.write(
            ##"</title><path d="M\##(number(startX)),\##(number(startY)) C\##(number(startX + bend)),\##(number(startY)) \##(number(endX - bend)),\##(number(tipY)) \##(number(endX)),\##(number(tipY))" fill="none" \##(stroke)/>"##
        )
        output.write(
            ##"<polygon points="\##(number(tipX)),\##(number(tipY)) \##(number(endX)),\##(number(tipY - 3.5)) \##(number(endX)),\##(number(tipY + 3.5))" \##(head) \##(stroke)/></g>"##
        )
        output.write("\n")
    }

    private static func writeText(
        _ text: String, x: Double, y: Double, extra: String, into output: inout some TextOutputStream
    ) {
        output.write(##"<text text-anchor="middle" x="\##(number(x))" y="\##(number(y))"\##(extra)>"##)
        output.write(escape(text))
        output.write("</text>")
    }

    private static func fill(_ kind: ModuleKind) -> String {
        switch kind {
        case .lib: "#dbeafe"
        case .project: "#dcfce7"
        case .module: "#f3f4f6"
        }
    }

    /// A coordinate with at most one decimal, without a trailing `.0`: short and deterministic.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10, fraction = abs(tenths) % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// Text for SVG content and attribute values: `&`, `<`, `>`, `"` and `'` as entities, and the
    /// control characters XML forbids dropped (names come from manifests anyone can write).
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f || "&<>\"'".utf8.contains($0) }) else {
            return text
        }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n": escaped += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
