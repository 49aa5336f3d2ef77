import Foundation

/// One import of one file, matched to the module that provides it.
public struct ImportSite: Hashable, Sendable {
    /// The importing file, relative to the repository root.
    public var file: String
    public var line: Int
    /// The dotted name as imported (`lib_two.io`; a relative import's absolute name).
    public var imported: String
    /// The folder of the module that provides it.
    public var target: String
    public var typingOnly: Bool
    public var optional: Bool
    /// In a test file (`tests/`, `test_*.py`, `conftest.py`): installed with dev groups, not main.
    public var inTests: Bool
}

/// What one module's code imports from the other modules, and what it provides.
public struct ModuleImports: Sendable {
    /// The module's folder.
    public var module: String
    public var provides: [ProvidedName]
    /// How many `.py` files were read (test files only with `tests`).
    public var filesRead: Int
    /// Imports of other modules, in file and line order.
    public var sites: [ImportSite]
}

/// The graph the code really has: for every module, the internal modules its files import.
/// Computed for the work tree or one git revision, never stored (code changes every commit).
public struct ImportGraph: Sendable {
    /// By module folder.
    public var modules: [String: ModuleImports]
    /// Whether test files were read.
    public var tests: Bool
    /// Import names two modules both provide (`duplicate-import-name`).
    public var diagnostics: [Diagnostic]

    public init(modules: [String: ModuleImports], tests: Bool, diagnostics: [Diagnostic] = []) {
        self.modules = modules
        self.tests = tests
        self.diagnostics = diagnostics
    }

    /// Folders never read for code: tools' environments and caches, build output.
    static let skippedFolders: Set<String> = [
        "__pycache__", "node_modules", "venv", "build", "dist", "site-packages", "__pypackages__",
    ]

    /// Whether a path inside a module is test code.
    static func isTest(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/")
        if parts.dropLast().contains(where: { $0 == "tests" || $0 == "test" || $0 == "testing" }) { return true }
        let file = parts.last ?? ""
        return file.hasPrefix("test_") || file.hasSuffix("_test.py") || file == "conftest.py"
    }

    /// Reads every module's `.py` files under `root` (their tests too with `tests`) and matches
    /// their imports to the modules that provide them. Never imports or runs anything. With
    /// `reading`, only those modules' code is read (every module's files are still listed: the
    /// names they provide). O(bytes of the files read).
    public static func read(
        root: String, graph: DependencyGraph, tests: Bool, reading: Set<String>? = nil
    ) -> ImportGraph {
        let folders = Set(graph.modules.map(\.path))
        let listed = parallelMap(graph.modules) { module in
            (module, pythonFiles(root: root, module: module.path, otherModules: folders))
        }
        return match(
            listed, graph: graph, tests: tests, reading: reading,
            load: { FileManager.default.contents(atPath: "\(root)/\($0)") })
    }

