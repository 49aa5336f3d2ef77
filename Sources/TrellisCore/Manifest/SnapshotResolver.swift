import Foundation

/// Turns the manifests of one repository state into a `Snapshot`: matches every local
/// dependency to a module folder, sorts the rest into external requirements, and explains
/// every declaration it could not match.
public struct SnapshotResolver: Sendable {
    /// The repository root as an absolute path, used to recognise absolute `file://` URLs inside it.
    public var rootPath: String
    public var configuration: TrellisConfiguration
    /// Parsed lock files, kept across resolutions of consecutive states (a history import).
    public var lockFiles: LockFileCache

    public init(rootPath: String, configuration: TrellisConfiguration = .default, lockFiles: LockFileCache = LockFileCache()) {
        self.rootPath = rootPath.hasSuffix("/") && rootPath.count > 1 ? String(rootPath.dropLast()) : rootPath
        self.configuration = configuration
        self.lockFiles = lockFiles
    }

    /// Resolves `manifests`; a manifest that cannot be read keeps the state it had in `previous()`
    /// (asked for only then), so one broken file loses nothing.
    public func resolve(
        _ manifests: [Manifest], readFile: (String) -> String?, previous: () throws -> Snapshot?
    ) rethrows -> Snapshot {
        var manifests = manifests
        let unreadable = Set(manifests.filter(\.isUnreadable).map(\.file))
        let carried = unreadable.isEmpty ? nil : try previous()
        if let carried {
            for index in manifests.indices where manifests[index].isUnreadable {
                manifests[index].restore(from: carried)
            }
        }
        var snapshot = resolve(manifests, readFile: readFile)
        if let carried { snapshot.carryOver(from: carried, forManifests: unreadable) }
        return snapshot
    }

    /// Resolves `manifests`. `readFile` returns the text of a repository-relative file (lock files), or nil.
    public func resolve(_ manifests: [Manifest], readFile: (String) -> String?) -> Snapshot {
        withoutActuallyEscaping(readFile) { readFile in
            var run = Run(resolver: self, manifests: manifests, readFile: readFile)
            return run.resolve()
        }
    }
}

private struct Run {
    let resolver: SnapshotResolver
    let manifests: [Manifest]
    let readFile: (String) -> String?
    var snapshot = Snapshot()
    var modulesByFolder: [String: Module] = [:]
    var modulesByName: [ModuleName: [Module]] = [:]
    var lockIndexes: [String: LockFileIndex?] = [:]
    /// Workspace root manifests, deepest first.
    var workspaceRoots: [Manifest] = []

    init(resolver: SnapshotResolver, manifests: [Manifest], readFile: @escaping (String) -> String?) {
        self.resolver = resolver
        self.manifests = manifests.sorted { $0.file < $1.file }
        self.readFile = readFile
    }

    mutating func resolve() -> Snapshot {
        indexModules()
        for manifest in manifests {
            snapshot.diagnostics += manifest.diagnostics
            guard let name = manifest.name else { continue }
            for dependency in manifest.dependencies {
                resolve(dependency, of: manifest, name: name)
            }
        }
        snapshot.modules.sort { ($0.name, $0.path) < ($1.name, $1.path) }
        snapshot.edges = deduplicated(snapshot.edges)
        snapshot.requirements.sort { ($0.module, $0.group, $0.package, $0.line) < ($1.module, $1.group, $1.package, $1.line) }
        snapshot.diagnostics.sort { ($0.file, $0.line, $0.code, $0.message) < ($1.file, $1.line, $1.code, $1.message) }
        return snapshot
    }

