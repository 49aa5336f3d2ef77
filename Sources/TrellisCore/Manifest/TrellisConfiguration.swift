/// The repository's `[tool.trellis]` settings (root `pyproject.toml` or `trellis.toml`).
public struct TrellisConfiguration: Sendable, Equatable {
    /// Globs of lib folders; when neither list is set, a module under `libs/` is a lib and one under `projects/` a project.
    public var libs: [Glob]
    public var projects: [Glob]
    /// Folders never scanned.
    public var exclude: [Glob]
    /// Files outside every module whose change affects every module (`global = ["tools/ci/*"]`).
    public var global: [Glob]
    /// Layering rules (`[[tool.trellis.rules]]`); when none are configured, `LayerRule.defaults`.
    public var rules: [LayerRule]

    public static let `default` = TrellisConfiguration(libs: [], projects: [], exclude: [])

    public init(
        libs: [Glob], projects: [Glob], exclude: [Glob], global: [Glob] = [], rules: [LayerRule] = LayerRule.defaults
    ) {
        self.libs = libs
        self.projects = projects
        self.exclude = exclude
        self.global = global
        self.rules = rules
    }

    /// Reads a `[tool.trellis]` table; unknown keys are ignored so newer settings do not break older
    /// binaries (`ConfigurationReading` reports them).
    public init(table: TOMLTable) {
        func globs(_ key: String) -> [Glob] { table[key]?.array?.compactMap(\.string).map(Glob.init) ?? [] }
        var rules: [LayerRule] = []
        for value in table["rules"]?.array ?? [] {
            guard let rule = value.table, let from = rule["from"]?.string else { continue }
            let deny = rule["deny"]?.array?.compactMap(\.string) ?? rule["deny"]?.string.map { [$0] } ?? []
            rules.append(
                LayerRule(from: LayerRule.Selector(from), deny: deny.map(LayerRule.Selector.init), line: value.line))
        }
        self.init(
            libs: globs("libs"), projects: globs("projects"), exclude: globs("exclude"), global: globs("global"),
            rules: table["rules"] == nil ? LayerRule.defaults : rules)
    }

    /// The configuration from `trellis.toml` (its `[tool.trellis]` table, or the whole file) or the
    /// root `pyproject.toml`'s `[tool.trellis]`; `readFile` returns a repository-relative file's text.
    public static func read(_ readFile: (String) -> String?) -> TrellisConfiguration {
        ConfigurationReading.read(readFile).configuration
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

/// A layering rule: modules matching `from` may not depend (through a path edge) on modules
/// matching any of `deny`.
public struct LayerRule: Sendable, Equatable {
    /// Names a set of modules: a kind (`lib`, `project`, `module`) or a glob of module folders.
    public enum Selector: Sendable, Equatable, CustomStringConvertible {
        case kind(ModuleKind)
        case folders(Glob, String)

        /// `lib`, `project` and `module` are kinds; anything else is a folder glob (`libs/core/*`).
        public init(_ text: String) {
            if let kind = ModuleKind(rawValue: text) { self = .kind(kind) } else { self = .folders(Glob(text), text) }
        }

        public func matches(_ module: Module) -> Bool {
            switch self {
            case .kind(let kind): module.kind == kind
            case .folders(let glob, _): glob.matches(module.path)
            }
        }

        public var description: String {
            switch self {
            case .kind(let kind): kind.rawValue
            case .folders(_, let text): text
            }
        }
    }

    public var from: Selector
    public var deny: [Selector]
    /// The line of the rule in the configuration file; 0 for the built-in default.
    public var line: Int

    public init(from: Selector, deny: [Selector], line: Int = 0) {
        self.from = from
        self.deny = deny
        self.line = line
    }

    /// Without configured rules: a lib may not depend on a project.
    public static let defaults = [LayerRule(from: .kind(.lib), deny: [.kind(.project)])]
}

extension LayerRule {
    /// The first of `rules` that denies an edge from `from` to `to`, with the selector that
    /// denies it and where the rule comes from (its `[[tool.trellis.rules]]` line, or the
    /// default rule); nil when none does. Shared by declared edges and imports.
    public static func denial(
        of from: Module, to: Module, by rules: [LayerRule]
    ) -> (rule: LayerRule, denied: Selector, origin: String)? {
        for rule in rules where rule.from.matches(from) {
            guard let denied = rule.deny.first(where: { $0.matches(to) }) else { continue }
            let origin = rule.line > 0 ? "the [[tool.trellis.rules]] entry at line \(rule.line)" : "the default rule"
            return (rule, denied, origin)
        }
        return nil
    }
}
