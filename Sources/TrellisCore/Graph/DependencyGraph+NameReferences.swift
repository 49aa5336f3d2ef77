extension DependencyGraph {
    /// A module reached when name references count as edges, and whether path edges alone reach it.
    public struct ReachedByPathOrName: Hashable, Sendable {
        public var reached: Reached
        /// True when path edges alone reach the module; false when a name reference is on the way.
        public var byPath: Bool

        public init(reached: Reached, byPath: Bool) {
            self.reached = reached
            self.byPath = byPath
        }
    }

    /// Who depends on `name` when `references` count as edges too, each at its shortest depth,
    /// saying whether the path edges alone reach it. Two traversals: O(modules + edges + references).
    public func dependents(
        of name: ModuleName, following references: [NameReference], transitive: Bool, maxDepth: Int?
    ) -> [ReachedByPathOrName] {
        let widened = DependencyGraph(modules: modules, edges: edges + references.map(\.asEdge))
        let byPath = Set(reach(.dependents, from: name, transitive: transitive, maxDepth: maxDepth).map(\.module.name))
        return widened.reach(.dependents, from: name, transitive: transitive, maxDepth: maxDepth).map {
            ReachedByPathOrName(reached: $0, byPath: byPath.contains($0.module.name))
        }
    }
}
