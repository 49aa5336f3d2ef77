/// One change between two states of the graph, as `history` and `diff` report it.
public struct GraphChange: Hashable, Sendable {
    /// The kinds of change, named as DESIGN.md lists them.
    public enum Event: String, Sendable, CaseIterable, Codable {
        case moduleAdded = "module-added"
        case moduleRemoved = "module-removed"
        case moduleMoved = "module-moved"
        case moduleRenamed = "module-renamed"
        case versionChanged = "version-changed"
        case edgeAdded = "edge-added"
        case edgeRemoved = "edge-removed"
        /// The group, editable or optional flag of an edge changed.
        case edgeChanged = "edge-changed"
        /// Same edge, declared another way (Poetry path → uv workspace source, say).
        case declarationChanged = "declaration-changed"
        case requirementAdded = "requirement-added"
        case requirementRemoved = "requirement-removed"
        case requirementChanged = "requirement-changed"
    }

    public var event: Event
    /// The module the change is about (for an edge, the module that declares it).
    public var module: ModuleName
    /// The other end of an edge, or the package of a requirement.
    public var target: String?
    public var from: String?
    public var to: String?

    public init(_ event: Event, module: ModuleName, target: String? = nil, from: String? = nil, to: String? = nil) {
        self.event = event
        self.module = module
        self.target = target
        self.from = from
        self.to = to
    }

    /// The changes that turn `before` into `after` (`SnapshotDiff`): a renamed or moved module is
    /// one change, not a removal and an addition; edges and requirements are matched through
    /// module identity. O(size of both), sorted.
    ///
    /// `before` and `after` may be partial: the rows that vanished and appeared at one snapshot.
    /// Unchanged rows cancel out, so the partial comparison gives the same changes as the whole.
    public static func changes(from before: Snapshot, to after: Snapshot) -> [GraphChange] {
        // A module is identified by its name before; names neither side lists stand for themselves.
        let listed = Set(after.modules.map(\.name))
        var unlisted: [ModuleName: ModuleName] = [:]
        for name in after.edges.flatMap({ [$0.from, $0.to] }) + after.requirements.map(\.module)
        where !listed.contains(name) {
            unlisted[name] = name
        }
        let diff = SnapshotDiff<ModuleName>(
            modules: before.modules.map { ($0.name, $0) }, edges: before.edges.map { ($0.from, $0.to, $0) },
            requirements: before.requirements.map { ($0.module, $0) }, after: .full(after), known: unlisted)
        var changes: [GraphChange] = []
        // What a module before is called now.
        var current: [ModuleName: ModuleName] = [:]
        for (index, module) in diff.modules {
            let old = before.modules[index]
            current[old.name] = module.name
            if old.name != module.name {
                changes.append(GraphChange(.moduleRenamed, module: module.name, from: old.name.rawValue, to: module.name.rawValue))
            }
            if old.path != module.path {
                changes.append(GraphChange(.moduleMoved, module: module.name, from: old.path, to: module.path))
            }
            if old.version != module.version {
                changes.append(GraphChange(.versionChanged, module: module.name, from: old.version, to: module.version))
            }
        }
        changes += diff.modulesAdded.map { GraphChange(.moduleAdded, module: $0.name, to: $0.version) }
        changes += diff.modulesRemoved.map { before.modules[$0] }.map {
            GraphChange(.moduleRemoved, module: $0.name, from: $0.version)
        }
        let named = { (name: ModuleName) in current[name] ?? name }

        for (edge, match) in zip(after.edges, diff.edges) {
            let target = edge.to.rawValue
            switch match {
            case .added:
                changes.append(GraphChange(.edgeAdded, module: edge.from, target: target, to: flags(edge)))
            case .changed(let index):
                let old = before.edges[index]
                if flags(old) != flags(edge) {
                    changes.append(GraphChange(.edgeChanged, module: edge.from, target: target, from: flags(old), to: flags(edge)))
                } else if old.declared != edge.declared || old.resolution != edge.resolution {
                    changes.append(GraphChange(
                        .declarationChanged, module: edge.from, target: target, from: old.declared, to: edge.declared))
                }
            case .same, .unresolved: break
            }
        }
        for edge in diff.edgesRemoved.map({ before.edges[$0] }) {
            changes.append(GraphChange(.edgeRemoved, module: named(edge.from), target: named(edge.to).rawValue, from: flags(edge)))
        }

        for (requirement, match) in zip(after.requirements, diff.requirements) {
            let target = requirement.package.rawValue
            switch match {
            case .added:
                changes.append(GraphChange(.requirementAdded, module: requirement.module, target: target, to: describe(requirement)))
            case .changed(let index):
                let old = before.requirements[index]
                if describe(old) != describe(requirement) {
                    changes.append(GraphChange(
                        .requirementChanged, module: requirement.module, target: target, from: describe(old),
                        to: describe(requirement)))
                }
            case .same, .unresolved: break
            }
        }
        for requirement in diff.requirementsRemoved.map({ before.requirements[$0] }) {
            changes.append(GraphChange(
                .requirementRemoved, module: named(requirement.module), target: requirement.package.rawValue,
                from: describe(requirement)))
        }
        return changes.sorted { ($0.module, $0.event.rawValue, $0.target ?? "") < ($1.module, $1.event.rawValue, $1.target ?? "") }
    }

    /// `main`, `dev, editable`, `docs, optional`: what an edge-changed event compares.
    static func flags(_ edge: PathEdge) -> String {
        ([edge.group] + (edge.editable ? ["editable"] : []) + (edge.optional ? ["optional"] : [])).joined(separator: ", ")
    }

    static func describe(_ requirement: Requirement) -> String {
        let specifier = requirement.specifier.isEmpty ? "*" : requirement.specifier
        return requirement.markers.map { "\(specifier) ; \($0)" } ?? specifier
    }
}
