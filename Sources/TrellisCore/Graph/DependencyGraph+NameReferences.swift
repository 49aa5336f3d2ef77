extension DependencyGraph {
    /// Who depends on the module in `folder` when `references` count as edges too, each at its shortest depth,
    /// with `byPath` true when the path edges alone reach it. Two traversals:
    /// O(modules + edges + references).
    public func dependents(
        of folder: String, following references: [NameReference], transitive: Bool, maxDepth: Int?
    ) -> [(reached: Reached, byPath: Bool)] {
        let widened = DependencyGraph(modules: modules, edges: edges + references.map(\.asEdge))
        let byPath = Set(
            reach(.dependents, from: folder, transitive: transitive, maxDepth: maxDepth).map(\.module.path))
        return widened.reach(.dependents, from: folder, transitive: transitive, maxDepth: maxDepth).map {
            (reached: $0, byPath: byPath.contains($0.module.path))
        }
    }
}
