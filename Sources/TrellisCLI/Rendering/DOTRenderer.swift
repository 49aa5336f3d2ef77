import TrellisCore

/// Graphviz DOT: libs and projects in clusters, dev edges dashed, editable edges with an open
/// arrowhead, a tooltip with version and path. Deterministic: the same graph gives the same bytes.
enum DOTRenderer {
    static func render(_ slice: GraphSlice, into output: inout some TextOutputStream) {
        output.write("""
            digraph trellis {
              graph [rankdir=LR, fontname="Helvetica", fontsize=11];
              node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, fillcolor="#f3f4f6"];
              edge [color="#4b5563", arrowsize=0.7];

            """)
        for kind in ModuleKind.allCases {
            let members = slice.modules.filter { $0.kind == kind }
            guard !members.isEmpty else { continue }
            let cluster = kind != .module
            if cluster {
                output.write("  subgraph \(quote("cluster_\(kind.rawValue)s")) {\n")
                output.write("    label=\(quote(kind == .lib ? "libs" : "projects")); style=\"rounded,dashed\"; color=\"#9ca3af\";\n")
            }
            for module in members {
                let indent = cluster ? "    " : "  "
                let label = module.version.map { "\(module.name.rawValue)\n\($0)" } ?? module.name.rawValue
                let tooltip = "\(module.name.rawValue) \(module.version ?? "(no version)") at \(module.path)"
                let attributes = [
                    "fillcolor=\(quote(fill(module.kind)))", "label=\(quote(label))", "tooltip=\(quote(tooltip))",
                ]
                output.write("\(indent)\(quote(module.name.rawValue)) [\(attributes.joined(separator: ", "))];\n")
            }
            if cluster { output.write("  }\n") }
        }
        for edge in slice.edges {
            var attributes: [String] = []
            if edge.editable { attributes.append("arrowhead=empty") }
            if edge.group != "main" {
                attributes += ["style=dashed", "label=\(quote(edge.group))", "fontsize=9", "fontcolor=\"#6b7280\""]
            }
            attributes.append("tooltip=\(quote("\(edge.file):\(edge.line): \(edge.declared)"))")
            output.write("  \(quote(edge.from.rawValue)) -> \(quote(edge.to.rawValue)) [\(attributes.joined(separator: ", "))];\n")
        }
        output.write("}\n")
    }

    private static func fill(_ kind: ModuleKind) -> String {
        switch kind {
        case .lib: "#dbeafe"
        case .project: "#dcfce7"
        case .module: "#f3f4f6"
        }
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as DOT's `\n`.
    static func quote(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": continue
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }
}
