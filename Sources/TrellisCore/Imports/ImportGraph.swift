import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// How many files were listed, taken from the cache, read and tokenized.
    public var stats = ImportReadStats()
    /// What the read found out of date in the cache it was given (empty without one).
    public var cacheUpdate = ImportCache.Update()

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
        // Over the UTF-8 bytes, without splitting: every file is asked, several times a read.
        var folder = relative.utf8[...]
        while let slash = folder.firstIndex(of: UInt8(ascii: "/")) {
            let part = folder[..<slash]
            if part.elementsEqual("tests".utf8) || part.elementsEqual("test".utf8) || part.elementsEqual("testing".utf8)
            {
                return true
            }
            folder = folder[folder.index(after: slash)...]
        }
        let file = folder
        return file.starts(with: "test_".utf8) || file.reversed().starts(with: "yp.tset_".utf8)
            || file.elementsEqual("conftest.py".utf8)
    }

    /// Reads every module's `.py` files under `root` (their tests too with `tests`) and matches
    /// their imports to the modules that provide them. Never imports or runs anything. With
    /// `reading`, only those modules' code is read (every module's files are still listed: the
    /// names they provide). A file whose stamp (size, modification time, inode) is that of its
    /// row in `cache` is not opened; one whose content hash is its row's is not tokenized; the
    /// result's `cacheUpdate` holds the rows to write and those of files gone, and `stats` the
    /// counts. O(bytes of the files read).
    public static func read(
        root: String, graph: DependencyGraph, tests: Bool, reading: Set<String>? = nil,
        cache: ImportCache = ImportCache()
    ) -> ImportGraph {
        let started = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        let folders = Set(graph.modules.map(\.path))
        let stamped = parallelMap(graph.modules) { module in
            (module, pythonFileStamps(root: root, module: module.path, otherModules: folders))
        }
        var stamps: [String: CodeFileStamp] = [:]
        for (module, files) in stamped {
            for (file, stamp) in files { stamps[join(module.path, file)] = stamp }
        }
        let known = stamps
        var graph = match(
            stamped.map { ($0.0, $0.1.map(\.file)) }, graph: graph, tests: tests, reading: reading,
            load: { FileManager.default.contents(atPath: "\(root)/\($0)") },
            code: { path in
                guard let stamp = known[path] else { return nil }
                let entry = cache.files[path]
                if let entry, stamp.matches(entry) {
                    return CodeRead(imports: entry.imports, stats: ImportReadStats(needed: 1, cached: 1))
                }
                guard let data = FileManager.default.contents(atPath: "\(root)/\(path)") else { return nil }
                let hash = FileStamp.hash(data)
                var stats = ImportReadStats(needed: 1, read: 1)
                let imports: [PythonImport]
                let encoded: String
                if let entry, entry.hash == hash {
                    imports = entry.imports
                    encoded = entry.encoded
                } else {
                    stats.tokenized = 1
                    imports = tokenize(data)
                    encoded = ImportCache.encode(imports)
                }
                let row = CachedImports(
                    size: stamp.size, modified: stamp.isRacy(readStartedAt: started) ? 0 : stamp.modified,
                    inode: stamp.inode, hash: hash, encoded: encoded)
                return CodeRead(imports: imports, stats: stats, row: row == entry ? nil : row)
            })
        graph.stats.listed = stamps.count
        graph.cacheUpdate.removed = cache.files.keys.filter { known[$0] == nil }.sorted()
        return graph
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
        let tracked = Set(all)
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
            let setupCfg = join(module.path, "setup.cfg")
            if tracked.contains(setupCfg) { contents[setupCfg] = try reader.read("\(commit):\(prefix)\(setupCfg)") }
            guard reading?.contains(module.path) ?? true else { continue }
            for file in files where tests || !isTest(file) {
                let path = join(module.path, file)
                contents[path] = try reader.read("\(commit):\(prefix)\(path)")
            }
        }
        let loaded = contents
        var graph = match(
            listed, graph: graph, tests: tests, reading: reading, load: { loaded[$0] },
            code: { path in
                loaded[path].map {
                    CodeRead(imports: tokenize($0), stats: ImportReadStats(needed: 1, read: 1, tokenized: 1))
                }
            })
        graph.stats.listed = listed.reduce(0) { $0 + $1.1.count }
        return graph
    }

    /// What reading one file gave: its imports, how they were got, and its new cache row (nil
    /// when its row is current, or there is no cache).
    struct CodeRead {
        var imports: [PythonImport]
        var stats: ImportReadStats
        var row: CachedImports? = nil
    }

    static func tokenize(_ data: Data) -> [PythonImport] {
        data.withUnsafeBytes { raw in PythonImportReader.imports(in: raw.bindMemory(to: UInt8.self)) }
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

    /// Matches the listed modules' imports: manifests read through `load`, code files' imports
    /// through `code`, both by path from the root. `code` runs on several threads at once.
    static func match(
        _ listed: [(Module, [String])], graph: DependencyGraph, tests: Bool, reading: Set<String>?,
        load: (String) -> Data?, code: (String) -> CodeRead?
    ) -> ImportGraph {
        var diagnostics: [Diagnostic] = []
        var provides: [String: [ProvidedName]] = [:]
        var byName: [String: [String]] = [:]
        for (module, files) in listed {
            let names = provided(
                manifest: load(module.manifest), setupCfg: load(join(module.path, "setup.cfg")), module: module,
                files: files)
            provides[module.path] = names
            if files.contains("setup.py"), names.allSatisfy({ ImportProviders.layoutGuesses.contains($0.source) }) {
                let shown = names.isEmpty ? "none found" : names.map(\.name).joined(separator: ", ")
                let setupCfg = join(module.path, "setup.cfg")
                diagnostics.append(
                    Diagnostic(
                        .providesGuessed, module: module.name, file: join(module.path, "setup.py"),
                        "setup.py is never run, so the import names \(module.name) provides are guessed from its layout (\(shown)); list its packages in \(setupCfg) [options] packages or in pyproject.toml [tool.setuptools] packages"
                    ))
            }
            for name in Set(names.map(\.name)) { byName[name, default: []].append(module.path) }
        }
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
        // Each chunk of modules remembers what absolute imports resolve to: most files import
        // the same few names (the standard library, their dependencies).
        let results = parallelMap(listed, state: { [String: (String, String)?]() }) {
            memo, item -> (ModuleImports, ImportReadStats, [String: CachedImports]) in
            let (module, files) = item
            var sites: [ImportSite] = []
            var read = 0
            var stats = ImportReadStats()
            var rows: [String: CachedImports] = [:]
            for file in files where reading?.contains(module.path) ?? true {
                let inTests = isTest(file)
                if inTests && !tests { continue }
                let path = join(module.path, file)
                guard let found = code(path) else { continue }
                read += 1
                stats = stats + found.stats
                if let row = found.row { rows[path] = row }
                let imports = found.imports
                let package = dottedPackage(of: file, provides: provides[module.path] ?? [])
                for entry in imports {
                    let resolved: (String, String)?
                    if entry.level == 0 {
                        let key =
                            entry.names.isEmpty ? entry.module : "\(entry.module) \(entry.names.joined(separator: ","))"
                        if let known = memo[key] {
                            resolved = known
                        } else {
                            resolved = resolve(entry, package: package, names: unique)
                            memo[key] = resolved
                        }
                    } else {
                        resolved = resolve(entry, package: package, names: unique)
                    }
                    guard let (name, target) = resolved, target != module.path else { continue }
                    sites.append(
                        ImportSite(
                            file: join(module.path, file), line: entry.line, imported: name, target: target,
                            typingOnly: entry.typingOnly, optional: entry.optional, inTests: inTests))
                }
            }
            let own = ModuleImports(
                module: module.path, provides: provides[module.path] ?? [], filesRead: read, sites: sites)
            return (own, stats, rows)
        }
        var imports = ImportGraph(
            modules: Dictionary(uniqueKeysWithValues: results.map { ($0.0.module, $0.0) }), tests: tests,
            diagnostics: diagnostics)
        for (_, stats, rows) in results {
            imports.stats = imports.stats + stats
            imports.cacheUpdate.changed.merge(rows) { new, _ in new }
        }
        return imports
    }

    /// The import names `module` provides, from its pyproject.toml (other manifests give none)
    /// and its `.py` files other than tests (`files`: all of them, relative to its folder).
    static func provided(manifest data: Data?, setupCfg: Data?, module: Module, files: [String]) -> [ProvidedName] {
        let manifest: TOMLTable? =
            module.manifest.hasSuffix("pyproject.toml")
            ? data.flatMap { try? TOMLParser.parse(String(decoding: $0, as: UTF8.self)) } : nil
        return ImportProviders.provided(
            by: module, manifest: manifest, setupCfg: setupCfg.map { String(decoding: $0, as: UTF8.self) },
            files: files.filter { !isTest($0) })
    }

    /// The import names one module of `graph` provides, read from the work tree under `root`
    /// (`show`'s `provides:`). O(files of the module).
    public static func provided(root: String, module: Module, graph: DependencyGraph) -> [ProvidedName] {
        let files = pythonFiles(root: root, module: module.path, otherModules: Set(graph.modules.map(\.path)))
        return provided(
            manifest: FileManager.default.contents(atPath: "\(root)/\(module.manifest)"),
            setupCfg: FileManager.default.contents(atPath: "\(root)/\(join(module.path, "setup.cfg"))"), module: module,
            files: files)
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
        pythonFileStamps(root: root, module: module, otherModules: otherModules).map(\.file)
    }

    /// The same files with their stamps: one `stat(2)` of each entry (following symbolic links,
    /// as opening the file would), which the walk needs anyway to tell folders from files.
    static func pythonFileStamps(root: String, module: String, otherModules: Set<String>)
        -> [(file: String, stamp: CodeFileStamp)]
    {
        let base = module == "." ? root : "\(root)/\(module)"
        var found: [(file: String, stamp: CodeFileStamp)] = []
        var pending = [""]
        let manager = FileManager.default
        while let folder = pending.popLast() {
            let path = folder.isEmpty ? base : "\(base)/\(folder)"
            guard let entries = try? manager.contentsOfDirectory(atPath: path) else { continue }
            for entry in entries where !entry.hasPrefix(".") {
                let relative = folder.isEmpty ? entry : "\(folder)/\(entry)"
                guard let info = fileStatus("\(path)/\(entry)") else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if skippedFolders.contains(entry) || otherModules.contains(join(module, relative)) { continue }
                    pending.append(relative)
                case S_IFREG where entry.hasSuffix(".py"):
                    let stamp = CodeFileStamp(
                        size: Int64(info.st_size), modified: modificationTime(info), inode: UInt64(info.st_ino))
                    found.append((relative, stamp))
                default:
                    continue
                }
            }
        }
        return found.sorted { $0.file < $1.file }
    }
}
