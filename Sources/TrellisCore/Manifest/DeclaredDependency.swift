/// One dependency as a manifest declares it, before it is matched to a module folder.
public struct DeclaredDependency: Equatable, Sendable {
    /// Where the dependency points.
    public enum Target: Equatable, Sendable {
        /// A package from an index, with its constraint as written.
        case index(specifier: String)
        /// A direct reference that is not a local path (`git+https://…`, an archive URL).
        case remote(url: String)
        /// A folder path, relative to the declaring manifest's folder or absolute.
        case path(String)
        /// A `file:` URL (PEP 508 direct reference, PDM, Poetry 2).
        case fileURL(String)
        /// uv `{ workspace = true }`: the workspace member of that name.
        case workspace
    }

    public var name: ModuleName
    public var target: Target
    public var group: String
    public var editable: Bool
    public var optional: Bool
    public var markers: String?
    /// The declaration as written, for people.
    public var declared: String
    public var line: Int
    /// The file that declares it when it is not the manifest itself (a requirements file, an
    /// included requirements file, `hatch.toml`, `setup.cfg`), repository-relative.
    public var file: String?
    /// For a line of a requirements file or `tox.ini`: the folder pip most likely runs in (the
    /// module's folder, or the `tox.ini`'s), which pip resolves `-e x` and plain paths against.
    public var workingDirectory: String?
    /// The uv workspace root manifest whose `[tool.uv.sources]` this dependency inherits, if any.
    public var inheritedFrom: String?

    public init(
        name: ModuleName, target: Target, group: String = "main", editable: Bool = false,
        optional: Bool = false, markers: String? = nil, declared: String, line: Int, file: String? = nil
    ) {
        self.file = file
        self.name = name
        self.target = target
        self.group = group
        self.editable = editable
        self.optional = optional
        self.markers = markers
        self.declared = declared
        self.line = line
    }

    /// True when the target is a local folder (to be resolved to a module).
    public var isLocal: Bool {
        switch target {
        case .path, .fileURL, .workspace: true
        case .index, .remote: false
        }
    }
}
