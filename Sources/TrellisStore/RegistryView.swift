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
    public func requirements(of module: ModuleName? = nil) throws(StoreError) -> [Requirement] {
        try store.requirements(of: module, at: snapshot)
    }
    public func findModule(_ query: String) throws -> Module { try store.findModule(query, at: snapshot) }
    public func reach(_ direction: DependencyGraph.Direction, from module: Module, transitive: Bool, maxDepth: Int?) throws(StoreError) -> [DependencyGraph.Reached] {
        try store.reach(direction, from: module, transitive: transitive, maxDepth: maxDepth, at: snapshot)
    }
    public func reach(_ direction: DependencyGraph.Direction, fromModuleNamed query: String, transitive: Bool, maxDepth: Int?) throws -> (start: Module, reached: [DependencyGraph.Reached]) {
        try store.reach(direction, fromModuleNamed: query, transitive: transitive, maxDepth: maxDepth, at: snapshot)
    }
    public func diagnostics() throws(StoreError) -> [Diagnostic] { try store.diagnostics(of: snapshot) }
}
