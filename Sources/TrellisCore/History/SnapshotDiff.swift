/// The comparison of a state of the graph with an update of it: which module of the update is
/// which module before (same folder first, then same name: a move or a rename), and which edges
/// and requirements were kept, changed, added or removed, matched through those identities.
/// Pure; O(size of the states compared), every match a dictionary lookup.
///
/// `ModuleID` is what identifies a module from one snapshot to the next for the caller: the
/// registry's module id for an ingestion, the folder in the state before for two snapshots read
/// back. Edges and requirements end at module folders; a folder of the update stands for the
/// identity `identity(of:)` gives.
public struct SnapshotDiff<ModuleID: Hashable> {
    /// A module of the update: one of the state before, or the n-th of `modulesAdded`.
    public enum Identity: Hashable {
        case existing(ModuleID)
        case added(Int)
    }

    /// How an edge or a requirement of the update relates to the state before.
    public enum Match: Equatable {
        /// Equal in every attribute to the one at this index before (modules by identity): kept.
        case same(Int)
        /// Replaces the one at this index before (same ends and group when there is one).
        case changed(Int)
        /// New.
        case added
        /// Names a module the update does not identify: not compared.
        case unresolved
    }

    /// The modules matched, in the order they were matched (by folder, then by name): the index
    /// of the module before, and the module now.
    public private(set) var modules: [(before: Int, after: Module)] = []
    /// The update's modules matched to none before, in the update's order.
    public private(set) var modulesAdded: [Module] = []
    /// The indices of the modules before matched to none of the update, in order.
    public private(set) var modulesRemoved: [Int] = []
    /// The identity each folder of the update's modules stands for, except the folders of
    /// `known`, which keep theirs.
    public private(set) var folders: [String: Identity] = [:]
    /// One match for each edge of the update, in its order.
    public private(set) var edges: [Match] = []
    /// The indices of the edges before that nothing replaces, in order.
    public private(set) var edgesRemoved: [Int] = []
    /// One match for each requirement of the update, in its order.
    public private(set) var requirements: [Match] = []
    /// The indices of the requirements before that nothing replaces, in order.
    public private(set) var requirementsRemoved: [Int] = []

    private let known: [String: ModuleID]

    /// Compares `after` with the state before: `modules` with their identities, and the edges
    /// and requirements `after` may replace, by the identities of their modules. For a patch,
    /// that is the modules at the patch's folders and what they declare: a patch is matched by
    /// folder only, and adds or removes no module. Folders in `known` keep their identity (a patch
    /// keeps the registry's) and stand for the modules the update does not list.
    public init(
        modules: [(id: ModuleID, module: Module)], edges: [(from: ModuleID, to: ModuleID, edge: PathEdge)],
        requirements: [(module: ModuleID, requirement: Requirement)], after: SnapshotUpdate,
        known: [String: ModuleID] = [:]
    ) {
        self.known = known
        switch after {
        case .full(let snapshot):
            matchModules(modules, snapshot.modules, byName: true)
            compareEdges(edges, snapshot.edges)
            compareRequirements(requirements, snapshot.requirements)
        case .patch(let patch):
            matchModules(modules, patch.modules, byName: false)
            compareEdges(edges, patch.edges)
            compareRequirements(requirements, patch.requirements)
        }
    }

    /// The identity a module folder of the update stands for; nil for a folder no module has.
    public func identity(of folder: String) -> Identity? {
        if let id = known[folder] { return .existing(id) }
        return folders[folder]
    }

    // MARK: Modules

    private mutating func matchModules(
        _ before: [(id: ModuleID, module: Module)], _ after: [Module], byName: Bool
    ) {
        var byPath: [String: Int] = [:]
        var firstByName: [ModuleName: Int] = [:]
        for (index, entry) in before.enumerated() {
            byPath[entry.module.path] = index
            if firstByName[entry.module.name] == nil { firstByName[entry.module.name] = index }
        }
        var matched = [Bool](repeating: false, count: before.count)
        var unmatched: [Module] = []
        func match(_ index: Int, _ module: Module) {
            matched[index] = true
            modules.append((index, module))
            if known[module.path] == nil { folders[module.path] = .existing(before[index].id) }
        }
        for module in after {
            if let index = byPath[module.path], !matched[index] || !byName {
                match(index, module)
            } else if byName {
                unmatched.append(module)
            }
        }
        for module in unmatched {
            if let index = firstByName[module.name], !matched[index] {
                match(index, module)
            } else {
                modulesAdded.append(module)
            }
        }
        for (index, module) in modulesAdded.enumerated() where known[module.path] == nil {
            folders[module.path] = .added(index)
        }
        if byName { modulesRemoved = before.indices.filter { !matched[$0] } }
    }

    // MARK: Edges and requirements

