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

    public init(
        rootPath: String, configuration: TrellisConfiguration = .default, lockFiles: LockFileCache = LockFileCache()
    ) {
        self.rootPath = rootPath.hasSuffix("/") && rootPath.count > 1 ? String(rootPath.dropLast()) : rootPath
        self.configuration = configuration
        self.lockFiles = lockFiles
    }

    /// Resolves `manifests`; a manifest that cannot be read keeps the state it had in `previous()`
    /// (asked for only then), so one broken file loses nothing.
    public func resolve(
        _ manifests: [Manifest], readFile: (String) -> String?, concurrentReads: Bool = false,
        previous: () throws -> Snapshot?
    ) rethrows -> Snapshot {
        var manifests = manifests
        let unreadable = Set(manifests.filter(\.isUnreadable).map(\.file))
        let carried = unreadable.isEmpty ? nil : try previous()
        if let carried {
            for index in manifests.indices where manifests[index].isUnreadable {
                manifests[index].restore(from: carried)
            }
        }
        var snapshot = resolve(manifests, readFile: readFile, concurrentReads: concurrentReads)
        if let carried { snapshot.carryOver(from: carried, forManifests: unreadable) }
        return snapshot
    }

    /// Resolves `manifests`. `readFile` returns the text of a repository-relative file (lock files), or nil;
    /// `concurrentReads` says it may be called from several threads at once.
    public func resolve(
        _ manifests: [Manifest], readFile: (String) -> String?, concurrentReads: Bool = false
    ) -> Snapshot {
        ResolvedRepository(
            resolver: self, manifests: manifests, readFile: readFile, concurrentReads: concurrentReads
        ).snapshot()
    }
}

/// What one manifest gives the snapshot: its module, the edges and requirements it declares, and
/// the diagnostics of reading and resolving it.
struct ManifestResolution: Sendable {
    var module: Module?
    var edges: [PathEdge] = []
    var requirements: [Requirement] = []
    var diagnostics: [Diagnostic] = []
}

/// Resolves the dependencies of one manifest against the index of all of them.
struct ManifestResolver {
    let resolver: SnapshotResolver
    let index: ModuleIndex
    let readFile: (String) -> String?
    /// Each lock file is read once per resolution, and parsed once per content across
    /// resolutions (`resolver.lockFiles`, kept by a history import).
    var lockIndexes: [String: LockFileIndex?] = [:]
    /// The poetry.lock and pdm.lock files read for the manifest being resolved, forgotten before the next.
    private var projectLocks: [String] = []
    private var tails: [String: [String]]?
    private var result = ManifestResolution()
    /// The edges of the manifest being resolved that a lock file records, by target folder: the
    /// one lookup the lock cross-check makes from an edge end to a module.
    private var lockable: [String: PathEdge] = [:]

    init(resolver: SnapshotResolver, index: ModuleIndex, readFile: @escaping (String) -> String?) {
        self.resolver = resolver
        self.index = index
        self.readFile = readFile
    }

    mutating func resolve(_ manifest: Manifest) -> ManifestResolution {
        // One resolver serves every manifest of a state: a uv.lock is shared by its workspace's
        // members and kept; a poetry.lock or pdm.lock belongs to the one project beside it, and
        // keeping each (10,000 at 10,000 modules) held about 900 MB.
        for file in projectLocks { lockIndexes[file] = nil }
        projectLocks = []
        result = ManifestResolution(
            module: index.modulesByFolder[manifest.folder].flatMap { $0.manifest == manifest.file ? $0 : nil })
        // Package data (a template's setup.py) declares nothing: `ModuleIndex` says why.
        if index.packageData.contains(manifest.folder) { return result }
        result.diagnostics = manifest.diagnostics
        if let name = manifest.name {
            lockable = [:]
            for dependency in manifest.dependencies {
                resolve(dependency, of: manifest, name: name)
            }
            crossCheckLock(of: manifest, name: name)
            result.edges = Self.deduplicated(result.edges)
            // A line read through several includers (each requirements file is its own group) is one finding.
            var seen = Set<Diagnostic>()
            result.diagnostics = result.diagnostics.filter { seen.insert($0).inserted }
        } else if !manifest.dependencies.isEmpty && manifest.uvWorkspace == nil && !manifest.isUnreadable {
            result.diagnostics.append(
                Diagnostic(
                    .noName, file: manifest.file, line: 1,
                    "declares dependencies but no [project] or [tool.poetry] name, so it is not a module"))
        }
        return result
    }

