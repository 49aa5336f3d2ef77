/// The part of the graph a change touched, to draw it (`diff --format`): the modules and path
/// edges that were added, removed or changed, plus their immediate neighbours and the unchanged
/// edges that join a changed module to them. Requirements are not drawn, and an edge declared
/// another way with the same group and flags is no change. Pure; O(size of both states).
public struct GraphDelta: Sendable, Equatable {
    /// How a drawn module or edge changed.
    public enum Mark: String, Sendable, CaseIterable {
        case added, removed
        /// A module renamed, moved or with another version; an edge with another group,
        /// editable or optional flag.
        case changed
    }

    /// An edge by its ends (folders of the drawn modules) and group: two edges between the same
    /// modules differ in group.
    public struct EdgeKey: Hashable, Sendable {
        public var from: String
        public var to: String
        public var group: String

        public init(from: String, to: String, group: String) {
            self.from = from
            self.to = to
            self.group = group
        }

        public init(_ edge: PathEdge) { self.init(from: edge.from, to: edge.to, group: edge.group) }
    }

    /// The drawn modules: as they are after the change, or as they were for a removed one.
    public private(set) var modules: [Module] = []
    /// The drawn edges, ends at the folders of `modules`: removed ones as they were, with their
    /// ends at the folders those modules have after the change.
    public private(set) var edges: [PathEdge] = []
    /// The marked modules by folder; a drawn module without a mark is a neighbour.
    public private(set) var moduleMarks: [String: Mark] = [:]
    /// The marked edges; a drawn edge without a mark is unchanged context.
    public private(set) var edgeMarks: [EdgeKey: Mark] = [:]
    /// For a changed edge, its flags before (`dev, editable`), as `edge-changed` gives them.
    public private(set) var previousFlags: [EdgeKey: String] = [:]
    /// For a changed module whose version changed, its version before (nil: it had none).
    public private(set) var previousVersions: [String: String?] = [:]

    /// True when no module or edge changed: nothing to draw.
    public var isEmpty: Bool { moduleMarks.isEmpty && edgeMarks.isEmpty }

    /// The drawing of what turns `before` into `after`, modules matched as `SnapshotDiff` does
    /// (same folder, then same name).
    public init(from before: Snapshot, to after: Snapshot) {
        var update = after
        update.requirements = []
        let diff = SnapshotDiff<String>(
            modules: before.modules.map { ($0.path, $0) }, edges: before.edges.map { ($0.from, $0.to, $0) },
            requirements: [], after: .full(update))
        // Where each module before is now; a removed module stays at its folder.
        var folderNow: [String: String] = [:]
        var drawn: [String: Module] = [:]
        for module in after.modules { drawn[module.path] = module }
        for (index, module) in diff.modules {
            let old = before.modules[index]
            folderNow[old.path] = module.path
            if old.name != module.name || old.path != module.path || old.version != module.version {
                moduleMarks[module.path] = .changed
            }
            if old.version != module.version { previousVersions[module.path] = .some(old.version) }
        }
        for module in diff.modulesAdded { moduleMarks[module.path] = .added }
        for index in diff.modulesRemoved {
            let module = before.modules[index]
            moduleMarks[module.path] = .removed
            drawn[module.path] = module
        }
        var marked: [PathEdge] = []
        var context: [PathEdge] = []
        for (edge, match) in zip(after.edges, diff.edges) {
            switch match {
            case .added:
                edgeMarks[EdgeKey(edge)] = .added
                marked.append(edge)
            case .changed(let index):
                let old = before.edges[index]
                if GraphChange.flags(old) != GraphChange.flags(edge) {
                    edgeMarks[EdgeKey(edge)] = .changed
                    previousFlags[EdgeKey(edge)] = GraphChange.flags(old)
                    marked.append(edge)
                } else {
                    context.append(edge)
                }
            case .same: context.append(edge)
            case .unresolved: break
            }
        }
        let contextKeys = Set(context.map(EdgeKey.init))
        for index in diff.edgesRemoved {
            var edge = before.edges[index]
            edge.from = folderNow[edge.from] ?? edge.from
            edge.to = folderNow[edge.to] ?? edge.to
            guard drawn[edge.from] != nil, drawn[edge.to] != nil else { continue }
            // An edge removed where a kept one of the same ends and group is drawn (the same
            // dependency declared twice, once dropped) is no change to the picture.
            if edgeMarks[EdgeKey(edge)] != nil || contextKeys.contains(EdgeKey(edge)) { continue }
            edgeMarks[EdgeKey(edge)] = .removed
            marked.append(edge)
        }
        let shown = context.filter { moduleMarks[$0.from] != nil || moduleMarks[$0.to] != nil }
        edges = marked + shown
        let folders = Set(moduleMarks.keys).union(edges.flatMap { [$0.from, $0.to] })
        modules = folders.compactMap { drawn[$0] }.sorted { ($0.name, $0.path) < ($1.name, $1.path) }
    }

    /// The mark of a drawn edge, if it changed.
    public func mark(of edge: PathEdge) -> Mark? { edgeMarks[EdgeKey(edge)] }
}
