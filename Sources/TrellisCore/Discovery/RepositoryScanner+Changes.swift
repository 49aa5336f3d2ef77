import Foundation

extension RepositoryScanner {
    /// What the last recorded snapshot says, for `patch(changing:listing:recorded:)`.
    public struct Recorded: Sendable {
        public var modules: [Module]
        public var diagnostics: [Diagnostic]

        public init(modules: [Module], diagnostics: [Diagnostic]) {
            self.modules = modules
            self.diagnostics = diagnostics
        }
    }

    /// Re-reads only the manifests of the folders whose files changed content (`changed`: path →
    /// new text; no file added or removed since the `recorded` snapshot), and those below a
    /// changed lock file, and resolves them against the recorded modules. Returns the patch and
    /// how many manifest files were parsed, or nil when the change may reach other manifests
    /// (the same rules as `ResolvedRepository`: a module renamed, the root folder, a possible
    /// uv workspace root, an unreadable manifest before or after, a name declared twice), where
    /// only a whole scan is right.
    public func patch(
        changing changed: [String: String], listing: ManifestDiscovery.Listing, recorded: Recorded
    ) -> (patch: SnapshotPatch, parsed: Int)? {
        if changed.isEmpty { return (SnapshotPatch(diagnostics: recorded.diagnostics), 0) }
        var folders = Set(changed.keys.map(RelativePath.parent))
        guard !folders.contains(".") else { return nil }
        let listed = Dictionary(grouping: listing.paths, by: RelativePath.parent)
        // A manifest folder above another module may be a uv workspace root: its members' edges
        // depend on it. Those folders are few (the root, nested examples); they are parsed.
        var containers = Set<String>()
        for folder in listed.keys {
            var parent = folder
            while parent != "." {
                parent = RelativePath.parent(of: parent)
                if listed[parent] != nil { containers.insert(parent) }
            }
        }
        guard folders.isDisjoint(with: containers) else { return nil }
        for lock in changed.keys where Self.isLockFile(lock) {
            let folder = RelativePath.parent(of: lock)
            folders.formUnion(listed.keys.filter { $0.hasPrefix(folder + "/") })
        }

        let configuration = configuration()
        let read = { (path: String) in changed[path] ?? self.read(path) }
        let paths = folders.flatMap { listed[$0] ?? [] }.filter { !Self.isLockFile($0) }
        let manifests = ManifestReader().read(paths: paths, readFile: read).filter { !configuration.isExcluded($0.file) }
        // The workspace roots a changed manifest can inherit from are above it; a `workspace = true`
        // dependency also asks which workspace its target belongs to, which may be any of them.
        let needsAll = manifests.contains { $0.dependencies.contains { $0.target == .workspace } }
        let rootFolders = containers.filter { container in
            needsAll || container == "." || folders.contains { $0.hasPrefix(container + "/") }  // "." is above every folder
        }
        let rootPaths = rootFolders.flatMap { listed[$0] ?? [] }.filter { !Self.isLockFile($0) }
        let roots = ManifestReader().read(paths: rootPaths, readFile: read).filter { $0.uvWorkspace != nil }

        var modules: [String: Module] = [:]
        var names: [ModuleName: Int] = [:]
        for module in recorded.modules {
            modules[module.path] = module
            names[module.name, default: 0] += 1
        }
        let wasUnreadable = Set(recorded.diagnostics.filter { $0.code == Diagnostic.unreadableManifest }.map { RelativePath.parent(of: $0.file) })
        var byFolder: [String: Manifest] = [:]
        for manifest in manifests { byFolder[manifest.folder] = manifest }
        for folder in folders {
            let old = modules[folder], new = byFolder[folder]
            // Whether the recorded manifest was a uv workspace root is not known here: a root with
            // members is above them, a container refused above; one without members reaches nobody.
            let before = ResolvedRepository.FolderDeclaration(
                folder, name: old?.name, file: old?.manifest, isUnreadable: wasUnreadable.contains(folder))
            guard ResolvedRepository.keepsOtherResolutions(before: before, after: new, declaredTwice: { names[$0] ?? 0 > 1 }) else {
                return nil
            }
            if let new, let module = ModuleIndex.module(of: new, configuration: configuration) { modules[folder] = module }
        }

        let resolver = SnapshotResolver(rootPath: root, configuration: configuration)
        let index = ModuleIndex(modules: Array(modules.values), workspaceRoots: roots)
        var patch = SnapshotPatch()
        var diagnostics = recorded.diagnostics.filter { !folders.contains(RelativePath.parent(of: $0.file)) }
        withoutActuallyEscaping(read) { read in
            var one = ManifestResolver(resolver: resolver, index: index, readFile: read)
            for manifest in manifests.sorted(by: { $0.file < $1.file }) {
                let result = one.resolve(manifest)
                patch.add(result)
                diagnostics += result.diagnostics
            }
        }
        patch.close(diagnostics: diagnostics)
        return (patch, (paths + rootPaths).filter { $0.hasSuffix("pyproject.toml") }.count)
    }
}
