/// Reads the dependency declarations of one `pyproject.toml` in every style Trellis knows:
/// Poetry 1.x tables, Poetry 2.x PEP 621 lists enriched by `[tool.poetry.dependencies]`,
/// uv sources and workspaces, PEP 621 extras and PEP 735 groups.
public struct PyProjectParser: Sendable {
    public init() {}

    /// Parses `text`, the content of the manifest at `file` (relative to the repository root).
    /// A document that is not valid TOML yields a manifest whose only content is an error diagnostic.
    public func parse(file: String, text: String) -> Manifest {
        var manifest = Manifest(file: file)
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text)
        } catch {
            manifest.diagnostics.append(
                Diagnostic(
                    .invalidManifest, file: file, line: error.line,
                    "invalid TOML: \(error.message) (column \(error.column)); the module keeps its last recorded state")
            )
            return manifest
        }
        var reader = Reader(file: file, lines: SourceLines(text), manifest: manifest, document: document)
        reader.read()
        return reader.manifest
    }
}

private struct Reader {
    let file: String
    let lines: SourceLines
    var manifest: Manifest
    let document: TOMLTable

    private var project: TOMLTable? { document["project"]?.table }
    private var poetry: TOMLTable? { document["tool", "poetry"]?.table }
    private var uv: TOMLTable? { document["tool", "uv"]?.table }

    mutating func read() {
        readMetadata()
        readUVSources()
        readUVWorkspace()
        manifest.trellis = document["tool", "trellis"]?.table
        readPEP621()
        readPoetry()
        readPDM()
        readHatch()
        if let devDependencies = uv?["dev-dependencies"]?.array {
            readRequirementList(devDependencies, group: "dev", optional: false)
        }
        readDynamic()
    }

    // MARK: Metadata

    private mutating func readMetadata() {
        let name = project?["name"] ?? poetry?["name"]
        manifest.rawName = name?.string
        manifest.nameLine = name?.line
        if let name, manifest.rawName == nil {
            warn(.invalidName, line: name.line, "the name must be a string")
        }
        if let name, let raw = manifest.rawName, !Self.isValidName(raw) {
            // A template's placeholder (`<REPLACE ME>`): the module stays, under the name as declared
            // (normalized), so that what the manifest says still finds it; its folder does too.
            warn(
                .invalidName, line: name.line,
                "'\(raw)' is not a valid project name (PEP 508: ASCII letters, digits, '-', '_' and '.', starting "
                    + "and ending with a letter or digit); no installer accepts it")
        }
        let dynamic = project?["dynamic"]?.array?.compactMap(\.string) ?? []
        if let version = project?["version"] ?? poetry?["version"] {
            manifest.version = version.string
        } else if !dynamic.contains("version") && manifest.rawName != nil && project != nil && poetry == nil {
            manifest.diagnostics.append(
                Diagnostic(
                    .noVersion, file: file, line: project?.line ?? 1,
                    "[project] declares no version and does not list it as dynamic"))
        }
        manifest.description = (project?["description"] ?? poetry?["description"])?.string
    }