    private mutating func indexModules() {
        for manifest in manifests {
            if manifest.uvWorkspace != nil { workspaceRoots.append(manifest) }
            guard let name = manifest.name else {
                if !manifest.dependencies.isEmpty && manifest.uvWorkspace == nil && !manifest.isUnreadable {
                    snapshot.diagnostics.append(Diagnostic(
                        .warning, "no-name", file: manifest.file, line: 1,
                        "declares dependencies but no [project] or [tool.poetry] name, so it is not a module"))
                }
                continue
            }
            let module = Module(
                name: name, path: manifest.folder, version: manifest.version, description: manifest.description,
                kind: resolver.configuration.kind(ofModuleAt: manifest.folder), manifest: manifest.file)
            modulesByFolder[manifest.folder] = module
            modulesByName[name, default: []].append(module)
            snapshot.modules.append(module)
        }
        workspaceRoots.sort { $0.folder.count > $1.folder.count }
        for (name, modules) in modulesByName where modules.count > 1 {
            for module in modules {
                snapshot.diagnostics.append(Diagnostic(
                    .error, "duplicate-name", module: name, file: module.manifest, line: 1,
                    "the name '\(name)' is also declared by \(modules.filter { $0 != module }.map(\.manifest).joined(separator: ", "))"))
            }
        }
    }

    // MARK: One dependency

    private mutating func resolve(_ declared: DeclaredDependency, of manifest: Manifest, name: ModuleName) {
        var dependency = declared
        var base = manifest.folder
        if case .index = dependency.target, let (root, source) = inheritedSource(for: dependency.name, of: manifest) {
            dependency.target = source.target
            dependency.editable = source.editable
            // Snapshot.carryOver recognises an inherited source by this " in <root file>" ending.
            dependency.declared += " with [tool.uv.sources] \(source.declared) in \(root.file)"
            base = root.folder
        }
        switch dependency.target {
        case .index(let specifier):
            addRequirement(dependency, of: manifest, name: name, specifier: specifier)
        case .remote(let url):
            addRequirement(dependency, of: manifest, name: name, specifier: "@ \(url)")
        case .workspace:
            resolveWorkspaceMember(dependency, of: manifest, name: name)
        case .path(let path):
            resolvePath(path, base: base, dependency, of: manifest, name: name)
        case .fileURL(let url):
            resolvePath(Self.path(fromFileURL: url), base: base, dependency, of: manifest, name: name)
        }
    }

    private mutating func addRequirement(_ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName, specifier: String) {
        snapshot.requirements.append(Requirement(
            module: name, package: dependency.name, specifier: specifier, markers: dependency.markers,
            group: dependency.group, optional: dependency.optional, file: dependency.file ?? manifest.file, line: dependency.line))
    }

    /// A `[tool.uv.sources]` entry of the workspace root that `manifest` is a member of (uv applies
    /// the root's sources to every member that does not declare its own).
    private func inheritedSource(for package: ModuleName, of manifest: Manifest) -> (Manifest, UVSource)? {
        guard let root = workspaceRoot(of: manifest), root.file != manifest.file,
              let source = root.uvSources[package] else { return nil }
        return (root, source)
    }

    private func workspaceRoot(of manifest: Manifest) -> Manifest? {
        workspaceRoots.first { root in
            guard let workspace = root.uvWorkspace else { return false }
            if root.folder == manifest.folder { return true }
            guard let relative = Self.relative(manifest.folder, to: root.folder) else { return false }
            return workspace.members.contains { Glob($0).matches(relative) }
                && !workspace.exclude.contains { Glob($0).matches(relative) }
        }
    }

    private mutating func resolveWorkspaceMember(_ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName) {
        let candidates = modulesByName[dependency.name] ?? []
        let root = workspaceRoot(of: manifest)
        let members = candidates.filter { candidate in
            guard let root, let member = manifests.first(where: { $0.file == candidate.manifest }) else { return false }
            return workspaceRoot(of: member)?.file == root.file
        }
        if let target = members.first ?? (candidates.count == 1 ? candidates.first : nil) {
            if members.isEmpty {
                warn("not-a-workspace-member", manifest, dependency,
                     "'\(dependency.name)' is declared with workspace = true but \(target.path) is not a member of \(root.map { "the workspace at \($0.file)" } ?? "any uv workspace"); resolved by name")
            }
            addEdge(dependency, of: manifest, name: name, to: target, resolution: .workspace)
        } else {
            warn("broken-workspace-source", manifest, dependency,
                 "'\(dependency.name)' is declared with workspace = true but no module of that name exists")
        }
    }

