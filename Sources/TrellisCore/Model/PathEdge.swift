/// How a declared path dependency was matched to a module folder.
public enum Resolution: String, Sendable, Codable {
    /// A relative or in-repository path, resolved directly.
    case path
    /// uv `{ workspace = true }`, resolved by name among the workspace members.
    case workspace
    /// An absolute URL from another machine, resolved through the module's lock file.
    case lockFile = "lock-file"
    /// An absolute URL from another machine, resolved by the longest path suffix naming one module.
    case pathSuffix = "path-suffix"
}

/// Which file declares an edge.
public enum DeclaredBy: String, Sendable, Codable {
    /// A manifest: `pyproject.toml`, a requirements file, `tox.ini`, `hatch.toml`, `setup.cfg`.
    case manifest
    /// The module's lock file, because its dependencies are dynamic and Trellis cannot read them.
    case lock
}

/// A dependency of one module on another module's folder.
///
/// Its ends are module *folders* (`Module.path`), not names: a path dependency points at a
/// folder, and two folders may declare one name (`duplicate-name`); only the folder says which.
public struct PathEdge: Hashable, Sendable {
    /// The folder of the module that declares the edge.
    public var from: String
    /// The folder of the module the edge points at.
    public var to: String
    /// `main`, `dev`, an extra, a Poetry group or a PEP 735 group.
    public var group: String
    /// Poetry `develop = true` or uv/pip `editable`.
    public var editable: Bool
    public var optional: Bool
    /// The declaration as written (`lib-one = {path = "../../libs/lib-one", develop = true}`).
    public var declared: String
    /// The manifest that declares it, relative to the repository root.
    public var file: String
    public var line: Int
    public var resolution: Resolution
    /// The uv workspace root manifest whose `[tool.uv.sources]` gave this edge to a member that
    /// inherits it, or nil when the declaring manifest resolved it itself.
    public var inheritedFrom: String?
    /// A manifest, or the lock file that completes a module whose dependencies are unread.
    public var declaredBy: DeclaredBy

    public init(
        from: String, to: String, group: String = "main", editable: Bool = false,
        optional: Bool = false, declared: String = "", file: String = "", line: Int = 0,
        resolution: Resolution = .path, inheritedFrom: String? = nil, declaredBy: DeclaredBy = .manifest
    ) {
        self.from = from
        self.to = to
        self.group = group
        self.editable = editable
        self.optional = optional
        self.declared = declared
        self.file = file
        self.line = line
        self.resolution = resolution
        self.inheritedFrom = inheritedFrom
        self.declaredBy = declaredBy
    }
}

/// A dependency on a package from outside the repository.
public struct Requirement: Hashable, Sendable {
    /// The folder of the module that declares it (`Module.path`).
    public var module: String
    /// The PEP 503 normalized package name.
    public var package: ModuleName
    /// The version constraint as written (PEP 440 or Poetry syntax); empty when there is none.
    public var specifier: String
    /// PEP 508 environment markers, when any.
    public var markers: String?
    public var group: String
    public var optional: Bool
    public var file: String
    public var line: Int

    public init(
        module: String, package: ModuleName, specifier: String = "", markers: String? = nil,
        group: String = "main", optional: Bool = false, file: String = "", line: Int = 0
    ) {
        self.module = module
        self.package = package
        self.specifier = specifier
        self.markers = markers
        self.group = group
        self.optional = optional
        self.file = file
        self.line = line
    }
}

extension PathEdge {
    /// Where an edge sits in a graph: its two ends and its group. A snapshot holds one edge a key.
    public struct Key: Hashable, Sendable {
        /// The folder of the module that declares the edge.
        public var from: String
        /// The folder of the module the edge points at.
        public var to: String
        /// The dependency group.
        public var group: String
    }

    /// The edge's ends and group.
    public var key: Key { Key(from: from, to: to, group: group) }

    /// The order of a snapshot's edges, the registry's too: by from folder, to folder, then group.
    public static func snapshotOrder(_ a: PathEdge, _ b: PathEdge) -> Bool {
        (a.from, a.to, a.group) < (b.from, b.to, b.group)
    }
}

extension Requirement {
    /// The order of a snapshot's requirements, the registry's too: by module folder, group, package, then line.
    public static func snapshotOrder(_ a: Requirement, _ b: Requirement) -> Bool {
        (a.module, a.group, a.package, a.line) < (b.module, b.group, b.package, b.line)
    }
}