    // MARK: One dependency

    private mutating func resolve(_ declared: DeclaredDependency, of manifest: Manifest, name: ModuleName) {
        var dependency = declared
        var base = manifest.folder
        if case .index = dependency.target, let (root, source) = inheritedSource(for: dependency.name, of: manifest) {
            dependency.target = source.target
            dependency.editable = source.editable
            dependency.declared += " with [tool.uv.sources] \(source.declared) in \(root.file)"
            dependency.inheritedFrom = root.file
            base = root.folder
        }
        switch dependency.target {
        case .index(let specifier):
            addRequirement(dependency, of: manifest, name: name, specifier: specifier)
        case .remote(let url):
            addRequirement(dependency, of: manifest, name: name, specifier: "@ \(url)")
        case .workspace:
            resolveWorkspaceMember(dependency, of: manifest, name: name)
        case .path(let path) where dependency.workingDirectory != nil && !path.hasPrefix("/"):
            resolveRequirementsPath(path, dependency, of: manifest, name: name)
        case .path(let path):
            resolvePath(path, base: base, dependency, of: manifest, name: name)
        case .fileURL(let url):
            resolvePath(Self.path(fromFileURL: url), base: base, dependency, of: manifest, name: name)
        }
    }

    private mutating func addRequirement(
        _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName, specifier: String
    ) {
        result.requirements.append(
            Requirement(
                module: manifest.folder, package: dependency.name, specifier: specifier, markers: dependency.markers,
                group: dependency.group, optional: dependency.optional, file: dependency.file ?? manifest.file,
                line: dependency.line))
    }

    /// A `[tool.uv.sources]` entry of the workspace root that `manifest` is a member of (uv applies
    /// the root's sources to every member that does not declare its own).
    private func inheritedSource(for package: ModuleName, of manifest: Manifest) -> (Manifest, UVSource)? {
        guard let root = index.workspaceRoot(of: manifest.folder), root.file != manifest.file,
            let source = root.uvSources[package]
        else { return nil }
        return (root, source)
    }

    private mutating func resolveWorkspaceMember(
        _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName
    ) {
        let candidates = index.modulesByName[dependency.name] ?? []
        let root = index.workspaceRoot(of: manifest.folder)
        let members = candidates.filter { candidate in
            guard let root else { return false }
            return index.workspaceRoot(of: candidate.path)?.file == root.file
        }
        if members.count > 1 || (members.isEmpty && candidates.count > 1) {
            let folders = (members.isEmpty ? candidates : members).map(\.path).sorted()
            return report(
                .ambiguousName, manifest, dependency,
                "'\(dependency.name)' is declared with workspace = true but \(folders.count) modules have that name "
                    + "(\(folders.joined(separator: ", "))); no edge: rename one, or depend on it by path")
        }
        if let target = members.first ?? candidates.first {
            if members.isEmpty {
                report(
                    .notAWorkspaceMember, manifest, dependency,
                    "'\(dependency.name)' is declared with workspace = true but \(target.path) is not a member of \(root.map { "the workspace at \($0.file)" } ?? "any uv workspace"); resolved by name"
                )
            }
            addEdge(dependency, of: manifest, name: name, to: target, resolution: .workspace)
        } else {
            report(
                .brokenWorkspaceSource, manifest, dependency,
                "'\(dependency.name)' is declared with workspace = true but no module of that name exists")
        }
    }

