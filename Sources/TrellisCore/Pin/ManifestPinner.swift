import Foundation

/// A manifest after `pin`: every byte kept but the lines that declared path dependencies (now
/// requirements on the targets' versions) and the lines that only pointed them at a folder (uv
/// path sources, Poetry `develop` entries), which are removed.
public struct PinnedManifest: Sendable, Equatable {
    /// Repository-relative.
    public let path: String
    /// The file's lines before, each with its line break.
    public let before: [Substring]
    /// Each line after: the same, rewritten, or nil when removed.
    public let after: [Substring?]

    /// The whole file as pinned.
    public var text: String { after.compactMap { $0 }.joined() }
    /// `diff -u` of the change.
    public var diff: String { UnifiedDiff.render(path: path, old: before, new: after) }
}

/// Why a manifest cannot be pinned.
public enum PinError: Error, CustomStringConvertible, Equatable {
    case noVersion(module: String, manifest: String)
    case badVersion(module: String, version: String, manifest: String)
    case unreadable(String)
    case cannotRewrite(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .noVersion(let module, let manifest):
            "\(manifest): \(module) has no static version (dynamic or absent), so nothing can pin it"
        case .badVersion(let module, let version, let manifest):
            "\(manifest): \(module)'s version \(version) is not a PEP 440 version"
        case .unreadable(let path): "cannot read \(path)"
        case .cannotRewrite(let file, let line, let reason): "\(file):\(line): cannot pin: \(reason)"
        }
    }
}

/// Rewrites a module's path dependencies as requirements on its targets' current versions, in
/// the manifest's own style: a Poetry dependency table entry becomes a version (other keys such
/// as `extras`, `optional` and `markers` kept); a PEP 508 string (PEP 621, PEP 735 groups, PDM,
/// Hatch, uv) keeps its name, extras and markers and loses its `@ URL`; its uv `path` source and a
/// Poetry 2 `{develop = true}` entry that only marked it editable are removed (a uv `workspace`
/// source is kept: uv needs it to lock the workspace, and the wheel's metadata never has it); a requirements
/// file line becomes `name<specifier>`. Only the edges' own lines change: every other byte is
/// kept. Reads the manifests under `root`; writes nothing.
public struct ManifestPinner: Sendable {
    public let graph: DependencyGraph
    public let root: String

    public init(graph: DependencyGraph, root: String) {
        self.graph = graph
        self.root = root
    }

    /// The pinned manifests of `module`: one per file declaring its path edges (usually its
    /// `pyproject.toml`), sorted by path; none when it has no path dependencies.
    public func pin(_ module: Module, style: PinStyle) throws(PinError) -> [PinnedManifest] {
        let edges = graph.edges.filter { $0.from == module.path && $0.declaredBy == .manifest }
        let byFile = Dictionary(grouping: edges, by: \.file)
        var pinned: [PinnedManifest] = []
        for file in byFile.keys.sorted() {
            pinned.append(try pin(file: file, edges: byFile[file]!.sorted { $0.line < $1.line }, style: style))
        }
        return pinned
    }

