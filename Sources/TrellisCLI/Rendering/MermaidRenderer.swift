import TrellisCore

/// A Mermaid flowchart (GitHub renders it in a ```mermaid block): libs and projects in
/// subgraphs, dev edges dotted and labelled, editable edges ending in a circle, external
/// packages as rounded grey nodes, the focus bold and `--highlight` in red. Node ids are
/// positions (`m0`, `x0`), never names, so no name can break the syntax; every label is quoted
/// and encoded with Mermaid's `#code;` entities. Deterministic: the same graph gives the same bytes.
enum MermaidRenderer {
    static func render(_ slice: GraphSlice, into output: inout some TextOutputStream) {
        output.write(
            """
            flowchart LR
              %% trellis graph: dotted edges are dev (or another non-main group), edges ending in o are editable
              classDef lib fill:#dbeafe,stroke:#6b7280,color:#111827
              classDef project fill:#dcfce7,stroke:#6b7280,color:#111827
              classDef module fill:#f3f4f6,stroke:#6b7280,color:#111827
              classDef external fill:#ffffff,stroke:#9ca3af,color:#4b5563
              classDef focus stroke-width:3px,font-weight:bold
              classDef highlighted fill:#fee2e2,stroke:#dc2626,stroke-width:2px

            """)
        var id: [String: String] = [:]
        for (index, module) in slice.modules.enumerated() where id[module.path] == nil { id[module.path] = "m\(index)" }
        for kind in ModuleKind.allCases {
            let members = slice.modules.filter { $0.kind == kind }
            guard !members.isEmpty else { continue }
            let grouped = kind != .module
            if grouped { output.write("  subgraph \(kind.rawValue)s [\(quote(kind == .lib ? "libs" : "projects"))]\n") }
            for module in members {
                let indent = grouped ? "    " : "  "
                let label = [module.name.rawValue, slice.versionText(of: module)].compactMap { $0 }.map(encode).joined(
                    separator: "<br/>")
                output.write("\(indent)\(id[module.path]!)[\"\(label)\"]\n")
            }
            if grouped { output.write("  end\n") }
        }
        let packages = slice.packages
        var packageID: [ModuleName: String] = [:]
        if !packages.isEmpty {
            output.write("  subgraph externals [\"external packages\"]\n")
            for (index, package) in packages.enumerated() {
                packageID[package] = "x\(index)"
                output.write("    x\(index)(\(quote(package.rawValue)))\n")
            }
            output.write("  end\n")
        }
        var highlightedLinks: [Int] = []
        var changedLinks: [GraphDelta.Mark: [Int]] = [:]
        for (index, edge) in slice.edges.enumerated() {
            guard let from = id[edge.from], let to = id[edge.to] else { continue }
            let arrow =
                switch (edge.group == "main", edge.editable) {
                case (true, false): "-->"
                case (true, true): "--o"
                case (false, false): "-.->"
                case (false, true): "-.-o"
                }
            let text = slice.changeLabel(of: edge) ?? (edge.group == "main" ? nil : edge.group)
            let label = text.map { "|\(quote($0))|" } ?? ""
            output.write("  \(from) \(arrow)\(label) \(to)\n")
            if slice.isHighlighted(edge) { highlightedLinks.append(index) }
            if let mark = slice.mark(of: edge) { changedLinks[mark, default: []].append(index) }
        }
        for requirement in slice.requirements {
            guard let from = id[requirement.module], let to = packageID[requirement.package] else { continue }
            let specifier = requirement.specifier.isEmpty ? "*" : requirement.specifier
            output.write("  \(from) \(requirement.group == "main" ? "-->" : "-.->")|\(quote(specifier))| \(to)\n")
        }
        for kind in ModuleKind.allCases {
            let ids = slice.modules.filter { $0.kind == kind }.compactMap { id[$0.path] }
            if !ids.isEmpty { output.write("  class \(ids.joined(separator: ",")) \(kind.rawValue)\n") }
        }
        if !packages.isEmpty {
            output.write("  class \(packages.indices.map { "x\($0)" }.joined(separator: ",")) external\n")
        }
        let focused = slice.modules.filter { slice.focus.contains($0.path) }.compactMap { id[$0.path] }
        if !focused.isEmpty { output.write("  class \(focused.joined(separator: ",")) focus\n") }
        let highlighted = slice.modules.filter { slice.highlighted.contains($0.path) }.compactMap { id[$0.path] }
        if !highlighted.isEmpty { output.write("  class \(highlighted.joined(separator: ",")) highlighted\n") }
        if slice.changes != nil { writeChanges(slice, ids: id, links: changedLinks, into: &output) }
        if !highlightedLinks.isEmpty {
            output.write(
                "  linkStyle \(highlightedLinks.map(String.init).joined(separator: ",")) stroke:#dc2626,stroke-width:2px\n"
            )
        }
    }

    /// The change marks of `diff --format mermaid`: a class per mark on the modules, a style
    /// per mark on the edges (removed ones dashed), and a legend of the three.
    private static func writeChanges(
        _ slice: GraphSlice, ids: [String: String], links: [GraphDelta.Mark: [Int]],
        into output: inout some TextOutputStream
    ) {
        output.write("  subgraph legend [\"changes\"]\n")
        for (index, mark) in GraphDelta.Mark.allCases.enumerated() {
            output.write("    legend\(index)[\(quote(mark.legend))]\n")
        }
        output.write("  end\n")
        for (index, mark) in GraphDelta.Mark.allCases.enumerated() {
            let dash = mark == .removed ? ",stroke-dasharray:5 5" : ""
            output.write(
                "  classDef \(mark.rawValue) fill:\(mark.fill),stroke:\(mark.colour),stroke-width:2px\(dash)\n")
            let marked = slice.modules.filter { slice.mark(ofModule: $0.path) == mark }.compactMap { ids[$0.path] }
            output.write("  class \((marked + ["legend\(index)"]).joined(separator: ",")) \(mark.rawValue)\n")
            if let indices = links[mark] {
                output.write(
                    "  linkStyle \(indices.map(String.init).joined(separator: ",")) stroke:\(mark.colour),stroke-width:2px\(dash)\n"
                )
            }
        }
    }

    /// A quoted Mermaid label.
    static func quote(_ text: String) -> String { "\"\(encode(text))\"" }

    /// Mermaid label text: letters, digits and a few harmless marks as they are; every other
    /// character as a `#NNN;` entity, so quotes, `<`, `|`, brackets and `#` can neither close the
    /// label nor become markup. Control characters are dropped.
    static func encode(_ text: String) -> String {
        var encoded = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", " ", "-", "_", ".", ",", "/", ":", "=", "@", "^", "~", "*", "+", "!",
                "?":
                encoded.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { continue }
                encoded += "#\(scalar.value);"
            }
        }
        return encoded
    }
}
