/// The resolution of one repository state, kept per folder, so that the next state re-resolves
/// only the folders a change can reach. It serves both incremental paths: a history import keeps
/// it in memory across commits (`CommitSnapshotBuilder`), and a scan seeds it from what the store
/// recorded and applies one edit (`RepositoryScanner.patch`).
///
/// A change is applied in place (a `SnapshotPatch`) when it keeps the set of modules: every
/// changed manifest declares the same module name in the same file as before (its version,
/// description and dependencies may change), it is no uv workspace root, it is readable, and its
/// name is declared once. Anything else — a module added, removed, renamed or moved, a workspace
/// root or the root folder (the configuration) edited, a broken manifest — needs everything
/// resolved again, since any other manifest's edges may depend on it; `update` then says so.
public struct ResolvedRepository: Sendable {
    public let resolver: SnapshotResolver
    private var index: ModuleIndex
    /// Every folder with a manifest (a folder has one, `ManifestReader`), or listed when seeded.
    private var folders: [String: Folder] = [:]
    /// The snapshot's diagnostics by the folder whose manifest gave them (only folders with some),
    /// so that closing a patch does not visit every folder.
    private var diagnostics: [String: [Diagnostic]] = [:]
    /// Folders that may hold a uv workspace root whose manifest was not read yet (a seeded state):
    /// read when a change reaches a folder below them.
    private var unreadRoots: Set<String> = []

    /// What the state knows of one folder.
    private struct Folder: Sendable {
        var declaration: FolderDeclaration
        /// nil in a seeded state until a change reaches the folder: it is read then.
        var manifest: Manifest?
        /// The module, edges and requirements the manifest gives (its diagnostics are in
        /// `diagnostics`); a seeded state knows only the module: the store keeps the rest.
        var resolution: ManifestResolution
    }

    /// What the last recorded snapshot says, to seed the state of a scan (`RepositoryScanner.patch`).
    public struct Recorded: Sendable {
        /// Every module of the snapshot.
        public var modules: [Module]
        /// Every diagnostic of the snapshot.
        public var diagnostics: [Diagnostic]

        /// The recorded state of `modules` and `diagnostics`.
        public init(modules: [Module], diagnostics: [Diagnostic]) {
            self.modules = modules
            self.diagnostics = diagnostics
        }
    }

    /// Resolves every manifest of `manifests`; on every core when `concurrentReads` says
    /// `readFile` may be called from several threads at once (it reads immutable texts or files).
    public init(
        resolver: SnapshotResolver, manifests: [Manifest], readFile: (String) -> String?, concurrentReads: Bool = false
    ) {
        self.resolver = resolver
        let index = ModuleIndex(manifests, configuration: resolver.configuration)
        self.index = index
        let results = withoutActuallyEscaping(readFile) { readFile in
            // Each manifest resolves on its own against the index; the lock cross-check made this
            // half of a cold scan at 10,000 modules with a poetry.lock each, on one core.
            let resolve = { (one: inout ManifestResolver, manifest: Manifest) in one.resolve(manifest) }
            let start = { ManifestResolver(resolver: resolver, index: index, readFile: readFile) }
            guard concurrentReads else {
                var one = start()
                return manifests.map { resolve(&one, $0) }
            }
            return parallelMap(manifests, state: start, resolve)
        }
        for (manifest, result) in zip(manifests, results) { record(result, of: manifest) }
        // Names declared twice are never patched (`keepsOtherResolutions`): their folders keep these.
        for diagnostic in index.diagnostics {
            diagnostics[RelativePath.parent(of: diagnostic.file), default: []].append(diagnostic)
        }
    }

    /// The state the store recorded, for the files listed in `listed` (folders): it knows each
    /// folder's module and diagnostics, not its manifest, edges or requirements, so it can patch
    /// but not give a whole snapshot. The store does not say which manifest is a uv workspace
    /// root: a folder above another listed folder may be one, and is never patched.
    init(resolver: SnapshotResolver, recorded: Recorded, listed: some Collection<String>) {
        self.resolver = resolver
        index = ModuleIndex(modules: recorded.modules, workspaceRoots: [])
        let listed = Set(listed)
        for folder in listed {
            var parent = folder
            while parent != "." {
                parent = RelativePath.parent(of: parent)
                if listed.contains(parent) { unreadRoots.insert(parent) }
            }
        }
        // The store does not say which manifest gave a diagnostic: the one of the folder of its file.
        for diagnostic in recorded.diagnostics {
            diagnostics[RelativePath.parent(of: diagnostic.file), default: []].append(diagnostic)
        }
        let broken = recorded.diagnostics.filter { $0.code == .invalidManifest }
        let unreadable = Set(broken.map { RelativePath.parent(of: $0.file) })
        for folder in listed {
            let module = index.modulesByFolder[folder]
            let declaration = FolderDeclaration(
                folder, name: module?.name, file: module?.manifest, mayBeWorkspaceRoot: unreadRoots.contains(folder),
                isUnreadable: unreadable.contains(folder))
            folders[folder] = Folder(declaration: declaration, resolution: ManifestResolution(module: module))
        }
    }