    private mutating func resolvePath(_ path: String, base: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName) {
        // A built archive (`{path = "../dist/x-1.0-py3-none-any.whl"}`) is a file, not a module folder.
        if [".whl", ".tar.gz", ".tgz", ".zip"].contains(where: { path.lowercased().hasSuffix($0) }) {
            return addRequirement(dependency, of: manifest, name: name, specifier: "@ \(path)")
        }
        if path.hasPrefix("/") {
            if let inside = Self.relative(path, to: resolver.rootPath, absolute: true) {
                return addEdge(toFolder: inside, dependency, of: manifest, name: name, resolution: .path)
            }
            return resolveForeignAbsolutePath(path, dependency, of: manifest, name: name)
        }
        guard let folder = RelativePath.join(base, path) else {
            return warn("path-escapes-root", manifest, dependency,
                        "the path '\(path)' leaves the repository root; '\(dependency.name)' is not tracked as a path dependency")
        }
        addEdge(toFolder: folder, dependency, of: manifest, name: name, resolution: .path)
    }

    /// An absolute path outside this checkout: written on another machine (`poetry add` stores
    /// `file:///home/alice/repo/libs/lib-one`) or a container path (`/app/libs/x`).
    private mutating func resolveForeignAbsolutePath(_ path: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName) {
        if let (lock, folder) = lockedFolder(of: dependency.name, near: manifest), let target = modulesByFolder[folder] {
            info("resolved-by-lock-file", manifest, dependency,
                 "'\(path)' is outside this checkout; resolved to \(folder) through \(lock)")
            return addEdge(dependency, of: manifest, name: name, to: target, resolution: .lockFile)
        }
        // A container path (`/app/libs/x`, `/autogen_python/packages/x`) keeps the repository's
        // tail: the longest suffix that ends exactly one module folder decides.
        let components = RelativePath.components(path)
        for length in stride(from: components.count, through: 1, by: -1) {
            let suffix = components.suffix(length).joined(separator: "/")
            let matches = modulesByFolder.filter { $0.key == suffix || $0.key.hasSuffix("/" + suffix) }
            if matches.count == 1, let (folder, target) = matches.first {
                info("resolved-by-path-suffix", manifest, dependency,
                     "'\(path)' is outside this checkout; resolved to \(folder), the only module folder ending in \(suffix)")
                return addEdge(dependency, of: manifest, name: name, to: target, resolution: .pathSuffix)
            }
            if matches.count > 1 { break }
        }
        warn("unresolved-absolute-path", manifest, dependency,
             "'\(path)' is outside this checkout and neither a lock file nor any suffix of it names a module")
    }

    private mutating func lockedFolder(of package: ModuleName, near manifest: Manifest) -> (String, String)? {
        var folder = manifest.folder
        while true {
            for lockName in ["poetry.lock", "uv.lock"] {
                let file = folder == "." ? lockName : "\(folder)/\(lockName)"
                if let index = lockIndex(file), let locked = index.folders[package] { return (file, locked) }
            }
            if folder == "." { return nil }
            folder = RelativePath.parent(of: folder)
        }
    }

    /// Each lock file is read once per resolution (`lockIndexes`), and parsed once per content
    /// across resolutions (`resolver.lockFiles`, kept by a history import).
    private mutating func lockIndex(_ file: String) -> LockFileIndex? {
        if let known = lockIndexes[file] { return known }
        let index = readFile(file).flatMap { resolver.lockFiles.index(file: file, text: $0) }
        lockIndexes[file] = index
        return index
    }

    private mutating func addEdge(toFolder folder: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName, resolution: Resolution) {
        guard let target = modulesByFolder[folder] else {
            return warn("broken-path", manifest, dependency,
                        "'\(dependency.declared)' points at \(folder), where no module is declared")
        }
        addEdge(dependency, of: manifest, name: name, to: target, resolution: resolution)
    }

