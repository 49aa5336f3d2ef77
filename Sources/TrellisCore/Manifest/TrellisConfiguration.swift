/// The repository's `[tool.trellis]` settings (root `pyproject.toml` or `trellis.toml`).
public struct TrellisConfiguration: Sendable, Equatable {
    /// Globs of lib folders; when neither list is set, a module under `libs/` is a lib and one under `projects/` a project.
    public var libs: [Glob]
    public var projects: [Glob]
    /// Folders never scanned.
    public var exclude: [Glob]

    public static let `default` = TrellisConfiguration(libs: [], projects: [], exclude: [])

    public init(libs: [Glob], projects: [Glob], exclude: [Glob]) {
        self.libs = libs
        self.projects = projects
        self.exclude = exclude
    }

    /// Reads a `[tool.trellis]` table; unknown keys are ignored so newer settings do not break older binaries.
    public init(table: TOMLTable) {
        func globs(_ key: String) -> [Glob] { table[key]?.array?.compactMap(\.string).map(Glob.init) ?? [] }
        self.init(libs: globs("libs"), projects: globs("projects"), exclude: globs("exclude"))
    }

    /// The configuration from `trellis.toml` (its `[tool.trellis]` table, or the whole file) or the
    /// root `pyproject.toml`'s `[tool.trellis]`; `readFile` returns a repository-relative file's text.
    public static func read(_ readFile: (String) -> String?) -> TrellisConfiguration {
        for file in ["trellis.toml", "pyproject.toml"] {
            guard let text = readFile(file), let document = try? TOMLParser.parse(text) else { continue }
            let table = document["tool", "trellis"]?.table ?? (file == "trellis.toml" ? document : nil)
            if let table { return TrellisConfiguration(table: table) }
        }
        return .default
    }

    /// The kind of the module at `folder`: configured globs first, then the top folder's name.
    public func kind(ofModuleAt folder: String) -> ModuleKind {
        if libs.contains(where: { $0.matches(folder) }) { return .lib }
        if projects.contains(where: { $0.matches(folder) }) { return .project }
        if !libs.isEmpty || !projects.isEmpty { return .module }
        switch RelativePath.components(folder).first {
        case "libs": return .lib
        case "projects": return .project
        default: return .module
        }
    }

    /// True when `path` (a folder or file) lies in an excluded folder.
    public func isExcluded(_ path: String) -> Bool {
        guard !exclude.isEmpty else { return false }
        var prefix = ""
        for component in RelativePath.components(path) {
            prefix = prefix.isEmpty ? String(component) : prefix + "/" + component
            if exclude.contains(where: { $0.matches(prefix) }) { return true }
        }
        return false
    }
}
