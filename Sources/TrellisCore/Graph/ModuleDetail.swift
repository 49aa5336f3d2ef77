/// Everything `show` tells about one module: its edges both ways with the module at the other
/// end, its external requirements, and the name references from and to it.
public struct ModuleDetail: Sendable {
    /// An edge or a name reference, with the module at its other end.
    public struct Link<Item: Sendable>: Sendable {
        /// The edge or reference itself.
        public var item: Item
        /// The module at the end that is not the one shown.
        public var other: Module
    }

    /// The module shown.
    public var module: Module
    /// Its path edges, to the modules it depends on.
    public var dependencies: [Link<PathEdge>]
    /// The path edges of the modules that depend on it.
    public var dependents: [Link<PathEdge>]
    /// Its external requirements, as the registry orders them.
    public var requirements: [Requirement]
    /// Requirements of this module on other modules' names that are not path edges.
    public var nameReferences: [Link<NameReference>]
    /// Other modules' requirements on this module's name that are not path edges.
    public var referencedByName: [Link<NameReference>]

    /// The detail of `module` in `graph`: `requirements` are the module's own, `allRequirements`
    /// every module's (name references are derived from them, not stored). O(edges + requirements).
    public init(
        of module: Module, in graph: DependencyGraph, requirements: [Requirement], allRequirements: [Requirement]
    ) {
        func other(_ folder: String) -> Module {
            graph.module(at: folder) ?? Module(name: ModuleName(folder), path: folder, manifest: "?")
        }
        let references = NameReference.find(requirements: allRequirements, modules: graph.modules)
        self.module = module
        // Each list by the other module's name (then folder, group and line), as people read it.
        func byName<Item>(_ links: [Link<Item>], _ key: (Item) -> (String, Int)) -> [Link<Item>] {
            links.sorted {
                ($0.other.name, $0.other.path, key($0.item).0, key($0.item).1)
                    < ($1.other.name, $1.other.path, key($1.item).0, key($1.item).1)
            }
        }
        let edgeKey = { (edge: PathEdge) in (edge.group, edge.line) }
        let referenceKey = { (reference: NameReference) in (reference.group, reference.line) }
        dependencies = byName(
            graph.edges.filter { $0.from == module.path }.map { Link(item: $0, other: other($0.to)) }, edgeKey)
        dependents = byName(
            graph.edges.filter { $0.to == module.path }.map { Link(item: $0, other: other($0.from)) }, edgeKey)
        self.requirements = requirements
        nameReferences = byName(
            references.filter { $0.from == module.path }.map { Link(item: $0, other: other($0.to)) }, referenceKey)
        referencedByName = byName(
            references.filter { $0.to == module.path }.map { Link(item: $0, other: other($0.from)) }, referenceKey)
    }
}