    private mutating func resolvePath(
        _ path: String, base: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName
    ) {
        // A built archive (`{path = "../dist/x-1.0-py3-none-any.whl"}`) is a file, not a module folder.
        let lowercased = path.lowercased()
        if [".whl", ".tar.gz", ".tgz", ".zip"].contains(where: { lowercased.hasSuffix($0) }) {
            return addRequirement(dependency, of: manifest, name: name, specifier: "@ \(path)")
        }
        if path.hasPrefix("/") {
            if let inside = Self.relative(path, to: resolver.rootPath, absolute: true) {
                return addEdge(toFolder: inside, dependency, of: manifest, name: name, resolution: .path)
            }
            return resolveForeignAbsolutePath(path, dependency, of: manifest, name: name)
        }
        guard let folder = RelativePath.join(base, path) else {
            return report(
                .pathEscapesRoot, manifest, dependency,
                "the path '\(path)' leaves the repository root; '\(dependency.name)' is not tracked as a path dependency"
            )
        }
        addEdge(toFolder: folder, dependency, of: manifest, name: name, resolution: .path)
    }

    /// A relative path on a line of a requirements file or `tox.ini`. pip joins only `-r`/`-c`
    /// includes to the including file's folder; `-e x` and plain paths resolve against the folder
    /// pip runs in, which the file does not say (pip's `req_file.py`; pypa/pip#8765). So the
    /// file's own folder is tried first, then the folder the read started in (the module's, or
    /// the `tox.ini`'s, where tox runs pip), then the repository root; a base other than the file's
    /// own is named in a `resolved-by-working-directory` note, and only a path that no base
    /// resolves is broken.
    private mutating func resolveRequirementsPath(
        _ path: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName
    ) {
        let own = RelativePath.parent(of: dependency.file ?? manifest.file)
        var bases: [String] = []
        for base in [own, dependency.workingDirectory ?? own, manifest.folder, "."] where !bases.contains(base) {
            bases.append(base)
        }
        let candidates = bases.compactMap { base in RelativePath.join(base, path).map { (base: base, folder: $0) } }
        guard let first = candidates.first else {
            return report(
                .pathEscapesRoot, manifest, dependency,
                "the path '\(path)' leaves the repository root; '\(dependency.name)' is not tracked as a "
                    + "path dependency")
        }
        guard let found = candidates.first(where: { index.modulesByFolder[$0.folder] != nil }) else {
            // The same words for every includer of a shared file, so that its line is one finding.
            let fromRoot = RelativePath.join(".", path).map { " (\($0) from the repository root)" } ?? ""
            return report(
                .brokenPath, manifest, dependency,
                "'\(dependency.declared)' points at \(first.folder), where no module is declared, nor "
                    + "relative to the folder pip runs in\(fromRoot)")
        }
        if found.base != own {
            let base = found.base == "." ? "the repository root" : found.base
            let ownName = own == "." ? "the repository root" : own
            report(
                .resolvedByWorkingDirectory, manifest, dependency,
                "'\(dependency.declared)' names no module relative to \(ownName); resolved relative to \(base), "
                    + "to \(found.folder) (pip resolves -e and local paths against the folder it runs in)")
        }
        addEdge(toFolder: found.folder, dependency, of: manifest, name: name, resolution: .path)
    }

