import TrellisCore

/// The registry as of one snapshot (nil: the present): every query answers at that point.
public struct RegistryView: Sendable {
    public let store: RegistryStore
    public let snapshot: Int64?

    public init(store: RegistryStore, snapshot: Int64?) {
        self.store = store
        self.snapshot = snapshot
    }

    public func modules() throws(StoreError) -> [Module] { try store.modules(at: snapshot) }
    public func graph() throws(StoreError) -> DependencyGraph { try store.graph(at: snapshot) }
    /// The requirements of the module in folder `module`, or of all.
    public func requirements(of module: String? = nil) throws(StoreError) -> [Requirement] {
        try store.requirements(of: module, at: snapshot)
    }
    public func findModule(_ query: String) throws -> Module { try store.findModule(query, at: snapshot) }
    public func reach(_ direction: DependencyGraph.Direction, from module: Module, transitive: Bool, maxDepth: Int?)
        throws(StoreError) -> [DependencyGraph.Reached]
    {
        try store.reach(direction, from: module, transitive: transitive, maxDepth: maxDepth, at: snapshot)
    }
    public func reach(
        _ direction: DependencyGraph.Direction, fromModuleNamed query: String, transitive: Bool, maxDepth: Int?
    ) throws -> (start: Module, reached: [DependencyGraph.Reached]) {
        try store.reach(direction, fromModuleNamed: query, transitive: transitive, maxDepth: maxDepth, at: snapshot)
    }
    public func diagnostics() throws(StoreError) -> [Diagnostic] { try store.diagnostics(of: snapshot) }

    /// Who depends on the module `query` names, following name references as well as path
    /// edges (`dependents --with-name-refs`).
    public func dependentsByPathOrName(
        of query: String, transitive: Bool, maxDepth: Int?
    ) throws -> (start: Module, reached: [(reached: DependencyGraph.Reached, byPath: Bool)]) {
        let graph = try graph()
        let start = try ModuleLookup(modules: graph.modules).find(query)
        let references = NameReference.find(requirements: try requirements(), modules: graph.modules)
        let reached = graph.dependents(
            of: start.path, following: references, transitive: transitive, maxDepth: maxDepth)
        return (start, reached)
    }

    /// What `show` tells about the module `query` names.
    public func detail(of query: String) throws -> ModuleDetail {
        let graph = try graph()
        let module = try ModuleLookup(modules: graph.modules).find(query)
        return ModuleDetail(
            of: module, in: graph, requirements: try requirements(of: module.path), allRequirements: try requirements())
    }

    /// The modules `changed` files affect (`affected`), given the repository's global files.
    public func affected(
        by changed: [String], global: [Glob], includeDependencies: Bool = false
    ) throws(StoreError) -> [AffectedModules.Entry] {
        AffectedModules(graph: try graph(), global: global)
            .affected(by: changed, includeDependencies: includeDependencies)
    }

    /// The recorded events `query` keeps, over the whole history (it spans every snapshot, so the
    /// view's own snapshot does not narrow it). A module name the lookup misses is kept as typed,
    /// since a module that no longer exists still has a history; one that no event mentions
    /// either is taken for a typo. A module whose name another module shares is followed by its
    /// folder (a name two modules share is ambiguous and says so).
    public func history(
        module query: String?, since: String?, until: String?, event: GraphChange.Event?
    ) throws -> [HistoryEvent] {
        let modules = try store.modules()
        let lookup = ModuleLookup(modules: modules)
        var found: Module?
        do {
            found = try query.map(lookup.find)
        } catch .ambiguous(let query, let paths) {
            throw ModuleLookup.Failure.ambiguous(query, paths: paths)
        } catch {}
        let name = query.map { found?.name ?? ModuleName($0) }
        let shared = found.map { module in modules.contains { $0.name == module.name && $0.path != module.path } }
        let filter = HistoryQuery(
            module: shared == true ? nil : name, folder: shared == true ? found?.path : nil, since: since,
            until: until, event: event)
        let events = filter.events(in: try store.changes())
        if let name, let query, events.isEmpty, modules.allSatisfy({ $0.name != name }) {
            throw ModuleLookup.Failure.unknown(query, suggestions: lookup.suggestions(for: name))
        }
        return events
    }

    /// The modules and edges that changed from snapshot `from` to snapshot `to`, with their
    /// neighbours, to draw (`diff --format`).
    public func delta(from: Int64, to: Int64) throws(StoreError) -> GraphDelta {
        GraphDelta(from: try store.snapshot(at: from), to: try store.snapshot(at: to))
    }

    /// What changed from snapshot `from` to snapshot `to`, each change dated by `to`.
    public func changes(from: Int64, to: Int64) throws(StoreError) -> [HistoryEvent] {
        let target = try store.snapshots().first { $0.id == to }
        return GraphChange.changes(from: try store.snapshot(at: from), to: try store.snapshot(at: to))
            .map { HistoryEvent(change: $0, snapshot: target) }
    }
}
