/// The wheel file selection of a Hatch project, as the Hatch build configuration documents it
/// ("Build configuration: File selection") and hatchling's `WheelBuilderConfig` applies it: the
/// options of `[tool.hatch.build.targets.wheel]`, each else the one of `[tool.hatch.build]`.
///
/// - `packages = ["src/foo"]`: `only-include` of the path with its parent as a `sources` prefix,
///   so it ships as `foo`.
/// - `only-include = ["pkg", "tools/cli.py"]`: exactly those paths (no walk), `include` ignored.
/// - `include = ["pkg/*.py", "/tests"]`: git-style globs over the project's files, `exclude` taking
///   precedence.
/// - `sources = ["src"]` removes a prefix from every shipped path; `sources = {"src" = "", "" = "pre"}`
///   rewrites prefixes (the empty key adds one).
/// - `force-include = {"../shared/lib" = "acme/lib"}` maps a source path (from anywhere) to a
///   path in the wheel, whatever the other options select, the default selection included.
/// Only `packages`, `only-include` and `include` replace the default file selection.
struct HatchSelection {
    var packages: [String] = []
    var onlyInclude: [String] = []
    var include: [String] = []
    var exclude: [String] = []
    /// Prefix rewrites, longest first.
    var sources: [(from: String, to: String)] = []
    var forceInclude: [(source: String, destination: String)] = []

    /// Nil without a `[tool.hatch.build]` table.
    init?(tool: TOMLTable?) {
        guard let build = tool?["hatch"]?.table?["build"]?.table else { return nil }
        let wheel = build["targets"]?.table?["wheel"]?.table
        func value(_ key: String) -> TOMLValue? { wheel?[key] ?? build[key] }
        func strings(_ key: String) -> [String] { value(key)?.array?.compactMap(\.string) ?? [] }
        packages = strings("packages").map(ImportProviders.trimSlashes)
        onlyInclude = strings("only-include").map(ImportProviders.trimSlashes)
        include = strings("include")
        exclude = strings("exclude")
        if let list = value("sources")?.array {
            sources = list.compactMap(\.string).map { (ImportProviders.trimSlashes($0), "") }
        } else if let table = value("sources")?.table {
            sources = table.entries.compactMap { entry in
                entry.value.string.map { (ImportProviders.trimSlashes(entry.key), ImportProviders.trimSlashes($0)) }
            }
        }
        sources.sort { $0.from.count > $1.from.count }
        forceInclude = (value("force-include")?.table?.entries ?? []).compactMap { entry in
            entry.value.string.map { (ImportProviders.trimSlashes(entry.key), ImportProviders.trimSlashes($0)) }
        }
    }

    /// `path` as the wheel ships it, after the `sources` rewrites.
    func shipped(_ path: String) -> String {
        for rule in sources {
            if rule.from.isEmpty { return ImportProviders.join(rule.to, path) }
            if path == rule.from || path.hasPrefix(rule.from + "/") {
                return ImportProviders.join(rule.to, String(path.dropFirst(rule.from.count)).trimmingSlashPrefix)
            }
        }
        return path
    }

    /// The dotted import name of a shipped path (`acme/tool.py` → `acme.tool`), nil for a path
    /// that is no Python package or module (`README.md`, `pkg/data.json`).
    static func importName(_ shipped: String) -> String? {
        guard !shipped.isEmpty else { return nil }
        let last = shipped.split(separator: "/").last ?? ""
        if last.contains(".") && !last.hasSuffix(".py") { return nil }
        let name = (shipped.hasSuffix(".py") ? shipped.dropLast(3) : Substring(shipped)).split(separator: "/")
            .joined(separator: ".")
        return name.isEmpty ? nil : name
    }

    /// The names the selection options give (empty without `packages`, `only-include` or `include`:
    /// then the default file selection applies). `files`: the module's `.py` files.
    func provided(files: [String]) -> [ProvidedName] {
        var found: [ProvidedName] = []
        func add(_ name: String, _ location: String, _ source: String) {
            if !found.contains(where: { $0.name == name }) {
                found.append(ProvidedName(name: name, location: location, source: source))
            }
        }
        for path in packages {
            add(String(path.split(separator: "/").last ?? ""), path, "hatch wheel packages")
        }
        for path in onlyInclude {
            if let name = Self.importName(shipped(path)) { add(name, path, "hatch wheel only-include") }
        }
        guard packages.isEmpty && onlyInclude.isEmpty else { return found }
        // Plain paths ship as written; globs select among the files, then each selected file's
        // top-level package (or module) is what the wheel installs.
        let globs = include.filter(GitWildMatch.isGlob)
        for path in include.map(ImportProviders.trimSlashes) where !path.isEmpty && !GitWildMatch.isGlob(path) {
            if let name = Self.importName(shipped(path)) { add(name, path, "hatch wheel include") }
        }
        if !globs.isEmpty {
            for file in files where GitWildMatch.selects(globs, file) && !GitWildMatch.selects(exclude, file) {
                let wheelPath = shipped(file)
                let top = String(wheelPath.split(separator: "/")[0])
                if top == wheelPath {
                    add(String(top.dropLast(3)), file, "hatch wheel include")
                } else if file.hasSuffix(wheelPath) {
                    add(top, String(file.dropLast(wheelPath.count)) + top, "hatch wheel include")
                } else {
                    add(top, top, "hatch wheel include")
                }
            }
        }
        return found
    }

    /// The names `force-include` adds.
    func forced() -> [ProvidedName] {
        forceInclude.compactMap { entry in
            Self.importName(entry.destination).map {
                ProvidedName(name: $0, location: entry.source, source: "hatch wheel force-include")
            }
        }
    }
}

extension String {
    fileprivate var trimmingSlashPrefix: String {
        var text = Substring(self)
        while text.hasPrefix("/") { text = text.dropFirst() }
        return String(text)
    }
}