    /// An absolute path outside this checkout: written on another machine (`poetry add` stores
    /// `file:///home/alice/repo/libs/lib-one`) or a container path (`/app/libs/x`).
    private mutating func resolveForeignAbsolutePath(
        _ path: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName
    ) {
        if let (lock, folder) = lockedFolder(of: dependency.name, near: manifest),
            let target = index.modulesByFolder[folder]
        {
            report(
                .resolvedByLockFile, manifest, dependency,
                "'\(path)' is outside this checkout; resolved to \(folder) through \(lock)")
            return addEdge(dependency, of: manifest, name: name, to: target, resolution: .lockFile)
        }
        // A container path (`/app/libs/x`, `/autogen_python/packages/x`) keeps the repository's
        // tail: the longest suffix that ends exactly one module folder decides.
        let components = RelativePath.components(path)
        let tails = folderTails()
        for length in stride(from: components.count, through: 1, by: -1) {
            let suffix = components.suffix(length).joined(separator: "/")
            let matches = tails[suffix] ?? []
            if matches.count == 1, let folder = matches.first, let target = index.modulesByFolder[folder] {
                report(
                    .resolvedByPathSuffix, manifest, dependency,
                    "'\(path)' is outside this checkout; resolved to \(folder), the only module folder ending in \(suffix)"
                )
                return addEdge(dependency, of: manifest, name: name, to: target, resolution: .pathSuffix)
            }
            if matches.count > 1 { break }
        }
        report(
            .unresolvedAbsolutePath, manifest, dependency,
            "'\(path)' is outside this checkout and neither a lock file nor any suffix of it names a module")
    }

    /// Every tail of every module folder (`libs/x`: `libs/x` and `x`) → the folders ending so,
    /// made on first use: matching each foreign path against every folder was quadratic, 1 min
    /// 50 s for a 10,000-module Poetry 2 repository cloned to another folder.
    private mutating func folderTails() -> [String: [String]] {
        if let tails { return tails }
        var made: [String: [String]] = [:]
        for folder in index.modulesByFolder.keys where folder != "." {
            let components = RelativePath.components(folder)
            for length in 1...components.count {
                made[components.suffix(length).joined(separator: "/"), default: []].append(folder)
            }
        }
        tails = made
        return made
    }

    private mutating func lockedFolder(of package: ModuleName, near manifest: Manifest) -> (String, String)? {
        var folder = manifest.folder
        while true {
            for lockName in ManifestKind.lockFiles.compactMap(\.fileName) {
                let file = folder == "." ? lockName : "\(folder)/\(lockName)"
                if let index = lockIndex(file), let locked = index.folder(of: package) { return (file, locked) }
            }
            if folder == "." { return nil }
            folder = RelativePath.parent(of: folder)
        }
    }

    private mutating func lockIndex(_ file: String) -> LockFileIndex? {
        if let known = lockIndexes[file] { return known }
        let index = readFile(file).flatMap { resolver.lockFiles.index(file: file, text: $0) }
        lockIndexes[file] = index
        if index != nil && ManifestKind.of(path: file) != .uvLock { projectLocks.append(file) }
        return index
    }

    private mutating func addEdge(
        toFolder folder: String, _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName,
        resolution: Resolution
    ) {
        guard let target = index.modulesByFolder[folder] else {
            return report(
                .brokenPath, manifest, dependency,
                "'\(dependency.declared)' points at \(folder), where no module is declared")
        }
        addEdge(dependency, of: manifest, name: name, to: target, resolution: resolution)
    }

    private mutating func addEdge(
        _ dependency: DeclaredDependency, of manifest: Manifest, name: ModuleName, to target: Module,
        resolution: Resolution
    ) {
        if target.path == manifest.folder {
            // `-e .` in a requirements file, or `.` (autogen-studio): the module installs itself.
            return report(
                .selfReference, manifest, dependency,
                "'\(dependency.declared)' names the module's own folder; not an edge")
        }
        let edge = PathEdge(
            from: manifest.folder, to: target.path, group: dependency.group, editable: dependency.editable,
            optional: dependency.optional, declared: dependency.declared, file: dependency.file ?? manifest.file,
            line: dependency.line, resolution: resolution, inheritedFrom: dependency.inheritedFrom)
        result.edges.append(edge)
        // uv, Poetry and PDM lock what pyproject.toml declares, not requirements files, tox.ini,
        // hatch.toml or Hatch environments; a PDM override only constrains the resolver.
        let locked =
            dependency.file == nil && !dependency.group.hasPrefix("hatch:") && dependency.group != "pdm-overrides"
        if locked && lockable[target.path] == nil { lockable[target.path] = edge }
    }

    // MARK: Lock files

