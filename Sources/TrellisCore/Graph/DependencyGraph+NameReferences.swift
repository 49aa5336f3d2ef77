extension DependencyGraph {
    /// Who depends on `name` when `references` count as edges too, each at its shortest depth,
    /// with `byPath` true when the path edges alone reach it. Two traversals:
    /// O(modules + edges + references).
    public func dependents(
        of name: ModuleName, following references: [NameReference], transitive: Bool, maxDepth: Int?
    ) -> [(reached: Reached, byPath: Bool)] {
        let widened = DependencyGraph(modules: modules, edges: edges + references.map(\.asEdge))
        let byPath = Set(reach(.dependents, from: name, transitive: transitive, maxDepth: maxDepth).map(\.module.name))
        return widened.reach(.dependents, from: name, transitive: transitive, maxDepth: maxDepth).map {
            (reached: $0, byPath: byPath.contains($0.module.name))
        }
    }
}