    /// The whole snapshot, sorted as `SnapshotResolver.resolve` returns it (a state made from
    /// manifests; a seeded one knows no edges or requirements).
    public func snapshot() -> Snapshot {
        var snapshot = Snapshot()
        var edges: [PathEdge] = []
        // In file order, so that two manifests declaring one name always give the same result.
        let files = folders.map { (file: $0.value.manifest?.file ?? "", folder: $0.key) }
        for (_, folder) in files.sorted(by: { $0.file < $1.file }) {
            guard let resolution = folders[folder]?.resolution else { continue }
            if let module = resolution.module { snapshot.modules.append(module) }
            edges += resolution.edges
            snapshot.requirements += resolution.requirements
        }
        snapshot.modules.sort { ($0.name, $0.path) < ($1.name, $1.path) }
        // Two manifests of one folder give edges of one `from`: one edge per (from, to, group).
        snapshot.edges = ManifestResolver.deduplicated(edges)
        snapshot.requirements.sort(by: Requirement.snapshotOrder)
        snapshot.diagnostics = Self.sortedFindings(diagnostics.values.joined())
        return snapshot
    }

    /// Replaces the manifests of `changed` folders by `manifests` (the current manifest of each
    /// of those folders; a folder missing from it has none now), knowing that the lock files
    /// `lockFiles` changed too, and resolves what the change can reach: the changed folders and
    /// the ones below a changed lock file. Returns the patch, or nil when the change may reach
    /// other manifests, so that only resolving everything again is right (the state is then
    /// unchanged). `readManifests` reads the manifests of folders a seeded state has not read.
    public mutating func update(
        folders changed: Set<String>, manifests: [Manifest], lockFiles: [String] = [],
        readFile: (String) -> String?, readManifests: (Set<String>) -> [Manifest] = { _ in [] }
    ) -> SnapshotPatch? {
        var current: [String: Manifest] = [:]
        for manifest in manifests { current[manifest.folder] = manifest }
        guard changed.allSatisfy({ keepsOtherResolutions($0, after: current[$0]) }) else { return nil }
        // Manifests that may read a changed lock file: the ones in its folder's subtree (a lock
        // file at the root reaches the root folder, which is never patched).
        var reached = changed
        for lock in lockFiles {
            let folder = RelativePath.parent(of: lock)
            reached.insert(folder)
            reached.formUnion(folders.keys.filter { $0.hasPrefix(folder + "/") })
        }
        let unchanged = reached.subtracting(changed)
        for folder in unchanged { current[folder] = folders[folder]?.manifest }
        let unread = unchanged.filter { folders[$0]?.manifest == nil }
        for manifest in unread.isEmpty ? [] : readManifests(unread) { current[manifest.folder] = manifest }
        guard unchanged.allSatisfy({ keepsOtherResolutions($0, after: current[$0]) }) else { return nil }
        readWorkspaceRoots(above: reached, for: current.values, readManifests: readManifests)

        for folder in reached where current[folder] == nil {
            folders[folder] = nil
            diagnostics[folder] = nil
        }
        for manifest in current.values {
            guard let module = ModuleIndex.module(of: manifest, configuration: resolver.configuration) else { continue }
            index.update(module)
        }
        var patch = SnapshotPatch()
        withoutActuallyEscaping(readFile) { readFile in
            var one = ManifestResolver(resolver: resolver, index: index, readFile: readFile)
            for manifest in current.values.sorted(by: { $0.file < $1.file }) {
                let result = one.resolve(manifest)
                record(result, of: manifest)
                patch.add(result)
            }
        }
        patch.close(diagnostics: Array(diagnostics.values.joined()))
        return patch
    }

