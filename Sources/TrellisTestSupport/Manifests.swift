import TrellisCore

// Manifest texts and repository states built in memory, so a test states only what it is about.

/// A PEP 621 manifest: `[project]`, name, version, then one dependency a line from line 5, then
/// `extra` verbatim.
public func project(
    _ name: String, version: String = "1.0.0", dependencies: [String] = [], extra: String = ""
) -> String {
    let list = dependencies.map { "    \"\($0)\",\n" }.joined()
    return """
        [project]
        name = "\(name)"
        version = "\(version)"
        dependencies = [
        \(list)]
        \(extra)
        """
}

/// A Poetry 1.x manifest: `[tool.poetry]` with `name` (quoted as TOML, so any text is a valid
/// name) and `version`, then `[tool.poetry.dependencies]` with `python` and `dependencies` (TOML
/// lines, the first on line 7).
public func poetry(_ name: String, version: String = "1.0.0", dependencies: [String] = []) -> String {
    let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    let quoted = "\"\(escaped)\""
    let header =
        "[tool.poetry]\nname = \(quoted)\nversion = \"\(version)\"\n\n"
        + "[tool.poetry.dependencies]\npython = \"^3.11\"\n"
    return header + dependencies.map { $0 + "\n" }.joined()
}

/// Reads `files` (repository-relative path → content) as one repository state, the way a scan
/// does (`ManifestReader`, then `SnapshotResolver`), with the repository at `root`. Lock files
/// among `files` are what the resolver may read.
public func resolveRepository(
    _ files: [String: String], root: String = "/repo", configuration: TrellisConfiguration = .default
) -> Snapshot {
    resolve(files.mapValues { ManifestText($0) }, root: root, configuration: configuration)
}

/// `resolveRepository` of files given as bytes, decoded as a scan decodes what it reads
/// (`ManifestText(decoding:path:)`): for files that are not all UTF-8.
public func resolveRepository(bytes files: [String: [UInt8]], root: String = "/repo") -> Snapshot {
    let decoded = files.reduce(into: [String: ManifestText]()) {
        $0[$1.key] = ManifestText(decoding: $1.value, path: $1.key)
    }
    return resolve(decoded, root: root, configuration: .default)
}

private func resolve(_ files: [String: ManifestText], root: String, configuration: TrellisConfiguration) -> Snapshot {
    let manifests = ManifestReader().read(paths: files.keys.sorted()) { files[$0] }
    return SnapshotResolver(rootPath: root, configuration: configuration).resolve(manifests) { files[$0]?.text }
}

extension PathEdge {
    /// `from -> to group [editable] [optional] resolution file:line`, to compare edges at a glance
    /// (ends as folders; `Snapshot.edgeLines` names them).
    public var testSummary: String { testSummary(from: from, to: to) }

    /// The summary with the ends written as `from` and `to`.
    public func testSummary(from: String, to: String) -> String {
        var text = "\(from) -> \(to) \(group)"
        if editable { text += " editable" }
        if optional { text += " optional" }
        return text + " \(resolution.rawValue) \(file):\(line)"
    }
}

extension Snapshot {
    /// Every path edge summarised (`PathEdge.testSummary`) with its ends named by their modules'
    /// names (a folder that two modules' names would make ambiguous stays a folder), sorted.
    public var edgeLines: [String] {
        var count: [ModuleName: Int] = [:]
        for module in modules { count[module.name, default: 0] += 1 }
        let names = Dictionary(
            modules.map { ($0.path, count[$0.name] == 1 ? $0.name.rawValue : $0.path) }, uniquingKeysWith: { $1 })
        return edges.map { $0.testSummary(from: names[$0.from] ?? $0.from, to: names[$0.to] ?? $0.to) }.sorted()
    }
    /// `code file:line` of every diagnostic, sorted.
    public var diagnosticLines: [String] { diagnostics.map { "\($0.code) \($0.file):\($0.line)" }.sorted() }
    /// The module names, sorted.
    public var moduleNames: [String] { modules.map(\.name.rawValue).sorted() }
}
