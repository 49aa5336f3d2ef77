/// What one `pyproject.toml` declares, before path dependencies are matched to module folders.
public struct Manifest: Equatable, Sendable {
    /// The manifest file, relative to the repository root (`libs/lib-one/pyproject.toml`).
    public var file: String
    /// Its folder, relative to the repository root (`libs/lib-one`, or `.`).
    public var folder: String
    /// The distribution name as written, when the manifest declares one.
    public var rawName: String?
    /// The line of the name, when the manifest declares one.
    public var nameLine: Int?
    public var version: String?
    public var description: String?
    public var dependencies: [DeclaredDependency]
    /// `[tool.uv.sources]` entries that point at local folders, by package name, for members to inherit.
    public var uvSources: [ModuleName: UVSource]
    /// `[tool.uv.workspace]`, when this manifest is a uv workspace root.
    public var uvWorkspace: UVWorkspace?
    /// `[tool.trellis]` configuration, meaningful at the repository root only.
    public var trellis: TOMLTable?
    /// `[tool.setuptools.dynamic]` files that hold dependencies, read by `ManifestReader`.
    public var dependencyFiles: [DependencyFile]
    /// Dynamic dependency lists that no table Trellis reads declares.
    public var unreadDynamic: UnreadDynamic?
    public var diagnostics: [Diagnostic]

    public var name: ModuleName? { rawName.map(ModuleName.init) }

    /// True when the file is not valid TOML, so nothing of it could be read.
    public var isUnreadable: Bool { diagnostics.contains { $0.code == .invalidManifest } }

    /// Gives an unreadable manifest the module it declared in `snapshot`, so other modules'
    /// path dependencies on it still resolve. Its dependencies come back with `Snapshot.carryOver`.
    mutating func restore(from snapshot: Snapshot) {
        guard let module = snapshot.modules.first(where: { $0.manifest == file }) else { return }
        rawName = module.name.rawValue
        version = module.version
        description = module.description
    }

    /// Adds a declaration; an index requirement with a `[tool.uv.sources]` entry becomes local.
    public mutating func add(_ declared: DeclaredDependency) {
        var dependency = declared
        if case .index = dependency.target, let source = uvSources[dependency.name] {
            dependency.target = source.target
            dependency.editable = source.editable
            dependency.declared = "\(dependency.declared) with [tool.uv.sources] \(source.declared)"
        }
        dependencies.append(dependency)
    }

    public init(file: String) {
        self.file = file
        self.folder = RelativePath.parent(of: file)
        self.dependencies = []
        self.uvSources = [:]
        self.dependencyFiles = []
        self.diagnostics = []
    }
}

/// A requirements-style file that setuptools reads a dependency list from (`{file = […]}`).
public struct DependencyFile: Equatable, Sendable {
    /// Repository-relative.
    public var path: String
    /// `main`, or the extra's name.
    public var group: String
    public var optional: Bool
    /// The line of the directive in the manifest.
    public var line: Int
}

/// `[project] dynamic` entries (`dependencies`, `optional-dependencies`) whose source Trellis does not read.
public struct UnreadDynamic: Equatable, Sendable {
    public var keys: [String]
    /// The line of `dynamic`.
    public var line: Int
    /// `[build-system] build-backend`, when declared.
    public var backend: String?
}

/// A `[tool.uv.sources]` entry that names a local folder.
public struct UVSource: Equatable, Sendable {
    public var target: DeclaredDependency.Target
    public var editable: Bool
    /// The entry as written.
    public var declared: String
    public var line: Int
}

/// The `[tool.uv.workspace]` table of a workspace root.
public struct UVWorkspace: Equatable, Sendable {
    public var members: [String]
    public var exclude: [String]
}
