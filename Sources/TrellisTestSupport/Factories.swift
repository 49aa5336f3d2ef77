import TrellisCore

// Factories with full defaults, so a test states only what it is about.

extension Module {
    /// A module named `name` under `libs/` (or `path`), with a manifest beside it.
    public static func test(_ name: String, path: String? = nil, version: String? = "1.0.0", kind: ModuleKind = .lib)
        -> Module
    {
        let folder = path ?? "libs/\(name)"
        return Module(
            name: ModuleName(name), path: folder, version: version, kind: kind, manifest: "\(folder)/pyproject.toml")
    }
}

/// The folder `Module.test` gives a module named `name`; a folder (with a `/`) stays as it is.
public func testFolder(_ name: String) -> String {
    name.contains("/") || name == "." ? name : "libs/\(name)"
}

extension PathEdge {
    /// An edge `from` → `to` (names of `Module.test` modules, or folders), declared in `from`'s manifest.
    public static func test(_ from: String, _ to: String, group: String = "main", editable: Bool = true, line: Int = 10)
        -> PathEdge
    {
        let (source, target) = (testFolder(from), testFolder(to))
        return PathEdge(
            from: source, to: target, group: group, editable: editable,
            declared: "\(to) = {path = \"../\(to)\", develop = true}", file: "\(source)/pyproject.toml", line: line)
    }
}

extension Requirement {
    /// A requirement of the `Module.test` module `module` (a name, or a folder) on `package`.
    public static func test(_ module: String, _ package: String, _ specifier: String = ">=1") -> Requirement {
        Requirement(
            module: testFolder(module), package: ModuleName(package), specifier: specifier,
            file: "\(testFolder(module))/pyproject.toml", line: 5)
    }
}

extension DependencyGraph {
    /// The folder of the one module named `name` (a test's shorthand; empty when none is).
    public func folder(of name: String) -> String {
        modules.first { $0.name == ModuleName(name) }?.path ?? ""
    }
}

extension Snapshot {
    /// The name of the module in `folder` (the folder itself when none is there).
    public func name(of folder: String) -> String {
        modules.first { $0.path == folder }?.name.rawValue ?? folder
    }

    /// The folder of the first module named `name` (a test's shorthand; empty when none is).
    public func folder(of name: String) -> String {
        modules.first { $0.name == ModuleName(name) }?.path ?? ""
    }
}

/// The folder of the module an end written by name (`PathEdge.test("web", "core")` gives
/// `libs/core`) stands for among `modules`: the end itself when a module has that folder, else
/// the folder of the one module named after its last component.
func placed(_ end: String, among modules: [Module]) -> String {
    if modules.contains(where: { $0.path == end }) { return end }
    let name = ModuleName(String(end.split(separator: "/").last ?? Substring(end)))
    let named = modules.filter { $0.name == name }
    return named.count == 1 ? named[0].path : end
}

extension DependencyGraph {
    /// A graph of `modules` whose `edges` were written by module name (`PathEdge.test`), each
    /// end moved to the folder of the module of that name.
    public static func test(modules: [Module], edges: [PathEdge]) -> DependencyGraph {
        DependencyGraph(modules: modules, edges: edges.map { $0.placed(among: modules) })
    }
}

extension PathEdge {
    /// The edge with its ends moved to the folders of `modules` they name (`placed(_:among:)`).
    public func placed(among modules: [Module]) -> PathEdge {
        var edge = self
        edge.from = TrellisTestSupport.placed(from, among: modules)
        edge.to = TrellisTestSupport.placed(to, among: modules)
        return edge
    }
}

extension Requirement {
    /// The requirement moved to the folder of the module of `modules` it names (`placed(_:among:)`).
    public func placed(among modules: [Module]) -> Requirement {
        var requirement = self
        requirement.module = TrellisTestSupport.placed(module, among: modules)
        return requirement
    }
}
