/// A dependency on a package that is also a module of the repository but is not declared with a
/// local source (`lib-one>=1`, `lib-one @ git+https://…#subdirectory=libs/lib-one`): not a path
/// edge (the installed copy comes from an index or a remote), yet a coupling people must see.
///
/// Name references are computed from the requirements and modules of a snapshot when asked for,
/// so the registry needs no table of its own for them and they follow its history for free.
public struct NameReference: Hashable, Sendable {
    /// The folder of the module that declares the requirement.
    public var from: String
    /// The folder of a module whose name the requirement uses (one reference per such module).
    public var to: String
    /// The name as required (PEP 503 normalized).
    public var package: ModuleName
    /// The specifier as declared (`>=1`, `@ git+https://…`); empty when there is none.
    public var specifier: String
    public var group: String
    public var optional: Bool
    public var file: String
    public var line: Int

    public init(
        from: String, to: String, package: ModuleName, specifier: String = "", group: String = "main",
        optional: Bool = false, file: String = "", line: Int = 0
    ) {
        self.from = from
        self.to = to
        self.package = package
        self.specifier = specifier
        self.group = group
        self.optional = optional
        self.file = file
        self.line = line
    }

    /// The requirements among `requirements` whose package is the name of one of `modules`,
    /// a reference to each module of that name (a module requiring its own name, as extras do in
    /// `x[extra]`, is left out). O(r + m).
    public static func find(requirements: [Requirement], modules: [Module]) -> [NameReference] {
        var folders: [ModuleName: [String]] = [:]
        for module in modules { folders[module.name, default: []].append(module.path) }
        return requirements.flatMap { requirement in
            (folders[requirement.package] ?? []).filter { $0 != requirement.module }.map {
                NameReference(
                    from: requirement.module, to: $0, package: requirement.package, specifier: requirement.specifier,
                    group: requirement.group, optional: requirement.optional, file: requirement.file,
                    line: requirement.line)
            }
        }
        .sorted { ($0.from, $0.to, $0.group, $0.line) < ($1.from, $1.to, $1.group, $1.line) }
    }

    /// Name references as path-edge-shaped links, to traverse them with `DependencyGraph`.
    public var asEdge: PathEdge {
        PathEdge(
            from: from, to: to, group: group, optional: optional,
            declared: "\(package)\(specifier)", file: file, line: line)
    }
}

extension Snapshot {
    /// Requirements on names of this snapshot's modules that are not path edges.
    public var nameReferences: [NameReference] {
        NameReference.find(requirements: requirements, modules: modules)
    }
}
