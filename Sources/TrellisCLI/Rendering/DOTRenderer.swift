import TrellisCore

/// Graphviz DOT: libs and projects in clusters, dev edges dashed, editable edges with an open
/// arrowhead, a tooltip with version and path, external packages as grey ellipses, the focus
/// bold and `--highlight` in red. Deterministic: the same graph gives the same bytes.
enum DOTRenderer {
    /// The prefix of external package node ids, so a package never takes a module's node.
    static let externalPrefix = "external:"

    /// Writes `slice` as DOT. With `elementIDs`, every node and edge gets an SVG id (`n0`, `e0`,
    /// `x0`, `r0`: the position in the slice's sorted lists) for the HTML explorer to find it.
    static func render(_ slice: GraphSlice, elementIDs: Bool = false, into output: inout some TextOutputStream) {
        output.write(
            """
            digraph trellis {
              graph [rankdir=LR, fontname="Helvetica", fontsize=11];
              node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, fillcolor="#f3f4f6"];
              edge [color="#4b5563", arrowsize=0.7, fontname="Helvetica"];

            """)
        let position = elementIDs ? slice.nodePositions() : [:]
        for kind in ModuleKind.allCases {
            let members = slice.modules.filter { $0.kind == kind }
            guard !members.isEmpty else { continue }
            let cluster = kind != .module
            if cluster {
                output.write("  subgraph \(quote("cluster_\(kind.rawValue)s")) {\n")
                output.write(
                    "    label=\(quote(kind == .lib ? "libs" : "projects")); style=\"rounded,dashed\"; color=\"#9ca3af\";\n"
                )
            }
            for module in members {
                let indent = cluster ? "    " : "  "
                let label =
                    slice.versionText(of: module).map { "\(module.name.rawValue)\n\($0)" } ?? module.name.rawValue
                let tooltip = "\(module.name.rawValue) \(module.version ?? "(no version)") at \(module.path)"
                let highlighted = slice.highlighted.contains(module.path)
                var attributes = [
                    "fillcolor=\(quote(highlighted ? "#fee2e2" : fill(module.kind)))", "label=\(quote(label))",
                    "tooltip=\(quote(tooltip))",
                ]
                if highlighted { attributes.append("color=\"#dc2626\"") }
                if let mark = slice.mark(ofModule: module.path) {
                    attributes[0] = "fillcolor=\(quote(mark.fill))"
                    attributes[2] = "tooltip=\(quote("\(tooltip) (\(mark.rawValue))"))"
                    attributes += ["color=\(quote(mark.colour))", "penwidth=2"]
                    if mark == .removed { attributes.append("style=\"rounded,filled,dashed\"") }
                }
                if slice.focus.contains(module.path) { attributes += ["penwidth=2.5", "fontname=\"Helvetica-Bold\""] }
                if elementIDs, let index = position[module.path] { attributes.append("id=\"n\(index)\"") }
                output.write(
                    "\(indent)\(quote(slice.nodeID(of: module.path))) [\(attributes.joined(separator: ", "))];\n")
            }
            if cluster { output.write("  }\n") }
        }
        let packages = slice.packages
        if !packages.isEmpty {
            output.write("  subgraph \"cluster_external\" {\n")
            output.write("    label=\"external packages\"; style=\"rounded,dotted\"; color=\"#9ca3af\";\n")
            for (index, package) in packages.enumerated() {
                var attributes = [
                    "shape=ellipse", "style=filled", "fillcolor=\"#ffffff\"", "color=\"#9ca3af\"",
                    "fontcolor=\"#4b5563\"",
                    "label=\(quote(package.rawValue))", "tooltip=\(quote("\(package.rawValue) (external package)"))",
                ]
                if elementIDs { attributes.append("id=\"x\(index)\"") }
                output.write(
                    "    \(quote(externalPrefix + package.rawValue)) [\(attributes.joined(separator: ", "))];\n")
            }
            output.write("  }\n")
        }
        for (index, edge) in slice.edges.enumerated() {
            write(
                edge, from: slice.nodeID(of: edge.from), to: slice.nodeID(of: edge.to), index: index,
                highlighted: slice.isHighlighted(edge), change: slice.mark(of: edge),
                label: slice.changeLabel(of: edge),
                elementIDs: elementIDs, into: &output)
        }
        for (index, requirement) in slice.requirements.enumerated() {
            let specifier = requirement.specifier.isEmpty ? "*" : requirement.specifier
            var attributes = ["color=\"#9ca3af\"", "arrowhead=vee"]
            if requirement.group != "main" { attributes.append("style=dashed") }
            attributes.append(
                "tooltip=\(quote("\(requirement.file):\(requirement.line): \(requirement.package) \(specifier) (\(requirement.group))"))"
            )
            if elementIDs { attributes.append("id=\"r\(index)\"") }
            output.write(
                "  \(quote(slice.nodeID(of: requirement.module))) -> \(quote(externalPrefix + requirement.package.rawValue)) [\(attributes.joined(separator: ", "))];\n"
            )
        }
        if slice.changes != nil { writeLegend(into: &output) }
        output.write("}\n")
    }