    /// PEP 508's rule for a name: `^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`, any case.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, let last = bytes.last, alphanumeric(first), alphanumeric(last) else {
            return false
        }
        let separators: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")]
        return bytes.allSatisfy { alphanumeric($0) || separators.contains($0) }
    }

    // MARK: Dynamic dependencies

    /// `[project] dynamic` lists that some build step computes: setuptools' `[tool.setuptools.dynamic]`
    /// `file` entries are noted for `ManifestReader` to read; Hatch metadata hook tables and Poetry's
    /// tables are read elsewhere; any other source is noted as unread, so that the module's
    /// dependencies are never shown as empty without a word.
    private mutating func readDynamic() {
        guard let project, let dynamic = project["dynamic"] else { return }
        let keys = dynamic.array?.compactMap(\.string) ?? []
        let setuptools = document["tool", "setuptools", "dynamic"]?.table
        let hooks = document["tool", "hatch", "metadata", "hooks"]?.table?.entries.map(\.value) ?? []
        var unread: [String] = []
        if keys.contains("dependencies") {
            if let entry = setuptools?["dependencies"] {
                noteFiles(entry, group: "main", optional: false)
            } else if !hooks.contains(where: { $0.table?["dependencies"] != nil })
                && poetry?["dependencies"]?.table == nil
            {
                unread.append("dependencies")
            }
        }
        if keys.contains("optional-dependencies") {
            if let extras = setuptools?["optional-dependencies"]?.table {
                for (extra, entry) in extras.entries { noteFiles(entry, group: extra, optional: true) }
            } else if !hooks.contains(where: { $0.table?["optional-dependencies"] != nil })
                && poetry?["extras"]?.table == nil
            {
                unread.append("optional-dependencies")
            }
        }
        if !unread.isEmpty {
            manifest.unreadDynamic = UnreadDynamic(
                keys: unread, line: dynamic.line, backend: document["build-system", "build-backend"]?.string)
        }
    }

    /// Notes the files of a setuptools `{file = "…"}` or `{file = ["…", …]}` directive, relative to the manifest.
    private mutating func noteFiles(_ entry: TOMLValue, group: String, optional: Bool) {
        let value = entry.table?["file"]
        let paths = value?.array?.compactMap(\.string) ?? value?.string.map { [$0] } ?? []
        if paths.isEmpty {
            let key = group == "main" ? "dependencies" : "optional-dependencies.\(group)"
            warn(
                .dynamicDependenciesNotRead, line: entry.line,
                "[tool.setuptools.dynamic] \(key) has no 'file' list; its dependencies are not read")
        }
        for path in paths {
            guard let joined = RelativePath.join(manifest.folder, path) else {
                warn(
                    .dynamicDependenciesNotRead, line: entry.line,
                    "the file '\(path)' leaves the repository root; it is not read")
                continue
            }
            manifest.dependencyFiles.append(
                DependencyFile(path: joined, group: group, optional: optional, line: entry.line))
        }
    }

    // MARK: PEP 621 and PEP 735

    /// Reads `[project]` dependency lists and `[dependency-groups]`.
    private mutating func readPEP621() {
        if let dependencies = project?["dependencies"] {
            if let list = dependencies.array {
                readRequirementList(list, group: "main", optional: false)
            } else {
                warn(
                    .invalidDependencies, line: dependencies.line, "[project] dependencies must be an array of strings")
            }
        }
        if let extras = project?["optional-dependencies"]?.table {
            for (extra, list) in extras.entries {
                readRequirementList(list.array ?? [], group: extra, optional: true)
            }
        }
        if let groups = document["dependency-groups"]?.table {
            for (group, _) in groups.entries {
                var visiting: [String] = []
                var expanded: Set<String> = []
                readDependencyGroup(group, in: groups, as: group, visiting: &visiting, expanded: &expanded)
            }
        }
    }

    /// Expands a PEP 735 group, following `{include-group = "…"}` and refusing include cycles.
    /// `expanded` holds the groups already expanded into `group`: one reached again through
    /// another chain adds nothing (groups that all include one another were expanded once per
    /// chain, a number that grows as the factorial of the groups).
    private mutating func readDependencyGroup(
        _ name: String, in groups: TOMLTable, as group: String, visiting: inout [String], expanded: inout Set<String>
    ) {
        guard let entries = groups[name]?.array else {
            if let value = groups[name] {
                warn(.invalidDependencyGroup, line: value.line, "dependency group '\(name)' must be an array")
            }
            return
        }
        visiting.append(name)
        defer {
            visiting.removeLast()
            expanded.insert(name)
        }
        for entry in entries {
            if let include = entry.table?["include-group"]?.string {
                if expanded.contains(include) {
                    continue
                } else if visiting.contains(include) {
                    warn(
                        .dependencyGroupCycle, line: entry.line,
                        "dependency group '\(group)' includes itself through \((visiting + [include]).joined(separator: " → "))"
                    )
                } else if groups[include] == nil {
                    warn(.unknownDependencyGroup, line: entry.line, "dependency group '\(include)' is not defined")
                } else {
                    readDependencyGroup(include, in: groups, as: group, visiting: &visiting, expanded: &expanded)
                }
            } else {
                readRequirementList([entry], group: group, optional: false)
            }
        }
    }

    /// Reads PEP 508 strings (and pip's `-e ../x` forms, which PDM groups hold); a name with a
    /// `[tool.uv.sources]` entry becomes local.
    private mutating func readRequirementList(_ list: [TOMLValue], group: String, optional: Bool) {
        for item in list {
            guard let text = item.string,
                let dependency = RequirementLine.dependency(text, group: group, optional: optional, line: item.line)
            else {
                warn(.invalidRequirement, line: item.line, "not a PEP 508 requirement: \(item.kind)")
                continue
            }
            manifest.add(dependency)
        }
    }

    // MARK: PDM and Hatch

    /// `[tool.pdm.dev-dependencies]` groups (PEP 735's forerunner) and `[tool.pdm.resolution.overrides]`
    /// entries that pin a package to a local folder (group `pdm-overrides`).
    private mutating func readPDM() {
        guard let pdm = document["tool", "pdm"]?.table else { return }
        for (group, list) in pdm["dev-dependencies"]?.table?.entries ?? [] {
            readRequirementList(list.array ?? [], group: group, optional: false)
        }
        for (key, value) in pdm["resolution", "overrides"]?.table?.entries ?? [] {
            // A version override constrains the resolver and declares nothing; a URL one does.
            guard let url = value.string, RequirementLine.isFileURL(url) else { continue }
            manifest.add(
                DeclaredDependency(
                    name: ModuleName(key), target: .fileURL(url), group: "pdm-overrides",
                    declared: lines.declaration(at: value.line, key: key), line: value.line))
        }
    }

    private mutating func readHatch() {
        guard let hatch = document["tool", "hatch"]?.table else { return }
        let read = HatchParser().dependencies(in: hatch, file: file)
        for var dependency in read.dependencies {
            dependency.file = nil  // declared in this manifest
            manifest.add(dependency)
        }
        manifest.diagnostics += read.diagnostics
    }

    // MARK: uv

    private mutating func readUVSources() {
        guard let sources = uv?["sources"]?.table else { return }
        for (key, value) in sources.entries {
            // A source may be a list of sources split by markers; the first local one decides.
            let candidates = value.array ?? [value]
            for candidate in candidates {
                guard let table = candidate.table else { continue }
                let target: DeclaredDependency.Target
                if table["workspace"]?.bool == true {
                    target = .workspace
                } else if let path = table["path"]?.string {
                    target = .path(path)
                } else {
                    continue
                }
                manifest.uvSources[ModuleName(key)] = UVSource(
                    // uv installs workspace members editable unless `editable = false` (tools/e2e/FACTS.md).
                    target: target, editable: table["editable"]?.bool ?? (target == .workspace),
                    declared: lines.declaration(at: candidate.line, key: key), line: candidate.line)
                break
            }
        }
    }

    private mutating func readUVWorkspace() {
        guard let workspace = uv?["workspace"]?.table else { return }
        manifest.uvWorkspace = UVWorkspace(
            members: workspace["members"]?.array?.compactMap(\.string) ?? [],
            exclude: workspace["exclude"]?.array?.compactMap(\.string) ?? [])
    }

    // MARK: Poetry

    /// Reads the Poetry tables. With Poetry 2, `[project] dependencies` and `[dependency-groups]`
    /// hold the requirement and a Poetry entry of the same group only adds to it: `poetry add
    /// --editable` writes `lib-one = {develop = true}` there (tools/e2e/FACTS.md).
    private mutating func readPoetry() {
        guard let poetry else { return }
        let declaredInLists = Set(manifest.dependencies.map { "\($0.group)\u{0}\($0.name)" })
        if let main = poetry["dependencies"]?.table {
            readPoetryTable(main, group: "main", enriching: declaredInLists)
        }
        if let dev = poetry["dev-dependencies"]?.table {
            readPoetryTable(dev, group: "dev", enriching: declaredInLists)
        }
        if let groups = poetry["group"]?.table {
            for (group, value) in groups.entries {
                if let table = value.table?["dependencies"]?.table {
                    readPoetryTable(table, group: group, enriching: declaredInLists)
                }
            }
        }
        readPoetryExtras(poetry["extras"]?.table)
    }

    /// An `optional = true` main dependency belongs to the extras that list it (`[tool.poetry.extras]
    /// azure = ["lib-azure"]`): its group becomes the extra, as a PEP 621 optional dependency's is.
    private mutating func readPoetryExtras(_ extras: TOMLTable?) {
        guard let extras else { return }
        var extrasOf: [ModuleName: [String]] = [:]
        for (extra, list) in extras.entries {
            for item in list.array ?? [] {
                // An extra may name `package[feature]`; the package is what counts.
                if let text = item.string, let requirement = PEP508Requirement(text) {
                    extrasOf[ModuleName(requirement.name), default: []].append(extra)
                }
            }
        }
        manifest.dependencies = manifest.dependencies.flatMap { dependency -> [DeclaredDependency] in
            guard dependency.optional, dependency.group == "main", let names = extrasOf[dependency.name] else {
                return [dependency]
            }
            return names.map { extra in
                var copy = dependency
                copy.group = extra
                return copy
            }
        }
    }

    /// Reads one Poetry dependency table of `group`; `enriching` holds the `group\0name` keys
    /// already declared by the PEP 621/735 lists.
    private mutating func readPoetryTable(_ table: TOMLTable, group: String, enriching: Set<String>) {
        for (key, value) in table.entries where key != "python" {
            let name = ModuleName(key)
            let declared = lines.declaration(at: value.line, key: key)
            let constraints = value.array ?? [value]
            if enriching.contains("\(group)\u{0}\(name)") {
                enrich(name, group: group, with: constraints)
                continue
            }
            // Poetry 2 reads `[tool.poetry.dependencies]` only to enrich a non-empty `[project]
            // dependencies`, and a group's table only to enrich a non-empty `[dependency-groups]`
            // list of that name: an entry the list does not name is not installed (`poetry lock`
            // 2.5.1 locks no such path), so a local path there is a source no dependency uses.
            let list = group == "main" ? project?["dependencies"] : document["dependency-groups", group]
            if list?.array?.isEmpty == false, let path = constraints.first?.table?["path"]?.string {
                let table = group == "main" ? "[tool.poetry.dependencies]" : "[tool.poetry.group.\(group).dependencies]"
                let listName = group == "main" ? "[project] dependencies" : "[dependency-groups] \(group)"
                warn(
                    .unusedSource, line: value.line,
                    "\(table) \(declared) names the local folder '\(path)', but \(listName) does not list "
                        + "'\(name)', so Poetry ignores it")
                continue
            }
            for constraint in constraints {
                var dependency = DeclaredDependency(
                    name: name, target: .index(specifier: ""), group: group, declared: declared, line: constraint.line)
                if let version = constraint.string {
                    dependency.target = .index(specifier: version)
                } else if let spec = constraint.table {
                    dependency.editable = spec["develop"]?.bool ?? false
                    dependency.optional = spec["optional"]?.bool ?? false
                    dependency.markers = spec["markers"]?.string
                    if let path = spec["path"]?.string {
                        dependency.target = .path(path)
                    } else if let url = spec["git"]?.string ?? spec["url"]?.string {
                        dependency.target = .remote(url: url)
                    } else {
                        dependency.target = .index(specifier: spec["version"]?.string ?? "")
                    }
                } else {
                    warn(.invalidDependency, line: constraint.line, "dependency '\(key)' must be a string or a table")
                    continue
                }
                manifest.dependencies.append(dependency)
            }
        }
    }

    private mutating func enrich(_ name: ModuleName, group: String, with constraints: [TOMLValue]) {
        guard let spec = constraints.first?.table else { return }
        for index in manifest.dependencies.indices
        where manifest.dependencies[index].name == name && manifest.dependencies[index].group == group {
            if let develop = spec["develop"]?.bool { manifest.dependencies[index].editable = develop }
            if let path = spec["path"]?.string { manifest.dependencies[index].target = .path(path) }
            if spec["optional"]?.bool == true { manifest.dependencies[index].optional = true }
            let line = constraints.first?.line ?? 0
            let table = group == "main" ? "[tool.poetry.dependencies]" : "[tool.poetry.group.\(group).dependencies]"
            manifest.dependencies[index].declared += " with \(table) \(lines.declaration(at: line, key: name.rawValue))"
        }
    }

    private mutating func warn(_ code: DiagnosticCode, line: Int, _ message: String) {
        manifest.diagnostics.append(Diagnostic(code, module: manifest.name, file: file, line: line, message))
    }
}
