/// Every manifest of one repository state, resolved and kept per manifest, so that the next state
/// re-resolves only the manifests a change can reach: a history import applies one commit at a
/// time, a refresh one edit.
///
/// A change is applied in place (a `SnapshotPatch`) when it keeps the set of modules: every
/// changed manifest declares the same module name in the same file as before (its version,
/// description and dependencies may change), it is no uv workspace root, it is readable, and its
/// name is declared once. Anything else — a module added, removed, renamed or moved, a workspace
/// root or the root folder (the configuration) edited, a broken manifest — resolves everything
/// again, since any other manifest's edges may depend on it.
public struct ResolvedRepository: Sendable {
    public let resolver: SnapshotResolver
    /// The manifests resolved, by folder (a folder has one manifest, `ManifestReader`).
    public private(set) var manifests: [String: Manifest] = [:]
    private var index: ModuleIndex
    private var results: [String: ManifestResolution] = [:]
    /// Manifests whose resolution has diagnostics, so assembling them does not visit every manifest.
    private var diagnosed: Set<String> = []

    /// Resolves every manifest of `manifests`.
    public init(resolver: SnapshotResolver, manifests: [Manifest], readFile: (String) -> String?) {
        self.resolver = resolver
        index = ModuleIndex(manifests, configuration: resolver.configuration)
        for manifest in manifests { self.manifests[manifest.folder] = manifest }
        withoutActuallyEscaping(readFile) { readFile in
            var one = ManifestResolver(resolver: resolver, index: index, readFile: readFile)
            for manifest in manifests { record(one.resolve(manifest), of: manifest.file) }
        }
    }

    /// The whole snapshot, sorted as `SnapshotResolver.resolve` returns it.
    public func snapshot() -> Snapshot {
        var snapshot = Snapshot()
        var edges: [PathEdge] = []
        // In file order, so that two manifests declaring one name always give the same result.
        for file in results.keys.sorted() {
            guard let result = results[file] else { continue }
            if let module = result.module { snapshot.modules.append(module) }
            edges += result.edges
            snapshot.requirements += result.requirements
        }
        snapshot.modules.sort { ($0.name, $0.path) < ($1.name, $1.path) }
        // Two manifests declaring one name give edges of one `from`: one edge per (from, to, group).
        snapshot.edges = ManifestResolver.deduplicated(edges)
        snapshot.requirements.sort(by: Self.requirementOrder)
        snapshot.diagnostics = diagnostics().sorted(by: Self.diagnosticOrder)
        return snapshot
    }

    /// Replaces the manifests of `folders` by `manifests` (the current manifest of each of those
    /// folders; a folder missing from it has none now), knowing that the lock files `lockFiles`
    /// changed too, and resolves what the change can reach.
    public mutating func update(
        folders: Set<String>, manifests changed: [Manifest], lockFiles: [String] = [], readFile: (String) -> String?
    ) -> SnapshotUpdate {
        var byFolder: [String: Manifest] = [:]
        for manifest in changed { byFolder[manifest.folder] = manifest }
        let modulesByName = index.modulesByName
        let declaredTwice = { (name: ModuleName) in modulesByName[name]?.count ?? 0 > 1 }
        guard folders.allSatisfy({ Self.keepsOtherResolutions(before: FolderDeclaration($0, manifests[$0]), after: byFolder[$0], declaredTwice: declaredTwice) }),
              !lockFiles.contains(where: { RelativePath.parent(of: $0) == "." }) else {
            for folder in folders { manifests[folder] = byFolder[folder] }
            self = ResolvedRepository(resolver: resolver, manifests: Array(manifests.values), readFile: readFile)
            return .full(snapshot())
        }
        // Manifests that may read a changed lock file: the ones in its folder's subtree.
        var scope = Set(changed.map(\.folder))
        for lock in lockFiles {
            let folder = RelativePath.parent(of: lock)
            scope.formUnion(manifests.keys.filter { $0 == folder || $0.hasPrefix(folder + "/") })
        }
        for folder in folders where byFolder[folder] == nil {
            if let gone = manifests.removeValue(forKey: folder) { record(nil, of: gone.file) }
        }
        for manifest in changed {
            manifests[manifest.folder] = manifest
            if let module = ModuleIndex.module(of: manifest, configuration: resolver.configuration) { index.update(module) }
        }
        var patch = SnapshotPatch()
        withoutActuallyEscaping(readFile) { readFile in
            var one = ManifestResolver(resolver: resolver, index: index, readFile: readFile)
            for folder in scope.sorted() {
                guard let manifest = manifests[folder] else { continue }
                let result = one.resolve(manifest)
                record(result, of: manifest.file)
                patch.add(result)
            }
        }
        patch.close(diagnostics: diagnostics())
        return .patch(patch)
    }

