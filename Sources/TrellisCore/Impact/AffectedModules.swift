/// Maps changed files to the modules that must be rebuilt and retested: the owner of each file,
/// then every module that depends on an owner, directly or not.
public struct AffectedModules: Sendable {
    /// Why a module is in the answer.
    public enum Reason: String, Sendable, Codable, Comparable {
        /// A file of the module changed (or a global file did).
        case changed
        /// The module depends, directly or transitively, on a changed module.
        case depends
        /// With `includeDependencies`: an affected module needs it to build.
        case dependency

        public static func < (a: Reason, b: Reason) -> Bool { a.order < b.order }
        private var order: Int { [.changed, .depends, .dependency].firstIndex(of: self)! }
    }

    /// One module in the answer.
    public struct Entry: Equatable, Sendable {
        public var module: Module
        public var reason: Reason
        /// For `changed`: the changed files it owns (empty when only a global file changed).
        public var files: [String]
    }

    public let graph: DependencyGraph
    /// Files outside every module that affect everything (`[tool.trellis] global`).
    public let global: [Glob]

    private let modulesByPath: [String: Module]

    public init(graph: DependencyGraph, global: [Glob] = []) {
        self.graph = graph
        self.global = global
        modulesByPath = Dictionary(graph.modules.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The module owning `file` (repository-relative): the deepest module folder containing it,
    /// so `libs/a/plugins/b/x.py` belongs to `libs/a/plugins/b` when that is a module. O(depth).
    public func owner(of file: String) -> Module? {
        guard var folder = RelativePath.normalize(file) else { return nil }
        while true {
            if let module = modulesByPath[folder] { return module }
            if folder == "." { return nil }
            folder = RelativePath.parent(of: folder)
        }
    }

    /// The affected modules for `files`, sorted by reason (changed, depends, dependency), then name.
    /// O(files × depth + changed × (modules + edges)): a breadth-first search per changed module.
    public func affected(by files: [String], includeDependencies: Bool = false) -> [Entry] {
        // By folder: two modules may share a name.
        var owned: [String: [String]] = [:]
        var everything = false
        for file in files {
            guard let normalized = RelativePath.normalize(file), normalized != "." else { continue }
            if let owner = owner(of: normalized) {
                owned[owner.path, default: []].append(normalized)
            } else if global.contains(where: { $0.matches(normalized) }) {
                everything = true
            }
        }
        var entries: [String: Entry] = [:]
        let changed = everything ? graph.modules : graph.modules.filter { owned[$0.path] != nil }
        for module in changed {
            entries[module.path] = Entry(module: module, reason: .changed, files: (owned[module.path] ?? []).sorted())
        }
        for module in changed {
            for reached in graph.reach(.dependents, from: module.path, transitive: true)
            where entries[reached.module.path] == nil {
                entries[reached.module.path] = Entry(module: reached.module, reason: .depends, files: [])
            }
        }
        if includeDependencies {
            for entry in Array(entries.values) {
                for reached in graph.reach(.dependencies, from: entry.module.path, transitive: true)
                where entries[reached.module.path] == nil {
                    entries[reached.module.path] = Entry(module: reached.module, reason: .dependency, files: [])
                }
            }
        }
        return entries.values.sorted {
            ($0.reason, $0.module.name, $0.module.path) < ($1.reason, $1.module.name, $1.module.path)
        }
    }
}
