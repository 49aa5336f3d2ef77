import Foundation

/// The package options of setuptools, from `[tool.setuptools]` in pyproject.toml or from the
/// `[options]` of a static `setup.cfg` (read as text; `setup.py` is never run). What the
/// setuptools documentation ("Package Discovery and Namespace Packages", "Configuring setuptools
/// using setup.cfg files") says, and `setupcfg.py`/`expand.py` do:
///
/// - `packages`: dotted names (`a`, `a.b`); in setup.cfg also `find:` (packages with
///   `__init__.py` only) or `find_namespace:` (PEP 420 folders too), with `[options.packages.find]`
///   `where`/`include`/`exclude`; in pyproject.toml `[tool.setuptools.packages.find]`, whose
///   `namespaces` defaults to true.
/// - `package-dir` / `package_dir`: package name → folder; the empty name is the root of every
///   package not mapped otherwise (`{"" = "src"}`), a name maps that package and its subpackages
///   (`{"pkg" = "lib/pkg"}`: `pkg.sub` is in `lib/pkg/sub`).
/// - `py-modules` / `py_modules`: single-file modules, placed by `package-dir` like packages.
struct SetuptoolsOptions {
    enum Packages {
        case list([String])
        case find(namespaces: Bool)
    }

    var packages: Packages?
    var packageDir: [String: String] = [:]
    var modules: [String] = []
    var findWhere: [String] = ["."]
    var findInclude: [String] = ["*"]
    var findExclude: [String] = []
    /// Where the options came from (`setuptools packages`, `setup.cfg packages`, …).
    var origin: String

    init(_ table: TOMLTable) {
        origin = "setuptools"
        for entry in table["package-dir"]?.table?.entries ?? [] {
            if let folder = entry.value.string { packageDir[entry.key] = folder }
        }
        modules = table["py-modules"]?.array?.compactMap(\.string) ?? []
        if let list = table["packages"]?.array {
            packages = .list(list.compactMap(\.string))
        } else if let find = table["packages"]?.table?["find"]?.table {
            packages = .find(namespaces: find["namespaces"]?.bool ?? true)
            findWhere = find["where"]?.array?.compactMap(\.string) ?? ["."]
            findInclude = find["include"]?.array?.compactMap(\.string) ?? ["*"]
            findExclude = find["exclude"]?.array?.compactMap(\.string) ?? []
        }
    }

    /// From the text of a `setup.cfg`: list values split at commas and line ends, dict values
    /// (`package_dir`) as `name = folder` lines (an empty name before `=`).
    init(setupCfg text: String) {
        origin = "setup.cfg"
        func list(_ values: [(line: Int, text: String)]) -> [String] {
            values.flatMap { $0.text.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        for entry in SetupCfgParser.entries(text) {
            switch (entry.section, entry.key) {
            case ("options", "packages"):
                let value = list(entry.values)
                if value == ["find:"] || value == ["find_namespace:"] {
                    packages = .find(namespaces: value == ["find_namespace:"])
                } else {
                    packages = .list(value)
                }
            case ("options", "package_dir"):
                for item in list(entry.values) {
                    let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    guard pair.count == 2 else { continue }
                    packageDir[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(
                        in: .whitespaces)
                }
            case ("options", "py_modules"):
                modules = list(entry.values)
            case ("options.packages.find", "where"):
                // setupcfg.py takes the first folder only.
                findWhere = Array(list(entry.values).prefix(1))
            case ("options.packages.find", "include"):
                findInclude = list(entry.values)
            case ("options.packages.find", "exclude"):
                findExclude = list(entry.values)
            default:
                break
            }
        }
    }

    /// The folder of package (or module) `name`: the longest mapped prefix's folder, then the rest of the name.
    func location(of name: String) -> String {
        let parts = name.split(separator: ".").map(String.init)
        for count in stride(from: parts.count, through: 0, by: -1) {
            let prefix = parts[0..<count].joined(separator: ".")
            if let folder = packageDir[prefix] {
                let rest = parts[count...].joined(separator: "/")
                return rest.isEmpty ? ImportProviders.trimSlashes(folder) : ImportProviders.join(folder, rest)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The names these options give; empty when they configure no packages or modules.
    func provided(files: [String]) -> [ProvidedName] {
        var found: [ProvidedName] = []
        switch packages {
        case .list(let names):
            // Only the outermost packages: `a.b` is inside `a` when both are listed.
            for name in names where !names.contains(where: { name.hasPrefix($0 + ".") }) {
                found.append(ProvidedName(name: name, location: location(of: name), source: "\(origin) packages"))
            }
        case .find(let namespaces):
            for folder in findWhere {
                let base = ImportProviders.trimSlashes(folder)
                for candidate in ImportProviders.discoverPackages(
                    in: base == "." ? "" : base, files: files, namespaces: namespaces, reserved: [])
                where findInclude.contains(where: { ImportProviders.fnmatch($0, candidate.name) })
                    && !findExclude.contains(where: { ImportProviders.fnmatch($0, candidate.name) })
                    && !candidate.location.hasSuffix(".py")
                {
                    found.append(
                        ProvidedName(
                            name: candidate.name, location: candidate.location, source: "\(origin) packages.find"))
                }
            }
        case nil:
            break
        }
        for module in modules {
            found.append(
                ProvidedName(name: module, location: location(of: module) + ".py", source: "\(origin) py-modules"))
        }
        return found
    }
}