    /// What one folder declared before a change, as far as `keepsOtherResolutions` asks.
    struct FolderDeclaration {
        var folder: String
        var name: ModuleName?
        var file: String?
        var isWorkspaceRoot = false
        var isUnreadable = false

        init(_ folder: String, name: ModuleName?, file: String?, isWorkspaceRoot: Bool = false, isUnreadable: Bool = false) {
            (self.folder, self.name, self.file, self.isWorkspaceRoot, self.isUnreadable) = (folder, name, file, isWorkspaceRoot, isUnreadable)
        }

        init(_ folder: String, _ manifest: Manifest?) {
            self.init(
                folder, name: manifest?.name, file: manifest?.file, isWorkspaceRoot: manifest?.uvWorkspace != nil,
                isUnreadable: manifest?.isUnreadable ?? false)
        }
    }

    /// The rule of every incremental resolution (this type's, and `RepositoryScanner.patch`'s):
    /// replacing what a folder declared (`before`) by `after` leaves every other manifest's
    /// resolution as it was when the module keeps its name and file, and neither side is the
    /// root folder (the configuration), a uv workspace root, unreadable, or a name declared twice.
    static func keepsOtherResolutions(before: FolderDeclaration, after: Manifest?, declaredTwice: (ModuleName) -> Bool) -> Bool {
        if before.folder == "." || before.isWorkspaceRoot || before.isUnreadable { return false }
        if let after, after.uvWorkspace != nil || after.isUnreadable { return false }
        if let name = before.name, declaredTwice(name) { return false }
        // A folder that declares no module (a requirements file alone) only has diagnostics.
        return before.name == after?.name && (before.name == nil || before.file == after?.file)
    }

    private mutating func record(_ result: ManifestResolution?, of file: String) {
        results[file] = result
        if result?.diagnostics.isEmpty ?? true { diagnosed.remove(file) } else { diagnosed.insert(file) }
    }

    /// Every diagnostic, unsorted.
    private func diagnostics() -> [Diagnostic] {
        index.diagnostics + diagnosed.flatMap { results[$0]?.diagnostics ?? [] }
    }

    static func diagnosticOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file, a.line, a.code, a.message) < (b.file, b.line, b.code, b.message)
    }

    static func requirementOrder(_ a: Requirement, _ b: Requirement) -> Bool {
        (a.module, a.group, a.package, a.line) < (b.module, b.group, b.package, b.line)
    }
}

/// What one change did to a snapshot.
public enum SnapshotUpdate: Sendable {
    /// Everything was resolved again: the whole new snapshot.
    case full(Snapshot)
    /// Only some modules were resolved again; every other module, edge and requirement is as it was.
    case patch(SnapshotPatch)

    /// The folders of the modules whose rows can change; nil: all of them.
    public var scope: Set<String>? {
        if case .patch(let patch) = self { return Set(patch.modules.map(\.path)) }
        return nil
    }
}

/// The modules a change resolved again, with everything they declare now. They are the same
/// modules as before (same names, same folders); the diagnostics are the whole snapshot's.
public struct SnapshotPatch: Sendable, Equatable {
    public var modules: [Module] = []
    /// Every edge these modules declare now.
    public var edges: [PathEdge] = []
    /// Every requirement these modules declare now.
    public var requirements: [Requirement] = []
    public var diagnostics: [Diagnostic] = []

    public init(modules: [Module] = [], edges: [PathEdge] = [], requirements: [Requirement] = [], diagnostics: [Diagnostic] = []) {
        self.modules = modules
        self.edges = edges
        self.requirements = requirements
        self.diagnostics = diagnostics
    }

    /// Adds one re-resolved manifest's module and declarations.
    mutating func add(_ result: ManifestResolution) {
        if let module = result.module { modules.append(module) }
        edges += result.edges
        requirements += result.requirements
    }

    /// Puts the requirements in snapshot order and sets the snapshot's diagnostics, sorted.
    mutating func close(diagnostics: [Diagnostic]) {
        requirements.sort(by: ResolvedRepository.requirementOrder)
        self.diagnostics = diagnostics.sorted(by: ResolvedRepository.diagnosticOrder)
    }
}
