/// An import name a module's wheel would install, and the folder or file that holds it.
public struct ProvidedName: Hashable, Sendable, Comparable {
    /// The dotted import name (`lib_one`; `acme.one` for a namespace package's portion).
    public var name: String
    /// The package folder or module file, relative to the module's folder (`src/lib_one`, `tool.py`).
    public var location: String
    /// Which configuration or layout gave it (`poetry packages`, `src layout`, …).
    public var source: String

    public init(name: String, location: String, source: String) {
        self.name = name
        self.location = location
        self.source = source
    }

    public static func < (a: ProvidedName, b: ProvidedName) -> Bool { (a.name, a.location) < (b.name, b.location) }
}

/// Which import names a module provides, from its build configuration and its files' layout,
/// never by running anything. What each backend does, as its documentation says:
///
/// - Poetry `packages = [{include = "a", from = "src"}]`: ships folder `src/a` as `a`; without
///   `packages`, a package named after the project (dashes as underscores) in the root or `src/`.
/// - Hatch `[tool.hatch.build.targets.wheel]` (else `[tool.hatch.build]`), `HatchSelection`:
///   `packages = ["src/foo"]` ships `foo`; `only-include` ships paths as written (minus a
///   `sources` prefix or rewrite) and ignores `include`; `include` paths and git-style globs
///   (`exclude` winning) select among the files; `force-include` maps a source to a wheel path
///   and adds to any selection. Without packages/only-include/include, the wheel builder's default
///   file selection looks for `<name>/__init__.py`, `src/<name>/__init__.py`, `<name>.py`,
///   `<namespace>/<name>/__init__.py`.
/// - setuptools (`SetuptoolsOptions`): `[tool.setuptools]` in pyproject.toml, else `[options]` of a
///   static setup.cfg: `packages` (dotted names, placed by `package-dir`, which maps the root `""`
///   or one package), `py-modules`, `packages.find` / `find:` / `find_namespace:` with
///   `where`/`include`/`exclude`; without them automatic discovery: src-layout (everything under
///   `src/`), else flat-layout (top-level packages, minus reserved names such as `tests`, `docs`,
///   `examples`), else a single module file. `setup.py` is never run: a module that has one and
///   no static package list has its names guessed (`provides-guessed`).
/// - uv build backend `[tool.uv.build-backend] module-name` (a name, a dotted namespace name, or
///   a list), inside `module-root` (default `src`); default name: the project name with dots and
///   dashes as underscores.
public enum ImportProviders {
    /// Folders that setuptools' flat-layout discovery never takes as packages: its
    /// `FlatLayoutPackageFinder._EXCLUDE` (read in setuptools 65.5.0's `discovery.py`), whose
    /// `[._]*` pattern `discoverPackages` applies to every folder.
    static let reservedFlatNames: Set<String> = [
        "ci", "bin", "doc", "docs", "documentation", "manpages", "news", "changelog", "test", "tests", "unit_test",
        "unit_tests", "example", "examples", "scripts", "tools", "util", "utils", "python", "build", "dist", "venv",
        "env", "requirements", "tasks", "fabfile", "site_scons", "benchmark", "benchmarks", "exercise", "exercises",
    ]

    /// Top-level module files flat-layout discovery never takes: `FlatLayoutModuleFinder.DEFAULT_EXCLUDE`
    /// of the same file (without `.py`; `[Ss][Cc]onstruct` spelled out as `sconstruct`, compared in lower case).
    static let reservedFlatModules: Set<String> = [
        "setup", "conftest", "test", "tests", "example", "examples", "build", "toxfile", "noxfile", "pavement", "dodo",
        "tasks", "fabfile", "sconstruct", "conanfile", "manage", "benchmark", "benchmarks", "exercise", "exercises",
    ]

    /// The names `module` provides. `manifest` is its parsed pyproject.toml (nil for other
    /// manifests), `files` its `.py` files relative to its folder.
    public static func provided(by module: Module, manifest: TOMLTable?, setupCfg: String? = nil, files: [String])
        -> [ProvidedName]
    {
        var names = configured(by: module, manifest: manifest, setupCfg: setupCfg, files: files)
        // Hatch's `force-include` adds to whatever the file selection ships, the default one included.
        let hatch = HatchSelection(tool: manifest?["tool"]?.table)
        for forced in hatch?.forced() ?? []
        where !names.contains(where: { forced.name == $0.name || forced.name.hasPrefix($0.name + ".") }) {
            names.append(forced)
        }
        return namespacePortions(names, files: files)
    }

