import TrellisCore

/// Reads `files` (repository-relative path → content) as one repository state, the way a scan
/// does (ManifestReader, then SnapshotResolver), with the repository at `root`.
func snapshot(_ files: [String: String], root: String = "/repo") -> Snapshot {
    let manifests = ManifestReader().read(paths: files.keys.sorted()) { files[$0] }
    return SnapshotResolver(rootPath: root).resolve(manifests) { files[$0] }
}

/// `from → to group [editable] [optional] file:line resolution`: one path edge on one line.
func describe(_ edge: PathEdge) -> String {
    var text = "\(edge.from) → \(edge.to) \(edge.group)"
    if edge.editable { text += " editable" }
    if edge.optional { text += " optional" }
    return text + " \(edge.file):\(edge.line) \(edge.resolution.rawValue)"
}

extension Snapshot {
    /// Every path edge described, sorted.
    var edgeLines: [String] { edges.map(describe).sorted() }
    /// `code file:line` of every diagnostic, sorted.
    var diagnosticLines: [String] { diagnostics.map { "\($0.code) \($0.file):\($0.line)" }.sorted() }
    /// The module names, sorted.
    var moduleNames: [String] { modules.map(\.name.rawValue).sorted() }
}

/// A minimal PEP 621 manifest of a module with no dependencies.
func plainModule(_ name: String) -> String {
    "[project]\nname = \"\(name)\"\nversion = \"1.0\"\n"
}
