/// What role a module plays in the repository.
public enum ModuleKind: String, Sendable, Codable, CaseIterable, Comparable {
    case lib, project, module

    public static func < (a: ModuleKind, b: ModuleKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A folder of the repository that declares a Python distribution.
public struct Module: Hashable, Sendable {
    /// The PEP 503 normalized distribution name.
    public var name: ModuleName
    /// The folder, relative to the repository root, with `/` separators (`libs/lib-one`); `.` for the root.
    public var path: String
    /// The declared version, or nil when it is dynamic or absent.
    public var version: String?
    public var description: String?
    public var kind: ModuleKind
    /// The manifest the module was read from, relative to the repository root.
    public var manifest: String

    public init(
        name: ModuleName, path: String, version: String? = nil, description: String? = nil,
        kind: ModuleKind = .module, manifest: String
    ) {
        self.name = name
        self.path = path
        self.version = version
        self.description = description
        self.kind = kind
        self.manifest = manifest
    }
}