    private func pin(file: String, edges: [PathEdge], style: PinStyle) throws(PinError) -> PinnedManifest {
        guard let data = FileManager.default.contents(atPath: "\(root)/\(file)") else { throw .unreadable(file) }
        // Written back as UTF-8, a file that is not would lose its other bytes to U+FFFD.
        let decoded = ManifestText.decodeUTF8(data)
        if let place = decoded.undecodable {
            throw .cannotRewrite(file: file, line: place.line, reason: "\(place.reason); the file is left as it is")
        }
        let text = decoded.text
        let before = UnifiedDiff.lines(text)
        var after: [Substring?] = before
        let kind = ManifestKind.of(path: file)
        var names: Set<ModuleName> = []
        var edited: Set<Int> = []
        for edge in edges {
            guard let target = graph.module(at: edge.to) else { continue }
            let (version, versionText) = try Self.version(of: target)
            let index = edge.line - 1
            guard before.indices.contains(index), let current = after[index] else {
                throw .cannotRewrite(file: file, line: edge.line, reason: "the line is not in the file")
            }
            let requirement = style.specifier(for: version, text: versionText, poetryTable: false)
            let rewritten: String?
            switch kind {
            case .pyproject:
                rewritten =
                    Self.rewritePoetryEntry(
                        String(current), name: target.name,
                        specifier: style.specifier(for: version, text: versionText, poetryTable: true))
                    ?? Self.rewriteRequirementString(String(current), name: target.name, specifier: requirement)
            case .requirements:
                rewritten = Self.rewriteRequirementsLine(String(current), name: target.name, specifier: requirement)
            default:
                throw .cannotRewrite(
                    file: file, line: edge.line, reason: "pin rewrites pyproject.toml and requirements files only")
            }
            guard let rewritten else {
                throw .cannotRewrite(
                    file: file, line: edge.line,
                    reason: "no Poetry entry or requirement string for \(target.name) on this line")
            }
            after[index] = Substring(rewritten)
            edited.insert(index)
            names.insert(target.name)
        }
        if kind == .pyproject, let table = try? TOMLParser.parse(text) {
            for index in try Self.companionLines(in: table, lines: before, of: names, file: file)
            where !edited.contains(index) {
                after[index] = nil
            }
        }
        return PinnedManifest(path: file, before: before, after: after)
    }

    /// The target's version, parsed; an error naming its manifest when it has none.
    static func version(of module: Module) throws(PinError) -> (Version, String) {
        guard let text = module.version else {
            throw .noVersion(module: module.name.rawValue, manifest: module.manifest)
        }
        guard let version = Version(text) else {
            throw .badVersion(module: module.name.rawValue, version: text, manifest: module.manifest)
        }
        return (version, text)
    }

    /// The lines (0-based) that only pointed a pinned name at a folder: its `[tool.uv.sources]`
    /// entry, and a Poetry 2 `[tool.poetry(.group.G).dependencies]` entry holding only `develop`.
    /// A source written as a table of its own cannot be removed line by line: an error.
    static func companionLines(
        in table: TOMLTable, lines text: [Substring], of names: Set<ModuleName>, file: String
    ) throws(PinError) -> [Int] {
        var lines: [Int] = []
        for (key, value) in table["tool", "uv", "sources"]?.table?.entries ?? [] where names.contains(ModuleName(key)) {
            // A workspace member's source stays: uv 0.13.9 refuses to lock a workspace whose
            // member is required without one ("is included as a workspace member, but is missing
            // an entry in `tool.uv.sources`"), and a source never reaches a wheel's metadata.
            if value.table?["workspace"]?.bool == true { continue }
            // An inline table, on its key's line; `[tool.uv.sources.x]` spans lines of its own.
            guard text.indices.contains(value.line - 1),
                let line = entryKey(String(text[value.line - 1])), ModuleName(line) == ModuleName(key)
            else {
                throw .cannotRewrite(
                    file: file, line: value.line, reason: "the uv source of \(key) is a table of its own")
            }
            lines.append(value.line - 1)
        }
        var poetryTables = [table["tool", "poetry", "dependencies"]?.table].compactMap { $0 }
        for (_, group) in table["tool", "poetry", "group"]?.table?.entries ?? [] {
            if let dependencies = group.table?["dependencies"]?.table { poetryTables.append(dependencies) }
        }
        for dependencies in poetryTables {
            for (key, value) in dependencies.entries where names.contains(ModuleName(key)) {
                guard let entry = value.table, Set(entry.keys).isSubset(of: ["develop"]),
                    text.indices.contains(value.line - 1),
                    entryKey(String(text[value.line - 1])).map(ModuleName.init) == ModuleName(key)
                else { continue }
                lines.append(value.line - 1)
            }
        }
        return lines
    }
}