    /// The sources of names found by looking at the files alone: what a `setup.py` (never run)
    /// may well configure otherwise.
    public static let layoutGuesses: Set<String> = [
        "src layout", "flat layout", "single-file module", "namespace layout",
    ]

    /// A provided folder without `__init__.py` whose subfolders have one is a namespace: its
    /// portions are provided instead (Hatch `include = ["langgraph"]` shipping
    /// `langgraph/checkpoint/`: `langgraph.checkpoint`), so that two modules sharing a namespace
    /// each match their own imports. One level deep; a folder not among `files` is kept.
    static func namespacePortions(_ names: [ProvidedName], files: [String]) -> [ProvidedName] {
        var result: [ProvidedName] = []
        for provided in names {
            let prefix = provided.location + "/"
            let inner = files.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            guard !provided.location.hasSuffix(".py"), !inner.isEmpty, !inner.contains("__init__.py") else {
                result.append(provided)
                continue
            }
            let portions = Set(
                inner.compactMap { $0.utf8.contains(UInt8(ascii: "/")) ? String($0.split(separator: "/")[0]) : nil }
            )
            .filter { isIdentifier($0) && inner.contains("\($0)/__init__.py") }.sorted()
            if portions.isEmpty { result.append(provided) }
            for portion in portions {
                result.append(
                    ProvidedName(
                        name: "\(provided.name).\(portion)", location: prefix + portion, source: provided.source))
            }
        }
        return result.sorted()
    }

