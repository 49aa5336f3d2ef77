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

extension PathEdge {
    /// An edge `from` → `to`, declared in `from`'s manifest.
    public static func test(_ from: String, _ to: String, group: String = "main", editable: Bool = true, line: Int = 10)
        -> PathEdge
    {
        PathEdge(
            from: ModuleName(from), to: ModuleName(to), group: group, editable: editable,
            declared: "\(to) = {path = \"../\(to)\", develop = true}", file: "libs/\(from)/pyproject.toml", line: line)
    }
}

extension Requirement {
    public static func test(_ module: String, _ package: String, _ specifier: String = ">=1") -> Requirement {
        Requirement(
            module: ModuleName(module), package: ModuleName(package), specifier: specifier,
            file: "libs/\(module)/pyproject.toml", line: 5)
    }
}
