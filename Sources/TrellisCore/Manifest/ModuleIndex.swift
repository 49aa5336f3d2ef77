/// The modules of one repository state by folder and by name, and its uv workspace roots: what
/// resolving one manifest's dependencies needs to know about the others.
struct ModuleIndex: Sendable {
    var modulesByFolder: [String: Module] = [:]
    var modulesByName: [ModuleName: [Module]] = [:]
    /// Workspace root manifests, deepest first.
    var workspaceRoots: [Manifest] = []
    /// What only the whole set can tell: names declared twice, package data that is no module.
    var diagnostics: [Diagnostic] = []
    /// Folders whose `setup.py`/`setup.cfg` lies inside another module's package folder: no modules.
    var packageData: Set<String> = []

    init(_ manifests: some Sequence<Manifest>, configuration: TrellisConfiguration) {
        let modules = manifests.compactMap { Self.module(of: $0, configuration: configuration) }
        var notes: [Diagnostic] = []
        var packageData: Set<String> = []
        let kept = modules.filter { module in
            guard let (owner, folder) = Self.packageFolder(holding: module, among: modules) else { return true }
            packageData.insert(module.path)
            notes.append(
                Diagnostic(
                    .insidePackageData, file: module.manifest, line: 0,
                    "lies inside \(folder), the package folder of module \(owner.name) (\(owner.path)): package data "
                        + "such as a template, not a module"))
            return false
        }
        self.init(modules: kept, workspaceRoots: manifests.filter { $0.uvWorkspace != nil })
        self.packageData = packageData
        diagnostics += notes
    }

    /// The module, and its package folder (`<folder>/<import name>` or `<folder>/src/<import name>`),
    /// that holds the legacy manifest (`setup.py`, `setup.cfg`) of `module`, if one does: a 0-byte
    /// `setup.py` under `pkg/pkg/templates/step/` is a file the package ships, not a module.
    static func packageFolder(holding module: Module, among modules: [Module]) -> (Module, String)? {
        guard let kind = ManifestKind.of(path: module.manifest), kind == .setupPy || kind == .setupCfg else {
            return nil
        }
        for owner in modules where owner.path != module.path {
            let importName = owner.name.rawValue.replacingOccurrences(of: "-", with: "_")
            for relative in [importName, "src/\(importName)"] {
                let folder = owner.path == "." ? relative : "\(owner.path)/\(relative)"
                if module.path == folder || module.path.hasPrefix(folder + "/") { return (owner, folder) }
            }
        }
        return nil
    }

    /// The index of `modules`, whose uv workspace roots are `workspaceRoots`.
    init(modules: [Module], workspaceRoots: [Manifest]) {
        // In manifest order: a name declared twice resolves to the same module whatever the input order.
        for module in modules.sorted(by: { $0.manifest < $1.manifest }) {
            modulesByFolder[module.path] = module
            modulesByName[module.name, default: []].append(module)
        }
        add(workspaceRoots: workspaceRoots)
        // Edges follow folders, so two modules of one name mislead only lookups by name: a
        // warning, unless both are members of one uv workspace, which uv refuses to lock
        // (uv 0.13.9: "Two workspace members are both named `util`").
        for (name, modules) in modulesByName where modules.count > 1 {
            for module in modules {
                let others = modules.filter { $0 != module }
                let workspace = workspaceRoot(of: module.path)?.file
                let together = workspace != nil && others.contains { workspaceRoot(of: $0.path)?.file == workspace }
                diagnostics.append(
                    Diagnostic(
                        .duplicateName, severity: together ? .error : .warning, module: name, file: module.manifest,
                        line: 1,
                        "the name '\(name)' is also declared by \(others.map(\.manifest).sorted().joined(separator: ", "))"
                            + (together ? ", a member of the same uv workspace" : "; commands name each by its folder"))
                )
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