    static func trimSlashes(_ path: String) -> String {
        var text = Substring(path)
        while text.hasPrefix("/") || text.hasPrefix("./") {
            text = text.hasPrefix("/") ? text.dropFirst() : text.dropFirst(2)
        }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// The names the build configuration and the layout give, before namespace folders are split.
    static func configured(by module: Module, manifest: TOMLTable?, setupCfg: String?, files: [String])
        -> [ProvidedName]
    {
        let importName = module.name.rawValue.replacingOccurrences(of: "-", with: "_").replacingOccurrences(
            of: ".", with: "_")
        let folders = Set(files.flatMap(Self.ancestors))
        var found: [ProvidedName] = []
        func add(_ name: String, _ location: String, _ source: String) {
            found.append(ProvidedName(name: name, location: location, source: source))
        }
        func exists(_ location: String) -> Bool { folders.contains(location) || files.contains(location) }
        let tool = manifest?["tool"]?.table
        let backend = manifest?["build-system"]?.table?["build-backend"]?.string ?? ""

        // Poetry packages.
        if let packages = tool?["poetry"]?.table?["packages"]?.array {
            for entry in packages {
                guard let table = entry.table, let include = table["include"]?.string else { continue }
                let from = table["from"]?.string ?? ""
                let location = join(from, include)
                let name = (include.hasSuffix(".py") ? String(include.dropLast(3)) : include)
                    .split(separator: "/").joined(separator: ".")
                add(name, location, "poetry packages")
            }
            return found.sorted()
        }
        // Hatch: the wheel target's options, else the build's (`[tool.hatch.build]`).
        if let selected = HatchSelection(tool: tool)?.provided(files: files), !selected.isEmpty {
            return selected.sorted()
        }
        // uv build backend.
        if backend.hasPrefix("uv_build") || tool?["uv"]?.table?["build-backend"] != nil {
            let settings = tool?["uv"]?.table?["build-backend"]?.table
            let root = settings?["module-root"]?.string ?? "src"
            let names: [String] =
                settings?["module-name"]?.array?.compactMap(\.string)
                ?? settings?["module-name"]?.string.map { [$0] } ?? [importName]
            for name in names {
                let location = join(root, name.split(separator: ".").joined(separator: "/"))
                add(name, exists(location) || !exists(location + ".py") ? location : location + ".py", "uv module-name")
            }
            return found.sorted()
        }
        // setuptools: `[tool.setuptools]` in pyproject.toml, else `[options]` of a static setup.cfg.
        for options in [tool?["setuptools"]?.table.map(SetuptoolsOptions.init), setupCfg.map(SetuptoolsOptions.init)] {
            guard let options else { continue }
            let names = options.provided(files: files)
            if !names.isEmpty { return names.sorted() }
        }

        // No configuration: a package named after the project, as Poetry, Hatch and uv look for it.
        for (location, source) in [("src/\(importName)", "src layout"), (importName, "flat layout")]
        where exists(location) {
            add(importName, location, source)
            return found
        }
        if files.contains("\(importName).py") || files.contains("src/\(importName).py") {
            let location = files.contains("\(importName).py") ? "\(importName).py" : "src/\(importName).py"
            add(importName, location, "single-file module")
            return found
        }
        // Hatch's last heuristic: `<namespace>/<name>/__init__.py`.
        if let nested = files.first(where: {
            let parts = $0.split(separator: "/")
            return parts.count == 3 && parts[1] == importName && parts[2] == "__init__.py"
                && isIdentifier(String(parts[0]))
                && !reservedFlatNames.contains(String(parts[0]))
        }) {
            let namespace = String(nested.split(separator: "/")[0])
            add("\(namespace).\(importName)", "\(namespace)/\(importName)", "namespace layout")
            return found
        }
        // setuptools' automatic discovery: src-layout, then flat-layout, then single modules.
        let src = discoverPackages(in: "src", files: files, namespaces: true, reserved: [])
        if !src.isEmpty {
            return src.map { ProvidedName(name: $0.name, location: $0.location, source: "src layout") }.sorted()
        }
        // Flat layout: setuptools' finder there is PEP 420's, so a namespace folder's portions count too.
        let flat = discoverPackages(in: "", files: files, namespaces: true, reserved: reservedFlatNames)
            .filter { !$0.name.hasPrefix("_") }
        if !flat.isEmpty {
            return flat.map { ProvidedName(name: $0.name, location: $0.location, source: "flat layout") }.sorted()
        }
        let singles = files.filter {
            !$0.utf8.contains(UInt8(ascii: "/")) && !$0.hasPrefix("_") && !$0.hasPrefix("test_")
                && !reservedFlatModules.contains(String($0.dropLast(3)).lowercased())
        }
        return singles.map {
            ProvidedName(name: String($0.dropLast(3)), location: $0, source: "single-file module")
        }.sorted()
    }

    /// The top-level packages and modules in `folder` (`""`: the module's own folder). A folder
    /// without `__init__.py` is a namespace: with `namespaces`, its subpackages are provided as
    /// `ns.sub`; without, it is no package.
    static func discoverPackages(in folder: String, files: [String], namespaces: Bool, reserved: Set<String>)
        -> [(name: String, location: String)]
    {
        let prefix = folder.isEmpty ? "" : folder + "/"
        var tops: [String: [String]] = [:]  // top-level entry → files below it, relative to it
        var modules: [String] = []
        for file in files where file.hasPrefix(prefix) {
            let rest = file.dropFirst(prefix.count)
            let parts = rest.split(separator: "/", maxSplits: 1)
            if parts.count == 1 {
                if !folder.isEmpty { modules.append(String(parts[0].dropLast(3))) }
            } else {
                tops[String(parts[0]), default: []].append(String(parts[1]))
            }
        }
        var result: [(name: String, location: String)] = []
        for (top, inner) in tops.sorted(by: { $0.key < $1.key })
        where isIdentifier(top) && !reserved.contains(top.lowercased()) {
            if inner.contains("__init__.py") {
                result.append((top, prefix + top))
            } else if namespaces {
                for sub in Set(
                    inner.compactMap { $0.utf8.contains(UInt8(ascii: "/")) ? String($0.split(separator: "/")[0]) : nil }
                )
                .sorted()
                where isIdentifier(sub) && inner.contains("\(sub)/__init__.py") {
                    result.append(("\(top).\(sub)", "\(prefix)\(top)/\(sub)"))
                }
            }
        }
        for module in modules.sorted() where isIdentifier(module) { result.append((module, prefix + module + ".py")) }
        return result
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, LogicalLines.startsName(first) else { return false }
        return text.utf8.allSatisfy(LogicalLines.continuesName)
    }

    /// Every folder above `file`, relative to the module's folder (`a/b/c.py` → `a`, `a/b`).
    static func ancestors(_ file: String) -> [String] {
        let bytes = file.utf8
        return bytes.indices.filter { bytes[$0] == UInt8(ascii: "/") }.map { String(file[..<$0]) }
    }

    static func join(_ a: String, _ b: String) -> String {
        let head = a.hasPrefix("./") ? String(a.dropFirst(2)) : a
        if head.isEmpty || head == "." { return b }
        return (head.hasSuffix("/") ? String(head.dropLast()) : head) + "/" + b
    }

    /// Shell-style matching of `*`, `?` as setuptools' `include`/`exclude` patterns use it.
    static func fnmatch(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (t.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == UInt8(ascii: "*") {
                result = match(i + 1, j) || (j < t.count && match(i, j + 1))
            } else {
                result = j < t.count && (p[i] == UInt8(ascii: "?") || p[i] == t[j]) && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
