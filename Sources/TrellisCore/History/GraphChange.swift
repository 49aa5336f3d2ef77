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
    /// The folder of `module` (where it is after the change; where it was, once removed): two
    /// modules may share a name, never a folder.
    public var folder: String?
    /// The folder at the other end of an edge.
    public var targetFolder: String?

    public init(
        _ event: Event, module: ModuleName, target: String? = nil, from: String? = nil, to: String? = nil,
        folder: String? = nil, targetFolder: String? = nil
    ) {
        self.event = event
        self.module = module
        self.target = target
        self.from = from
        self.to = to
        self.folder = folder
        self.targetFolder = targetFolder
    }

    /// The changes that turn `before` into `after` (`SnapshotDiff`): a renamed or moved module is
    /// one change, not a removal and an addition; edges and requirements are matched through
    /// module identity. O(size of both), sorted.
    ///
    /// `before` and `after` may be partial: the rows that vanished and appeared at one snapshot.
    /// Unchanged rows cancel out, so the partial comparison gives the same changes as the whole.
    /// Edges and requirements end at folders; `namesBefore` and `namesAfter` name the folders
    /// whose modules the sides do not list (a partial side lists only the modules that changed).
    public static func changes(
        from before: Snapshot, to after: Snapshot, namesBefore: [String: ModuleName] = [:],
        namesAfter: [String: ModuleName] = [:]
    ) -> [GraphChange] {
        // A module is identified by its folder before; folders neither side lists stand for themselves.
        let listed = Set(after.modules.map(\.path))
        var unlisted: [String: String] = [:]
        for folder in after.edges.flatMap({ [$0.from, $0.to] }) + after.requirements.map(\.module)
        where !listed.contains(folder) {
            unlisted[folder] = folder
        }
        let diff = SnapshotDiff<String>(
            modules: before.modules.map { ($0.path, $0) }, edges: before.edges.map { ($0.from, $0.to, $0) },
            requirements: before.requirements.map { ($0.module, $0) }, after: .full(after), known: unlisted)
        var nameAfter = namesAfter, nameBefore = namesBefore
        for module in after.modules { nameAfter[module.path] = module.name }
        for module in before.modules { nameBefore[module.path] = module.name }
        var changes: [GraphChange] = []
        // What the module in a folder before is called now.
        var current: [String: ModuleName] = [:]
        for (index, module) in diff.modules {
            let old = before.modules[index]
            current[old.path] = module.name
            if old.name != module.name {
                changes.append(
                    GraphChange(
                        .moduleRenamed, module: module.name, from: old.name.rawValue, to: module.name.rawValue,
                        folder: module.path))
            }
            if old.path != module.path {
                changes.append(
                    GraphChange(.moduleMoved, module: module.name, from: old.path, to: module.path, folder: module.path)
                )
            }
            if old.version != module.version {
                changes.append(
                    GraphChange(
                        .versionChanged, module: module.name, from: old.version, to: module.version,
                        folder: module.path))
            }
        }
        changes += diff.modulesAdded.map {
            GraphChange(.moduleAdded, module: $0.name, to: $0.version, folder: $0.path)
        }
        changes += diff.modulesRemoved.map { before.modules[$0] }.map {
            GraphChange(.moduleRemoved, module: $0.name, from: $0.version, folder: $0.path)
        }
        let now = { (folder: String) in nameAfter[folder] ?? ModuleName(folder) }
        let then = { (folder: String) in current[folder] ?? nameBefore[folder] ?? now(folder) }
        let edgeChange = { (event: Event, edge: PathEdge, name: (String) -> ModuleName, from: String?, to: String?) in
            GraphChange(
                event, module: name(edge.from), target: name(edge.to).rawValue, from: from, to: to,
                folder: edge.from, targetFolder: edge.to)
        }

        changes += events(after.edges, diff.edges, before.edges) { old, edge in
            guard let old else { return edgeChange(.edgeAdded, edge, now, nil, flags(edge)) }
            if flags(old) != flags(edge) { return edgeChange(.edgeChanged, edge, now, flags(old), flags(edge)) }
            guard old.declared != edge.declared || old.resolution != edge.resolution else { return nil }
            return edgeChange(.declarationChanged, edge, now, old.declared, edge.declared)
        }
        for edge in diff.edgesRemoved.map({ before.edges[$0] }) {
            changes.append(edgeChange(.edgeRemoved, edge, then, flags(edge), nil))
        }

        changes += events(after.requirements, diff.requirements, before.requirements) { old, requirement in
            let (module, target) = (now(requirement.module), requirement.package.rawValue)
            let text = describe(requirement)
            guard let old else {
                return GraphChange(
                    .requirementAdded, module: module, target: target, to: text, folder: requirement.module)
            }
            guard describe(old) != text else { return nil }
            return GraphChange(
                .requirementChanged, module: module, target: target, from: describe(old), to: text,
                folder: requirement.module)
        }
        for requirement in diff.requirementsRemoved.map({ before.requirements[$0] }) {
            changes.append(
                GraphChange(
                    .requirementRemoved, module: then(requirement.module), target: requirement.package.rawValue,
                    from: describe(requirement), folder: requirement.module))
        }
        return changes.sorted {
            ($0.module, $0.event.rawValue, $0.target ?? "", $0.folder ?? "")
                < ($1.module, $1.event.rawValue, $1.target ?? "", $1.folder ?? "")
        }
    }

    /// The changes of the items of `after` that `matches` calls new (`event(nil, item)`) or
    /// replacing one of `before` (`event(old, item)`).
    private static func events<Item>(
        _ after: [Item], _ matches: [SnapshotDiff<String>.Match], _ before: [Item],
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