    /// A module's direct local dependencies as its lock file records them.
    private struct LockWitness {
        var lock: LockFileIndex
        /// Each direct dependency: the locked package, its folder, group, extra or not, and line.
        var edges: [(package: LockedPackage, folder: String, group: String, optional: Bool, line: Int)]
        /// Whether the lock installs the module `name` at `folder`: a manifest edge to it agrees.
        var covers: (_ folder: String, _ name: ModuleName) -> Bool
        /// Where the lock says what the module depends on (uv: the module's own entry).
        var entryLine: Int?
    }

    /// The lock file that covers `manifest` and what it says the module depends on directly. A
    /// uv.lock covers the project in its folder and every member of the workspace whose root is
    /// in its folder; it locks each of them as a package with its own `dependencies` (and
    /// `[package.optional-dependencies]`, `[package.dev-dependencies]`), the module's direct
    /// edges. A poetry.lock or pdm.lock covers only the project in its folder, and never locks
    /// that project: the local packages no other locked package depends on are its direct
    /// dependencies, and every locked local package is one it installs. The first lock that
    /// covers the module decides: uv.lock, then poetry.lock, then pdm.lock.
    private mutating func lockWitness(for manifest: Manifest) -> LockWitness? {
        let folder = manifest.folder
        func inFolder(_ base: String, _ kind: ManifestKind) -> String {
            let name = kind.fileName ?? ""
            return base == "." ? name : "\(base)/\(name)"
        }
        var uvLocks = [inFolder(folder, .uvLock)]
        if let root = index.workspaceRoot(of: folder), root.folder != folder {
            uvLocks.append(inFolder(root.folder, .uvLock))
        }
        for file in uvLocks {
            guard let lock = lockIndex(file), let entry = lock.package(inFolder: folder) else { continue }
            var edges: [(package: LockedPackage, folder: String, group: String, optional: Bool, line: Int)] = []
            for dependency in entry.dependencies {
                for package in lock.localPackages(named: dependency.name) {
                    guard let target = lock.folder(of: package) else { continue }
                    edges.append((package, target, dependency.group, dependency.optional, dependency.line))
                }
            }
            let direct = Set(edges.map(\.folder))
            let names = Set(entry.dependencies.map(\.name))
            return LockWitness(
                lock: lock, edges: edges,
                covers: { folder, name in
                    direct.contains(folder) || (names.contains(name) && lock.hasAbsolutePath(name))
                }, entryLine: entry.line)
        }
        for kind in [ManifestKind.poetryLock, .pdmLock] {
            guard let lock = lockIndex(inFolder(folder, kind)) else { continue }
            var witness = LockWitness(
                lock: lock, edges: [],
                covers: { folder, name in
                    lock.hasAbsolutePath(name) || lock.folders(named: name).contains(folder)
                },
                entryLine: nil)
            for package in lock.localRoots {
                guard let target = lock.folder(of: package) else { continue }
                // Poetry names the project's groups (`main`, `dev`); PDM calls the main one `default`.
                let groups = package.groups.map { $0 == "default" ? "main" : $0 }
                let group = groups.contains("main") ? "main" : groups.first ?? "main"
                witness.edges.append((package, target, group, false, package.line))
            }
            return witness
        }
        return nil
    }

