/// The modules of one repository state by folder and by name, and its uv workspace roots: what
/// resolving one manifest's dependencies needs to know about the others.
struct ModuleIndex: Sendable {
    var modulesByFolder: [String: Module] = [:]
    var modulesByName: [ModuleName: [Module]] = [:]
    /// Workspace root manifests, deepest first.
    var workspaceRoots: [Manifest] = []
    /// What only the whole set can tell: names declared twice.
    var diagnostics: [Diagnostic] = []

    init(_ manifests: some Sequence<Manifest>, configuration: TrellisConfiguration) {
        self.init(
            modules: manifests.compactMap { Self.module(of: $0, configuration: configuration) },
            workspaceRoots: manifests.filter { $0.uvWorkspace != nil })
    }

    /// The index of `modules`, whose uv workspace roots are `workspaceRoots`.
    init(modules: [Module], workspaceRoots: [Manifest]) {
        // In manifest order: a name declared twice resolves to the same module whatever the input order.
        for module in modules.sorted(by: { $0.manifest < $1.manifest }) {
            modulesByFolder[module.path] = module
            modulesByName[module.name, default: []].append(module)
        }
        add(workspaceRoots: workspaceRoots)
        for (name, modules) in modulesByName where modules.count > 1 {
            for module in modules {
                diagnostics.append(Diagnostic(
                    .duplicateName, module: name, file: module.manifest, line: 1,
                    "the name '\(name)' is also declared by \(modules.filter { $0 != module }.map(\.manifest).sorted().joined(separator: ", "))"))
            }
        }
    }

    /// The module `manifest` declares, if it names one.
    static func module(of manifest: Manifest, configuration: TrellisConfiguration) -> Module? {
        guard let name = manifest.name else { return nil }
        return Module(
            name: name, path: manifest.folder, version: manifest.version, description: manifest.description,
            kind: configuration.kind(ofModuleAt: manifest.folder), manifest: manifest.file)
    }

    /// Replaces the module at `module.path` by `module` (same name and folder; another version or description).
    mutating func update(_ module: Module) {
        modulesByFolder[module.path] = module
        modulesByName[module.name] = modulesByName[module.name]?.map { $0.path == module.path ? module : $0 }
    }

    /// Adds the uv workspace roots `roots`, keeping the deepest first.
    mutating func add(workspaceRoots roots: [Manifest]) {
        workspaceRoots += roots
        workspaceRoots.sort { ($0.folder.count, $0.folder) > ($1.folder.count, $1.folder) }
    }

    /// The deepest uv workspace whose members include `folder`.
    func workspaceRoot(of folder: String) -> Manifest? {
        workspaceRoots.first { root in
            guard let workspace = root.uvWorkspace else { return false }
            if root.folder == folder { return true }
            guard let relative = ManifestResolver.relative(folder, to: root.folder) else { return false }
            return workspace.members.contains { Glob($0).matches(relative) }
                && !workspace.exclude.contains { Glob($0).matches(relative) }
        }
    }
}
