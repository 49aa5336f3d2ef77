import TrellisCore

extension GraphSlice {
    /// The slice `diff --format` draws: the changed modules and edges of `delta`, their
    /// neighbours, and the marks the renderers colour.
    init(_ delta: GraphDelta) {
        self.init(modules: delta.modules, edges: delta.edges)
        changes = delta
    }

    /// How the drawn module in `folder` changed, when the slice draws a change.
    func mark(ofModule folder: String) -> GraphDelta.Mark? { changes?.moduleMarks[folder] }

    /// How a drawn edge changed, when the slice draws a change.
    func mark(of edge: PathEdge) -> GraphDelta.Mark? { changes?.mark(of: edge) }

    /// The version a drawn module shows: with a change of version, before and after
    /// (`0.3.1 → 0.4.0`, `none` for a missing one).
    func versionText(of module: Module) -> String? {
        guard let previous = changes?.previousVersions[module.path] else { return module.version }
        return "\(previous ?? "none") \u{2192} \(module.version ?? "none")"
    }

    /// A changed edge's label: its group and flags now and before (`dev (was main, editable)`).
    func changeLabel(of edge: PathEdge) -> String? {
        guard let previous = changes?.previousFlags[GraphDelta.EdgeKey(edge)] else { return nil }
        let now = ([edge.group] + (edge.editable ? ["editable"] : []) + (edge.optional ? ["optional"] : []))
            .joined(separator: ", ")
        return "\(now) (was \(previous))"
    }
}

extension GraphDelta.Mark {
    /// The stroke of a marked module or edge: green, red, amber.
    var colour: String {
        switch self {
        case .added: "#16a34a"
        case .removed: "#dc2626"
        case .changed: "#d97706"
        }
    }

    /// The fill of a marked module.
    var fill: String {
        switch self {
        case .added: "#bbf7d0"
        case .removed: "#fee2e2"
        case .changed: "#fef3c7"
        }
    }

    /// What the legend calls it.
    var legend: String {
        switch self {
        case .added: "added"
        case .removed: "removed (dashed)"
        case .changed: "changed (group, editable, version)"
        }
    }
}