    /// Compares what the manifest declares with what its lock file records. An edge the lock has
    /// and the manifest lacks is `lock-drift` (an unread declaration, or a lock not refreshed
    /// since the dependency was removed), unless the module's dependencies are dynamic and
    /// unread: the lock's edges then complete the graph, declared by the lock. An edge the
    /// manifest has and the lock lacks is `lock-drift` too (a lock not refreshed since it was added).
    private mutating func crossCheckLock(of manifest: Manifest, name: ModuleName) {
        guard ManifestKind.of(path: manifest.file) == .pyproject, let witness = lockWitness(for: manifest) else {
            return
        }
        let lock = witness.lock.file
        let anchor = manifest.unreadDynamic?.line ?? manifest.nameLine ?? 1
        // A local declaration of the package that did not resolve here (a stale path: `broken-path`
        // says so) is no missing declaration.
        let declaredLocally = Set(manifest.dependencies.filter(\.isLocal).map(\.name))
        // Drift is one finding per folder; the edges a lock gives are one per folder and group,
        // as a manifest's are.
        var seen = Set<String>()
        for edge in witness.edges where lockable[edge.folder] == nil {
            let completes = manifest.unreadDynamic != nil
            guard seen.insert(completes ? "\(edge.folder)\u{0}\(edge.group)" : edge.folder).inserted,
                !declaredLocally.contains(edge.package.name),
                let target = index.modulesByFolder[edge.folder], edge.folder != manifest.folder
            else { continue }
            if completes {
                result.edges.append(
                    PathEdge(
                        from: manifest.folder, to: target.path, group: edge.group, editable: edge.package.editable,
                        optional: edge.optional, declared: "\(edge.package.name) locked in \(lock)", file: lock,
                        line: edge.line, declaredBy: .lock))
            } else {
                result.diagnostics.append(
                    Diagnostic(
                        .lockDrift, module: name, file: manifest.file, line: anchor,
                        "\(lock):\(edge.line) locks \(edge.folder) ('\(edge.package.name)') as a dependency of \(name), "
                            + "but \(manifest.file) declares none on it: an unread declaration, or a lock not "
                            + "refreshed since it was removed"))
            }
        }
        if manifest.unreadDynamic != nil, result.edges.contains(where: { $0.declaredBy == .lock }) {
            // The unread list stays said; what it leaves unknown is now only the requirements.
            for index in result.diagnostics.indices
            where result.diagnostics[index].code == .dynamicDependenciesNotRead
                && result.diagnostics[index].line == manifest.unreadDynamic?.line
            {
                result.diagnostics[index].message = result.diagnostics[index].message.replacingOccurrences(
                    of: "requirements and path edges are unknown, not empty",
                    with: "requirements are unknown, not empty; its path edges are the ones \(lock) records")
            }
        }
        for (folder, edge) in lockable.sorted(by: { $0.value.line < $1.value.line })
        where !witness.covers(folder, index.modulesByFolder[folder]?.name ?? ModuleName(folder)) {
            let entry = witness.entryLine.map { "\(lock):\($0), the entry of \(name)," } ?? lock
            result.diagnostics.append(
                Diagnostic(
                    .lockDrift, module: name, file: edge.file, line: edge.line,
                    "'\(edge.declared)' points at \(folder), but \(entry) locks no dependency on it: the lock "
                        + "was not refreshed since it was added"))
        }
    }

    private mutating func report(
        _ code: DiagnosticCode, _ manifest: Manifest, _ dependency: DeclaredDependency, _ message: String
    ) {
        result.diagnostics.append(
            Diagnostic(
                code, module: manifest.name, file: dependency.file ?? manifest.file, line: dependency.line, message))
    }

    /// One edge per (from, to, group): a dependency declared twice (Poetry multiple constraints,
    /// a PEP 621 list plus a Poetry table) is one edge, editable when any declaration says so.
    static func deduplicated(_ edges: [PathEdge]) -> [PathEdge] {
        var byKey: [PathEdge.Key: PathEdge] = [:]
        var order: [PathEdge.Key] = []
        for edge in edges {
            let key = edge.key
            if var existing = byKey[key] {
                existing.editable = existing.editable || edge.editable
                byKey[key] = existing
            } else {
                byKey[key] = edge
                order.append(key)
            }
        }
        return order.compactMap { byKey[$0] }.sorted(by: PathEdge.snapshotOrder)
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
        if rest.utf8.contains(UInt8(ascii: "{")), let open = rest.range(of: "{root"),
            let close = rest[open.upperBound...].firstIndex(of: "}")
        {
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
        // Foundation's decoding costs even with nothing to decode; most paths have no `%`.
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }
}
