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

    /// The changes that turn `before` into `after`. Modules are matched by folder first, then by
    /// name (a move), so a renamed or moved module is one change, not a removal and an addition;
    /// edges and requirements are matched through that identity. O(size of both), sorted.
    ///
    /// `before` and `after` may be partial: the rows that vanished and appeared at one snapshot.
    /// Unchanged rows cancel out, so the partial comparison gives the same changes as the whole.
    public static func changes(from before: Snapshot, to after: Snapshot) -> [GraphChange] {
        var changes: [GraphChange] = []
        // Module identity: before-name → after-name for every module present on both sides.
        var renamed: [ModuleName: ModuleName] = [:]
        var unmatchedBefore = before.modules
        var unmatchedAfter: [Module] = []
        for module in after.modules {
            if let index = unmatchedBefore.firstIndex(where: { $0.path == module.path })
                ?? unmatchedBefore.firstIndex(where: { $0.name == module.name }) {
                let old = unmatchedBefore.remove(at: index)
                renamed[old.name] = module.name
                if old.name != module.name {
                    changes.append(GraphChange(.moduleRenamed, module: module.name, from: old.name.rawValue, to: module.name.rawValue))
                }
                if old.path != module.path {
                    changes.append(GraphChange(.moduleMoved, module: module.name, from: old.path, to: module.path))
                }
                if old.version != module.version {
                    changes.append(GraphChange(.versionChanged, module: module.name, from: old.version, to: module.version))
                }
            } else {
                unmatchedAfter.append(module)
            }
        }
        changes += unmatchedAfter.map { GraphChange(.moduleAdded, module: $0.name, to: $0.version) }
        changes += unmatchedBefore.map { GraphChange(.moduleRemoved, module: $0.name, from: $0.version) }
        let identity = { (name: ModuleName) in renamed[name] ?? name }

        // Edges, by (from, to) through the identity.
        struct Ends: Hashable { var from: ModuleName, to: ModuleName }
        var beforeEdges: [Ends: [PathEdge]] = [:]
        for edge in before.edges { beforeEdges[Ends(from: identity(edge.from), to: identity(edge.to)), default: []].append(edge) }
        for edge in after.edges {
            let ends = Ends(from: edge.from, to: edge.to)
            guard var candidates = beforeEdges[ends], !candidates.isEmpty else {
                changes.append(GraphChange(.edgeAdded, module: edge.from, target: edge.to.rawValue, to: Self.flags(edge)))
                continue
            }
            let index = candidates.firstIndex { $0.group == edge.group } ?? 0
            let old = candidates.remove(at: index)
            beforeEdges[ends] = candidates
            if Self.flags(old) != Self.flags(edge) {
                changes.append(GraphChange(.edgeChanged, module: edge.from, target: edge.to.rawValue, from: Self.flags(old), to: Self.flags(edge)))
            } else if old.declared != edge.declared || old.resolution != edge.resolution {
                changes.append(GraphChange(.declarationChanged, module: edge.from, target: edge.to.rawValue, from: old.declared, to: edge.declared))
            }
        }
        for (ends, remaining) in beforeEdges {
            for edge in remaining {
                changes.append(GraphChange(.edgeRemoved, module: ends.from, target: ends.to.rawValue, from: Self.flags(edge)))
            }
        }

        // Requirements, by (module, package, group).
        struct Key: Hashable { var module: ModuleName, package: ModuleName, group: String }
        var beforeRequirements: [Key: [Requirement]] = [:]
        for requirement in before.requirements {
            beforeRequirements[Key(module: identity(requirement.module), package: requirement.package, group: requirement.group), default: []].append(requirement)
        }
        for requirement in after.requirements {
            let key = Key(module: requirement.module, package: requirement.package, group: requirement.group)
            guard var candidates = beforeRequirements[key], !candidates.isEmpty else {
                changes.append(GraphChange(.requirementAdded, module: requirement.module, target: requirement.package.rawValue, to: Self.describe(requirement)))
                continue
            }
            let old = candidates.removeFirst()
            beforeRequirements[key] = candidates
            if Self.describe(old) != Self.describe(requirement) {
                changes.append(GraphChange(.requirementChanged, module: requirement.module, target: requirement.package.rawValue, from: Self.describe(old), to: Self.describe(requirement)))
            }
        }
        for (key, remaining) in beforeRequirements {
            for requirement in remaining {
                changes.append(GraphChange(.requirementRemoved, module: key.module, target: key.package.rawValue, from: Self.describe(requirement)))
            }
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