    private mutating func addEdge(_ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName, to target: Module, resolution: Resolution) {
        if target.name == name && target.path == manifest.folder {
            // `-e .` in a requirements file, or `.` (autogen-studio): the module installs itself.
            return info("self-reference", manifest, dependency, "'\(dependency.declared)' names the module's own folder; not an edge")
        }
        snapshot.edges.append(PathEdge(
            from: name, to: target.name, group: dependency.group, editable: dependency.editable,
            optional: dependency.optional, declared: dependency.declared, file: dependency.file ?? manifest.file,
            line: dependency.line, resolution: resolution))
    }

    private mutating func warn(_ code: String, _ manifest: Manifest, _ dependency: DeclaredDependency, _ message: String) {
        snapshot.diagnostics.append(Diagnostic(.warning, code, module: manifest.name, file: dependency.file ?? manifest.file, line: dependency.line, message))
    }

    private mutating func info(_ code: String, _ manifest: Manifest, _ dependency: DeclaredDependency, _ message: String) {
        snapshot.diagnostics.append(Diagnostic(.info, code, module: manifest.name, file: dependency.file ?? manifest.file, line: dependency.line, message))
    }

    /// One edge per (from, to, group): a dependency declared twice (Poetry multiple constraints,
    /// a PEP 621 list plus a Poetry table) is one edge, editable when any declaration says so.
    private func deduplicated(_ edges: [PathEdge]) -> [PathEdge] {
        var byKey: [EdgeKey: PathEdge] = [:]
        var order: [EdgeKey] = []
        for edge in edges {
            let key = EdgeKey(from: edge.from, to: edge.to, group: edge.group)
            if var existing = byKey[key] {
                existing.editable = existing.editable || edge.editable
                byKey[key] = existing
            } else {
                byKey[key] = edge
                order.append(key)
            }
        }
        return order.compactMap { byKey[$0] }.sorted { ($0.from, $0.to, $0.group) < ($1.from, $1.to, $1.group) }
    }

    // MARK: Paths

    /// `path` relative to `base` when it lies inside it (repository-relative, or absolute with `absolute`).
    static func relative(_ path: String, to base: String, absolute: Bool = false) -> String? {
        if !absolute && base == "." { return path }
        let normalizedPath = absolute ? (RelativePath.normalize(path) ?? path) : path
        let normalizedBase = absolute ? (RelativePath.normalize(base) ?? base) : base
        if normalizedPath == normalizedBase { return "." }
        guard normalizedPath.hasPrefix(normalizedBase + "/") else { return nil }
        return String(normalizedPath.dropFirst(normalizedBase.count + 1))
    }

    /// The path of a `file:` URL: `file:///abs`, `file://localhost/abs`, `file:../rel`; PDM's
    /// `${PROJECT_ROOT}` and Hatch's `{root:uri}` stand for the declaring module's folder, and
    /// Hatch's `{root:parent:uri}` for the folder above it.
    static func path(fromFileURL url: String) -> String {
        var rest = Substring(url)
        if rest.hasPrefix("file:") { rest = rest.dropFirst("file:".count) }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        // Placeholders are rare: look for them only when their first character is there at all.
        if rest.utf8.contains(UInt8(ascii: "$")), let range = rest.range(of: "${PROJECT_ROOT}") {
            let relative = rest[range.upperBound...].drop { $0 == "/" }
            return percentDecoded(relative.isEmpty ? "." : String(relative))
        }
        // Hatch context formatting: `{root}`, `{root:uri}`, `{root:real}`, `{root:parent:uri}`, …
        if rest.utf8.contains(UInt8(ascii: "{")), let open = rest.range(of: "{root"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            let modifiers = rest[open.upperBound..<close].split(separator: ":")
            let parents = Array(repeating: "..", count: modifiers.filter { $0 == "parent" }.count)
            let relative = rest[rest.index(after: close)...].drop { $0 == "/" }
            let joined = (parents + (relative.isEmpty ? [] : [String(relative)])).joined(separator: "/")
            return percentDecoded(joined.isEmpty ? "." : joined)
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] }  // drop the host ("" or localhost)
        }
        return percentDecoded(String(rest))
    }

    static func percentDecoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }
}

private struct EdgeKey: Hashable {
    var from: ModuleName
    var to: ModuleName
    var group: String
}