    /// The same, for the code of `commit` (a full id), read from git without a checkout: one
    /// `git ls-tree` and one `git cat-file --batch` for the files. `root` is the Trellis root
    /// (possibly a subfolder of the work tree).
    public static func read(
        root: String, commit: String, graph: DependencyGraph, tests: Bool, reading: Set<String>? = nil
    ) throws -> ImportGraph {
        let history = GitHistory(root: root)
        let prefix = try history.prefix()
        let listing = try Subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "-z", commit], in: root)
        guard listing.status == 0 else { throw GitError.command("git ls-tree", listing.stderr.trimmed()) }
        let all = listing.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let folders = Set(graph.modules.map(\.path))
        let listed = graph.modules.map { module in
            (module, pythonFiles(in: all, module: module.path, otherModules: folders))
        }
        // git's reader is one process: everything needed is read first, then matched in parallel.
        let reader = try GitObjectReader(root: root)
        var contents: [String: Data] = [:]
        for (module, files) in listed {
            if module.manifest.hasSuffix("pyproject.toml") {
                contents[module.manifest] = try reader.read("\(commit):\(prefix)\(module.manifest)")
            }
            guard reading?.contains(module.path) ?? true else { continue }
            for file in files where tests || !isTest(file) {
                let path = join(module.path, file)
                contents[path] = try reader.read("\(commit):\(prefix)\(path)")
            }
        }
        let loaded = contents
        return match(listed, graph: graph, tests: tests, reading: reading, load: { loaded[$0] })
    }

    /// The files of one module in a listing of every file (relative to the root), as
    /// `pythonFiles(root:module:otherModules:)` finds them in a folder.
    static func pythonFiles(in all: [String], module: String, otherModules: Set<String>) -> [String] {
        let prefix = module == "." ? "" : module + "/"
        return all.compactMap { path -> String? in
            guard path.hasSuffix(".py"), path.hasPrefix(prefix) else { return nil }
            let relative = String(path.dropFirst(prefix.count))
            let parts = relative.split(separator: "/").dropLast()
            var folder = module == "." ? "" : module
            for part in parts {
                folder = folder.isEmpty ? String(part) : "\(folder)/\(part)"
                if part.hasPrefix(".") || skippedFolders.contains(String(part)) || otherModules.contains(folder) {
                    return nil
                }
            }
            return relative
        }.sorted()
    }

    /// Matches the listed modules' imports (files read through `load`, by path from the root).
    static func match(
        _ listed: [(Module, [String])], graph: DependencyGraph, tests: Bool, reading: Set<String>?,
        load: (String) -> Data?
    ) -> ImportGraph {
        var provides: [String: [ProvidedName]] = [:]
        var byName: [String: [String]] = [:]
        for (module, files) in listed {
            let names = provided(manifest: load(module.manifest), module: module, files: files)
            provides[module.path] = names
            for name in Set(names.map(\.name)) { byName[name, default: []].append(module.path) }
        }
        var diagnostics: [Diagnostic] = []
        for (name, owners) in byName.sorted(by: { $0.key < $1.key }) where owners.count > 1 {
            let sorted = owners.sorted()
            let module = graph.module(at: sorted[0])
            diagnostics.append(
                Diagnostic(
                    .duplicateImportName, module: module?.name, file: module?.manifest ?? sorted[0],
                    "import name \(name) is provided by \(sorted.count) modules: \(sorted.joined(separator: ", ")); its imports are matched to none"
                ))
            byName[name] = nil
        }
        let unique = byName.mapValues { $0[0] }
        let results = parallelMap(listed) { (module, files) -> ModuleImports in
            var sites: [ImportSite] = []
            var read = 0
            for file in files where reading?.contains(module.path) ?? true {
                let inTests = isTest(file)
                if inTests && !tests { continue }
                guard let data = load(join(module.path, file)) else { continue }
                read += 1
                let imports = data.withUnsafeBytes { raw in
                    PythonImportReader.imports(in: raw.bindMemory(to: UInt8.self))
                }
                let package = dottedPackage(of: file, provides: provides[module.path] ?? [])
                for entry in imports {
                    guard
                        let (name, target) = resolve(entry, package: package, names: unique),
                        target != module.path
                    else { continue }
                    sites.append(
                        ImportSite(
                            file: join(module.path, file), line: entry.line, imported: name, target: target,
                            typingOnly: entry.typingOnly, optional: entry.optional, inTests: inTests))
                }
            }
            return ModuleImports(
                module: module.path, provides: provides[module.path] ?? [], filesRead: read, sites: sites)
        }
        return ImportGraph(
            modules: Dictionary(uniqueKeysWithValues: results.map { ($0.module, $0) }), tests: tests,
            diagnostics: diagnostics)
    }

    /// The import names `module` provides, from its pyproject.toml (other manifests give none)
    /// and its `.py` files other than tests (`files`: all of them, relative to its folder).
    static func provided(manifest data: Data?, module: Module, files: [String]) -> [ProvidedName] {
        let manifest: TOMLTable? =
            module.manifest.hasSuffix("pyproject.toml")
            ? data.flatMap { try? TOMLParser.parse(String(decoding: $0, as: UTF8.self)) } : nil
        return ImportProviders.provided(by: module, manifest: manifest, files: files.filter { !isTest($0) })
    }

    /// The import names one module of `graph` provides, read from the work tree under `root`
    /// (`show`'s `provides:`). O(files of the module).
    public static func provided(root: String, module: Module, graph: DependencyGraph) -> [ProvidedName] {
        let files = pythonFiles(root: root, module: module.path, otherModules: Set(graph.modules.map(\.path)))
        return provided(
            manifest: FileManager.default.contents(atPath: "\(root)/\(module.manifest)"), module: module, files: files)
    }

    /// The dotted package a file's relative imports start from, or nil when no provided folder holds it.
    static func dottedPackage(of file: String, provides: [ProvidedName]) -> [String]? {
        for provided in provides where file.hasPrefix(provided.location + "/") {
            var parts = provided.name.split(separator: ".").map(String.init)
            let rest = file.dropFirst(provided.location.count + 1).split(separator: "/").map(String.init)
            parts += rest.dropLast()
            return parts
        }
        return nil
    }

    /// The absolute name an import reaches and the module providing it: the longest provided
    /// prefix, trying `from a import b` as the submodule `a.b` first. The name returned is the
    /// module written after `from` (its names may be attributes), or `a.b` when only that is provided.
    static func resolve(_ entry: PythonImport, package: [String]?, names: [String: String]) -> (String, String)? {
        var base = entry.module.isEmpty ? [] : entry.module.split(separator: ".").map(String.init)
        if entry.level > 0 {
            guard let package, entry.level - 1 <= package.count else { return nil }
            base = Array(package.dropLast(entry.level - 1)) + base
        }
        var candidates: [[String]] = entry.names.filter { $0 != "*" }.map { base + [$0] }
        candidates.append(base)
        for candidate in candidates {
            var parts = candidate
            while !parts.isEmpty {
                let name = parts.joined(separator: ".")
                if let target = names[name] {
                    // `from a.b import c` names `a.b` unless only `a.b.c` is provided (a namespace portion).
                    let shown = parts.count <= base.count && !base.isEmpty ? base : candidate
                    return (shown.joined(separator: "."), target)
                }
                parts.removeLast()
            }
        }
        return nil
    }

    static func join(_ folder: String, _ file: String) -> String { folder == "." ? file : "\(folder)/\(file)" }

    /// The `.py` files of one module, relative to its folder, sorted; nested modules' folders,
    /// hidden folders and environments are left out.
    static func pythonFiles(root: String, module: String, otherModules: Set<String>) -> [String] {
        let base = module == "." ? root : "\(root)/\(module)"
        var found: [String] = []
        var pending = [""]
        let manager = FileManager.default
        while let folder = pending.popLast() {
            let path = folder.isEmpty ? base : "\(base)/\(folder)"
            guard let entries = try? manager.contentsOfDirectory(atPath: path) else { continue }
            for entry in entries where !entry.hasPrefix(".") {
                let relative = folder.isEmpty ? entry : "\(folder)/\(entry)"
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: "\(path)/\(entry)", isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if skippedFolders.contains(entry) || otherModules.contains(join(module, relative)) { continue }
                    pending.append(relative)
                } else if entry.hasSuffix(".py") {
                    found.append(relative)
                }
            }
        }
        return found.sorted()
    }
}
