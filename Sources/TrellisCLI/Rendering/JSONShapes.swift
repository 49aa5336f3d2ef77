import TrellisCore
import TrellisStore

// The JSON shapes of docs/JSON.md: a stable interface. Keys are never removed; new keys may be added.

/// `modules`: `{"name", "path", "version", "kind"}`.
struct ModuleJSON: JSONWritable {
    var name: String
    var path: String
    @NullEncoded var version: String?
    var kind: String

    init(_ module: Module) {
        name = module.name.rawValue
        path = module.path
        version = module.version
        kind = module.kind.rawValue
    }

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("kind", kind)
            json.field("name", name)
            json.field("path", path)
            json.field("version", orNull: version)
        }
    }
}

/// `affected --explain --json`: `ModuleEntryJSON`'s keys with `reason`, plus `files` (the
/// changed files behind it) and `trail` (`[{"name", "path"}]`, from the changed module to this
/// one; for reason `dependency`, from the affected module that needs it).
struct ExplainedEntryJSON: Encodable {
    struct Step: Encodable {
        var name: String
        var path: String
    }

    var name: String
    var path: String
    var kind: String
    var reason: String
    var files: [String]
    var trail: [Step]

    init(_ entry: AffectedModules.Entry) {
        name = entry.module.name.rawValue
        path = entry.module.path
        kind = entry.module.kind.rawValue
        reason = entry.reason.rawValue
        files = entry.files
        trail = entry.trail.map { Step(name: $0.name.rawValue, path: $0.path) }
    }
}

/// One module of a list answer: `{"name", "path", "kind"}` plus what the command adds, the
/// other keys left out. `dependents` / `dependencies`: `depth` (1 = direct); with
/// `--with-name-refs`, `via` says whether path edges alone reach the module (`path`) or a name
/// reference is needed on the way (`name`). `order`: `level` (1 has no path dependencies).
/// `affected`: `reason` (`changed`, `depends` or `dependency`).
struct ModuleEntryJSON: JSONWritable {
    var name: String
    var path: String
    var kind: String
    var depth: Int?
    var via: String?
    var level: Int?
    var reason: String?

    init(_ module: Module) {
        name = module.name.rawValue
        path = module.path
        kind = module.kind.rawValue
    }

    init(_ reached: DependencyGraph.Reached, via: String? = nil) {
        self.init(reached.module)
        depth = reached.depth
        self.via = via
    }

    init(_ module: Module, level: Int) {
        self.init(module)
        self.level = level
    }

    init(_ entry: AffectedModules.Entry) {
        self.init(entry.module)
        reason = entry.reason.rawValue
    }

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("depth", ifPresent: depth)
            json.field("kind", kind)
            json.field("level", ifPresent: level)
            json.field("name", name)
            json.field("path", path)
            json.field("reason", ifPresent: reason)
            json.field("via", ifPresent: via)
        }
    }
}

/// One name reference seen from one of its ends (`show`): the other module, and the
/// requirement as declared.
struct NameReferenceJSON: Encodable {
    var name: String
    var path: String
    var kind: String
    var specifier: String
    var group: String
    var optional: Bool
    var file: String
    var line: Int

    init(_ reference: NameReference, other: Module) {
        name = other.name.rawValue
        path = other.path
        kind = other.kind.rawValue
        specifier = reference.specifier
        group = reference.group
        optional = reference.optional
        file = reference.file
        line = reference.line
    }
}

/// One path edge seen from one of its ends (`show`).
struct EdgeJSON: Encodable {
    var name: String
    var path: String
    var kind: String
    var group: String
    var editable: Bool
    var optional: Bool
    var declared: String
    var file: String
    var line: Int
    var resolution: String
    var declaredBy: String

    enum CodingKeys: String, CodingKey {
        case name, path, kind, group, editable, optional, declared, file, line, resolution
        case declaredBy = "declared_by"
    }

    init(_ edge: PathEdge, other: Module) {
        name = other.name.rawValue
        path = other.path
        kind = other.kind.rawValue
        group = edge.group
        editable = edge.editable
        optional = edge.optional
        declared = edge.declared
        file = edge.file
        line = edge.line
        resolution = edge.resolution.rawValue
        declaredBy = edge.declaredBy.rawValue
    }
}

struct RequirementJSON: Encodable {
    var package: String
    var specifier: String
    @NullEncoded var markers: String?
    var group: String
    var optional: Bool
    var file: String
    var line: Int

    init(_ requirement: Requirement) {
        package = requirement.package.rawValue
        specifier = requirement.specifier
        markers = requirement.markers
        group = requirement.group
        optional = requirement.optional
        file = requirement.file
        line = requirement.line
    }
}

/// `check`-shaped diagnostics: `{"severity", "code", "module", "file", "line", "message"}`.
struct DiagnosticJSON: Encodable {
    var severity: String
    var code: String
    @NullEncoded var module: String?
    var file: String
    var line: Int
    var message: String

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        code = diagnostic.code.rawValue
        module = diagnostic.module?.rawValue
        file = diagnostic.file
        line = diagnostic.line
        message = diagnostic.message
    }
}

struct SnapshotJSON: Encodable {
    var id: Int64
    var source: String
    var recordedAt: String
    @NullEncoded var commit: String?
    var dirty: Bool

    init(_ info: SnapshotInfo) {
        id = info.id
        source = info.origin.source.rawValue
        recordedAt = info.recordedAt
        commit = info.origin.commit
        dirty = info.origin.dirty
    }

    enum CodingKeys: String, CodingKey {
        case id, source, commit, dirty
        case recordedAt = "recorded_at"
    }
}