    /// Reads the uv workspace roots a seeded state has not read that the manifests `reaching`
    /// (of the folders `reached`) can inherit from: the ones above them, or every one when a
    /// `workspace = true` dependency asks which workspace its target belongs to.
    private mutating func readWorkspaceRoots(
        above reached: Set<String>, for reaching: some Sequence<Manifest>, readManifests: (Set<String>) -> [Manifest]
    ) {
        guard !unreadRoots.isEmpty else { return }
        let needsAll = reaching.contains { $0.dependencies.contains { $0.target == .workspace } }
        let needed = unreadRoots.filter { root in
            needsAll || root == "." || reached.contains { $0.hasPrefix(root + "/") }  // "." is above every folder
        }
        guard !needed.isEmpty else { return }
        unreadRoots.subtract(needed)
        let roots = readManifests(needed)
        for root in roots { folders[root.folder]?.manifest = root }
        index.add(workspaceRoots: roots.filter { $0.uvWorkspace != nil })
    }

    /// What one folder declared before a change, as far as `keepsOtherResolutions` asks.
    private struct FolderDeclaration: Sendable {
        var folder: String
        var name: ModuleName?
        var file: String?
        /// Known from the manifest, or assumed for a folder above another (a seeded state).
        var mayBeWorkspaceRoot = false
        var isUnreadable = false

        init(_ folder: String, name: ModuleName?, file: String?, mayBeWorkspaceRoot: Bool, isUnreadable: Bool) {
            (self.folder, self.name, self.file) = (folder, name, file)
            (self.mayBeWorkspaceRoot, self.isUnreadable) = (mayBeWorkspaceRoot, isUnreadable)
        }

        init(_ folder: String, _ manifest: Manifest?) {
            self.init(
                folder, name: manifest?.name, file: manifest?.file, mayBeWorkspaceRoot: manifest?.uvWorkspace != nil,
                isUnreadable: manifest?.isUnreadable ?? false)
        }
    }

    /// The rule of every incremental resolution: replacing what `folder` declared by `after`
    /// leaves every other manifest's resolution as it was when the module keeps its name and
    /// file, and neither side is the root folder (the configuration), a uv workspace root,
    /// unreadable, or a name declared twice.
    private func keepsOtherResolutions(_ folder: String, after: Manifest?) -> Bool {
        let before = folders[folder]?.declaration ?? FolderDeclaration(folder, nil)
        if before.folder == "." || before.mayBeWorkspaceRoot || before.isUnreadable { return false }
        if index.packageData.contains(folder) { return false }
        if let after, after.uvWorkspace != nil || after.isUnreadable { return false }
        if let name = before.name, index.modulesByName[name]?.count ?? 0 > 1 { return false }
        // A folder that declares no module (a requirements file alone) only has diagnostics.
        return before.name == after?.name && (before.name == nil || before.file == after?.file)
    }

    private mutating func record(_ result: ManifestResolution, of manifest: Manifest) {
        var resolution = result
        diagnostics[manifest.folder] = result.diagnostics.isEmpty ? nil : result.diagnostics
        resolution.diagnostics = []
        folders[manifest.folder] = Folder(
            declaration: FolderDeclaration(manifest.folder, manifest), manifest: manifest, resolution: resolution)
    }

    static func diagnosticOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file, a.line, a.code, a.message) < (b.file, b.line, b.code, b.message)
    }

    /// `diagnostics` sorted, one per file, line, code and message: a requirements file that two
    /// modules include (`-r ../common/test.txt`) gives one finding per line, not one per includer
    /// (the first module by name keeps it).
    static func sortedFindings(_ diagnostics: some Sequence<Diagnostic>) -> [Diagnostic] {
        let sorted = diagnostics.sorted { a, b in
            diagnosticOrder(a, b) || (!diagnosticOrder(b, a) && (a.module?.rawValue ?? "") < (b.module?.rawValue ?? ""))
        }
        var out: [Diagnostic] = []
        for diagnostic in sorted {
            let repeated = out.last.map { !diagnosticOrder($0, diagnostic) && $0.severity == diagnostic.severity }
            if repeated != true { out.append(diagnostic) }
        }
        return out
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

    public init(
        modules: [Module] = [], edges: [PathEdge] = [], requirements: [Requirement] = [], diagnostics: [Diagnostic] = []
    ) {
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
        requirements.sort(by: Requirement.snapshotOrder)
        self.diagnostics = ResolvedRepository.sortedFindings(diagnostics)
    }
}
