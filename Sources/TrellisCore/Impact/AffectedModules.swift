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
        /// For `changed`: the changed files it owns, or the global files that changed when it owns
        /// none. For `depends`, the files of the first module of `trail`; for `dependency`, none.
        public var files: [String]
        /// Why it is here, as a chain of modules ending with this one: for `changed`, the module
        /// alone; for `depends`, a shortest chain of dependents from a changed module; for
        /// `dependency`, a shortest chain of dependencies from an affected module.
        public var trail: [Module]
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
    /// O(files × depth + modules + edges): one breadth-first search from every changed module at
    /// once (and one from every affected module for `includeDependencies`), keeping the first
    /// path found to each module as its trail, from the changed modules taken by name.
    public func affected(by files: [String], includeDependencies: Bool = false) -> [Entry] {
        // By folder: two modules may share a name.
        var owned: [String: [String]] = [:]
        var globalFiles: [String] = []
        for file in files {
            guard let normalized = RelativePath.normalize(file), normalized != "." else { continue }
            if let owner = owner(of: normalized) {
                owned[owner.path, default: []].append(normalized)
            } else if global.contains(where: { $0.matches(normalized) }) {
                globalFiles.append(normalized)
            }
        }
        var entries: [Int: Entry] = [:]
        let changed = graph.modules.indices.filter {
            !globalFiles.isEmpty || owned[graph.modules[$0].path] != nil
        }.filter { graph.index[graph.modules[$0].path] == $0 }
        for position in changed {
            let module = graph.modules[position]
            entries[position] = Entry(
                module: module, reason: .changed, files: (owned[module.path] ?? globalFiles).sorted(),
                trail: [module])
        }
        spread(.depends, over: graph.incoming, into: &entries)
        if includeDependencies { spread(.dependency, over: graph.outgoing, into: &entries) }
        return entries.values.sorted {
            ($0.reason, $0.module.name, $0.module.path) < ($1.reason, $1.module.name, $1.module.path)
        }
    }

    /// Adds every module `adjacency` reaches from the entries already there, as `reason`, each
    /// with its trail extended from the entry it was first reached through. Breadth-first from
    /// all of them at once, starting in (name, folder) order so the trails do not depend on the
    /// order of the modules in the graph.
    private func spread(_ reason: Reason, over adjacency: [[Int]], into entries: inout [Int: Entry]) {
        var frontier = entries.keys.sorted {
            (graph.modules[$0].name, graph.modules[$0].path) < (graph.modules[$1].name, graph.modules[$1].path)
        }
        while !frontier.isEmpty {
            var next: [Int] = []
            for node in frontier {
                let source = entries[node]!
                for neighbour in adjacency[node] where entries[neighbour] == nil {
                    let module = graph.modules[neighbour]
                    // A dependency's trail starts at the affected module that needs it.
                    let restart = reason == .dependency && source.reason != .dependency
                    entries[neighbour] = Entry(
                        module: module, reason: reason, files: restart ? [] : source.files,
                        trail: (restart ? [source.module] : source.trail) + [module])
                    next.append(neighbour)
                }
            }
            frontier = next
        }
    }
}
