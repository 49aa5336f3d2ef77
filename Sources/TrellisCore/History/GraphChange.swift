/// One change between two states of the graph, as `history` and `diff` report it.
public struct GraphChange: Hashable, Sendable {
    /// The kinds of change, as docs/JSON.md lists them.
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
                changes.append(
                    GraphChange(
                        .moduleRenamed, module: module.name, from: old.name.rawValue, to: module.name.rawValue))
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

        changes += events(after.edges, diff.edges, before.edges) { old, edge in
            let target = edge.to.rawValue
            guard let old else { return GraphChange(.edgeAdded, module: edge.from, target: target, to: flags(edge)) }
            if flags(old) != flags(edge) {
                return GraphChange(.edgeChanged, module: edge.from, target: target, from: flags(old), to: flags(edge))
            }
            guard old.declared != edge.declared || old.resolution != edge.resolution else { return nil }
            return GraphChange(
                .declarationChanged, module: edge.from, target: target, from: old.declared, to: edge.declared)
        }
        for edge in diff.edgesRemoved.map({ before.edges[$0] }) {
            changes.append(
                GraphChange(
                    .edgeRemoved, module: named(edge.from), target: named(edge.to).rawValue, from: flags(edge)))
        }

        changes += events(after.requirements, diff.requirements, before.requirements) { old, requirement in
            let (module, target) = (requirement.module, requirement.package.rawValue)
            let now = describe(requirement)
            guard let old else { return GraphChange(.requirementAdded, module: module, target: target, to: now) }
            guard describe(old) != now else { return nil }
            return GraphChange(.requirementChanged, module: module, target: target, from: describe(old), to: now)
        }
        for requirement in diff.requirementsRemoved.map({ before.requirements[$0] }) {
            changes.append(
                GraphChange(
                    .requirementRemoved, module: named(requirement.module), target: requirement.package.rawValue,
                    from: describe(requirement)))
        }
        return changes.sorted {
            ($0.module, $0.event.rawValue, $0.target ?? "") < ($1.module, $1.event.rawValue, $1.target ?? "")
        }
    }

    /// The changes of the items of `after` that `matches` calls new (`event(nil, item)`) or
    /// replacing one of `before` (`event(old, item)`).
    private static func events<Item>(
        _ after: [Item], _ matches: [SnapshotDiff<ModuleName>.Match], _ before: [Item],
        _ event: (Item?, Item) -> GraphChange?
    ) -> [GraphChange] {
        zip(after, matches).compactMap { item, match in
            switch match {
            case .added: event(nil, item)
            case .changed(let index): event(before[index], item)
            case .same, .unresolved: nil
            }
        }
    }

    /// `main`, `dev, editable`, `docs, optional`: what an edge-changed event compares.
    static func flags(_ edge: PathEdge) -> String {
        ([edge.group] + (edge.editable ? ["editable"] : []) + (edge.optional ? ["optional"] : [])).joined(
            separator: ", ")
    }

    static func describe(_ requirement: Requirement) -> String {
        let specifier = requirement.specifier.isEmpty ? "*" : requirement.specifier
        return requirement.markers.map { "\(specifier) ; \($0)" } ?? specifier
    }
}