    /// Edges are paired in two passes: equal ones first, wherever they are, so that a kept edge
    /// is never taken by another; then each remaining edge replaces one between the same ends,
    /// in the same group when there is one.
    private mutating func compareEdges(
        _ before: [(from: ModuleID, to: ModuleID, edge: PathEdge)], _ after: [PathEdge]
    ) {
        var equal: [Anchored<PathEdge>: [Int]] = [:]
        for (index, entry) in before.enumerated() {
            equal[Anchored(.existing(entry.from), .existing(entry.to), entry.edge.unnamed), default: []].append(index)
        }
        var taken = [Bool](repeating: false, count: before.count)
        var ends: [Ends?] = []
        for edge in after {
            guard let from = identity(of: edge.from), let to = identity(of: edge.to) else {
                edges.append(.unresolved)
                ends.append(nil)
                continue
            }
            // Nothing to match on a first snapshot: no key to build and hash (25,000 edges at 10,000 modules).
            let key = equal.isEmpty ? nil : Anchored(from, to, edge.unnamed)
            if let key, let index = equal[key]?.popLast() {
                taken[index] = true
                edges.append(.same(index))
            } else {
                edges.append(.added)
            }
            ends.append(Ends(from: from, to: to))
        }
        var byEnds: [Ends: [Int]] = [:]
        for (index, entry) in before.enumerated() where !taken[index] {
            byEnds[Ends(from: .existing(entry.from), to: .existing(entry.to)), default: []].append(index)
        }
        for (position, edge) in after.enumerated() where !byEnds.isEmpty && edges[position] == .added {
            guard let pair = ends[position], var candidates = byEnds[pair], !candidates.isEmpty else { continue }
            let chosen = candidates.remove(at: candidates.firstIndex { before[$0].edge.group == edge.group } ?? 0)
            taken[chosen] = true
            edges[position] = .changed(chosen)
            byEnds[pair] = candidates
        }
        edgesRemoved = before.indices.filter { !taken[$0] }
    }

    /// Requirements are paired as edges are: equal ones first, then one of the same module,
    /// package and group.
    private mutating func compareRequirements(
        _ before: [(module: ModuleID, requirement: Requirement)], _ after: [Requirement]
    ) {
        var equal: [Anchored<Requirement>: [Int]] = [:]
        for (index, entry) in before.enumerated() {
            equal[Anchored(.existing(entry.module), nil, entry.requirement.unnamed), default: []].append(index)
        }
        var taken = [Bool](repeating: false, count: before.count)
        var modules: [Identity?] = []
        for requirement in after {
            guard let module = identity(of: requirement.module) else {
                requirements.append(.unresolved)
                modules.append(nil)
                continue
            }
            if !equal.isEmpty, let index = equal[Anchored(module, nil, requirement.unnamed)]?.popLast() {
                taken[index] = true
                requirements.append(.same(index))
            } else {
                requirements.append(.added)
            }
            modules.append(module)
        }
        var bySlot: [Anchored<Slot>: [Int]] = [:]
        for (index, entry) in before.enumerated() where !taken[index] {
            bySlot[Anchored(.existing(entry.module), nil, Slot(entry.requirement)), default: []].append(index)
        }
        for (position, requirement) in after.enumerated() where !bySlot.isEmpty && requirements[position] == .added {
            guard let module = modules[position] else { continue }
            let slot = Anchored(module, nil, Slot(requirement))
            guard var candidates = bySlot[slot], !candidates.isEmpty else { continue }
            let index = candidates.removeFirst()
            taken[index] = true
            requirements[position] = .changed(index)
            bySlot[slot] = candidates
        }
        requirementsRemoved = before.indices.filter { !taken[$0] }
    }

    /// A value with the modules it names replaced by their identities: equal keys, same row.
    private struct Anchored<Value: Hashable>: Hashable {
        var first: Identity
        var second: Identity?
        var value: Value

        init(_ first: Identity, _ second: Identity?, _ value: Value) {
            self.first = first
            self.second = second
            self.value = value
        }
    }

    /// The two ends of an edge, by identity.
    private struct Ends: Hashable {
        var from: Identity
        var to: Identity
    }

    /// Where a requirement sits in its module: what a changed requirement keeps.
    private struct Slot: Hashable {
        var package: ModuleName
        var group: String

        init(_ requirement: Requirement) {
            package = requirement.package
            group = requirement.group
        }
    }
}

/// The folder every module folder is replaced by where modules are compared by identity.
private let unnamedModule = ""

extension PathEdge {
    /// The edge without the folders of its ends.
    fileprivate var unnamed: PathEdge {
        var edge = self
        edge.from = unnamedModule
        edge.to = unnamedModule
        return edge
    }
}

extension Requirement {
    /// The requirement without the folder of its module.
    fileprivate var unnamed: Requirement {
        var requirement = self
        requirement.module = unnamedModule
        return requirement
    }
}