    /// The key to a change's colours: a plain node beside the drawing (fixed text, no names).
    private static func writeLegend(into output: inout some TextOutputStream) {
        let rows = GraphDelta.Mark.allCases.map {
            "<tr><td align=\"left\"><font color=\"\($0.colour)\">\u{25A0} \($0.legend)</font></td></tr>"
        }
        output.write(
            "  \"trellis:legend\" [shape=plaintext, style=\"\", tooltip=\"legend\", label=<<table border=\"0\" cellspacing=\"2\"><tr><td align=\"left\"><b>changes</b></td></tr>\(rows.joined())</table>>];\n"
        )
    }

    /// One edge line. Written piece by piece, not as a list of attribute strings joined: a
    /// graph has more edges than anything else. The tooltip is always there, so every other
    /// attribute is followed by ", " and the id, when asked for, preceded by one.
    private static func write(
        _ edge: PathEdge, from: String, to: String, index: Int, highlighted: Bool, change: GraphDelta.Mark? = nil,
        label: String? = nil, elementIDs: Bool, into output: inout some TextOutputStream
    ) {
        output.write("  ")
        output.write(quote(from))
        output.write(" -> ")
        output.write(quote(to))
        output.write(" [")
        if edge.editable { output.write("arrowhead=empty, ") }
        if edge.group != "main" || change == .removed { output.write("style=dashed, ") }
        if edge.group != "main" || label != nil {
            output.write("label=")
            output.write(quote(label ?? edge.group))
            output.write(", fontsize=9, fontcolor=\"#6b7280\", ")
        }
        if highlighted { output.write("color=\"#dc2626\", penwidth=2, ") }
        if let change {
            output.write("color=")
            output.write(quote(change.colour))
            output.write(", penwidth=2, ")
        }
        output.write("tooltip=")
        output.write(quote("\(edge.file):\(edge.line): \(edge.declared)"))
        if elementIDs { output.write(", id=\"e\(index)\"") }
        output.write("];\n")
    }

    private static func fill(_ kind: ModuleKind) -> String {
        switch kind {
        case .lib: "#dbeafe"
        case .project: "#dcfce7"
        case .module: "#f3f4f6"
        }
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as DOT's `\n`, other control
    /// characters dropped (Graphviz refuses some of them in SVG output).
    static func quote(_ text: String) -> String {
        // Most names, paths and declarations need no escape: copied whole, not character by
        // character; most of the others are ASCII, escaped a byte at a time.
        let bytes = ByteClass(text)
        guard bytes.needsEscape else { return "\"" + text + "\"" }
        guard !bytes.isASCII else { return quoteASCII(text) }
        var quoted = "\""
        for character in text {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            default:
                if character.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7f }) { continue }
                quoted.append(character)
            }
        }
        return quoted + "\""
    }

    /// `quote` for ASCII text, a byte at a time. In ASCII every character is one byte except
    /// `\r\n`, a single character made of control characters only, so it is dropped whole.
    private static func quoteASCII(_ text: String) -> String {
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        quoted.reserveCapacity(text.utf8.count + 8)
        var afterCarriageReturn = false
        for byte in text.utf8 {
            defer { afterCarriageReturn = byte == UInt8(ascii: "\r") }
            switch byte {
            case UInt8(ascii: "\""): quoted += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): quoted += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n") where !afterCarriageReturn: quoted += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case ..<0x20, 0x7f: continue
            default: quoted.append(byte)
            }
        }
        quoted.append(UInt8(ascii: "\""))
        return String(decoding: quoted, as: UTF8.self)
    }

    /// What one pass over a text's UTF-8 finds: whether any byte is one `quote` escapes or drops
    /// (`"`, `\` and control characters: the only bytes of a character that is a control
    /// character or made of them), and whether all are ASCII.
    private struct ByteClass {
        var needsEscape = false
        var isASCII = true

        init(_ text: String) {
            if let found = text.utf8.withContiguousStorageIfAvailable({ Self(bytes: $0) }) {
                self = found
            } else {
                self.init(bytes: text.utf8)
            }
        }

        private init(bytes: some Sequence<UInt8>) {
            for byte in bytes {
                needsEscape =
                    needsEscape || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
                    || byte == 0x7f
                isASCII = isASCII && byte < 0x80
            }
        }
    }
}
