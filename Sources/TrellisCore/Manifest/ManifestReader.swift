/// Turns the manifest files of one repository state into one `Manifest` per module folder:
/// `pyproject.toml`, plus `hatch.toml`, `setup.cfg`, `setup.py` and the requirements files of
/// the same folder.
///
/// Which folder is a module:
/// - a `pyproject.toml` that declares a name (`[project]` or `[tool.poetry]`);
/// - else a `setup.cfg` whose `[metadata]` declares a name (read as text);
/// - else a `setup.py` (never executed): the module is named after its folder, with an
///   `legacy-metadata-not-read` note, also when a nameless `pyproject.toml` sits beside it
///   (promptflow's `src/promptflow`).
///
/// Requirements files (`*requirements*.txt`, `constraints*.txt`) add dependencies to the module
/// of their own folder only, in the group named after the file without `.txt` (`requirements`,
/// `requirements-dev`, `dev_requirements`, `constraints`): that is how people run them
/// (`pip install -r requirements-dev.txt` next to the manifest), and the name is stable across
/// scans. A requirements file in a folder that is no module (a flow, a sample, a benchmark
/// template) creates no module: such folders are applications of the repository's packages,
/// not packages, and a repository like promptflow has ~130 of them. When such a file names a
/// local folder, an `requirements-outside-module` note says so, so the coupling is not silent.
public struct ManifestReader: Sendable {
    public init() {}

    /// True for a file name Trellis reads as a requirements or constraints file.
    public static func isRequirementsFile(_ name: some StringProtocol) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".txt") && (lower.contains("requirements") || lower.hasPrefix("constraints"))
    }

    /// Reads the files among `paths` (repository-relative); `readFile` returns a file's text, or nil.
    public func read(paths: [String], readFile: (String) -> String?) -> [Manifest] {
        var byFolder: [String: [String: String]] = [:]  // folder → file name → path
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            byFolder[RelativePath.parent(of: path), default: [:]][name] = path
        }
        // Folders are independent: parse them on every core (readFile only reads).
        return withoutActuallyEscaping(readFile) { readFile in
            nonisolated(unsafe) let readFile = readFile
            return parallelMap(byFolder.sorted { $0.key < $1.key }) { folder, files in
                read(folder: folder, files: files, readFile: readFile)
            }.compactMap { $0 }
        }
    }

    private func read(folder: String, files: [String: String], readFile: (String) -> String?) -> Manifest? {
        var manifest: Manifest?
        if let path = files["pyproject.toml"], let text = readFile(path) {
            manifest = PyProjectParser().parse(file: path, text: text)
        }
        if let path = files["hatch.toml"], let text = readFile(path) {
            var base = manifest ?? Manifest(file: path)
            do {
                let read = HatchParser().dependencies(in: try TOMLParser.parse(text), file: path)
                read.dependencies.forEach { base.add($0) }
                base.diagnostics += read.diagnostics
            } catch {
                base.diagnostics.append(Diagnostic(
                    .invalidHatchTOML, file: path, line: error.line,
                    "invalid TOML: \(error.message) (column \(error.column)); its environments are not read"))
            }
            manifest = base
        }
        if let path = files["setup.cfg"], let text = readFile(path) {
            let cfg = SetupCfgParser().parse(file: path, text: text)
            if cfg.name != nil || !cfg.dependencies.isEmpty || manifest != nil {
                var base = manifest ?? Manifest(file: path)
                if base.rawName == nil, let name = cfg.name {
                    base.rawName = name
                    base.version = cfg.version
                }
                cfg.dependencies.forEach { base.add($0) }
                base.diagnostics += cfg.diagnostics
                manifest = base
            }
        }
        if let path = files["setup.py"], manifest?.rawName == nil, !manifest.map(\.isUnreadable).orFalse {
            let folderName = folder == "." ? nil : folder.split(separator: "/").last.map(String.init)
            var base = manifest ?? Manifest(file: path)
            if let folderName {
                base.rawName = folderName
                base.version = nil
                base.diagnostics.append(Diagnostic(
                    .legacyMetadataNotRead, module: ModuleName(folderName), file: path, line: 0,
                    "setup.py is never executed, so its name and version were not read; the module is named after its folder"))
            } else {
                base.diagnostics.append(Diagnostic(
                    .legacyMetadataNotRead, severity: .warning, file: path, line: 0,
                    "setup.py at the repository root is never executed and the root folder has no name to use; not a module"))
            }
            manifest = base
        }
        let requirementFiles = files.keys.filter { Self.isRequirementsFile($0) }.sorted()
        guard !requirementFiles.isEmpty else { return manifest }
        var withRequirements = manifest ?? Manifest(file: files[requirementFiles[0]] ?? "")
        // An unreadable pyproject.toml gets its last recorded name back later (Manifest.restore),
        // so its folder's requirements files still count.
        let isModule = manifest?.rawName != nil || manifest?.isUnreadable == true
        for name in requirementFiles {
            guard let path = files[name] else { continue }
            let group = String(name.dropLast(".txt".count))
            let read = RequirementsFileParser().parse(file: path, group: group, readFile: readFile)
            if isModule {
                read.dependencies.forEach { withRequirements.add($0) }
                withRequirements.diagnostics += read.diagnostics
            } else if let local = read.dependencies.filter(\.isLocal).first {
                let lines = read.dependencies.filter(\.isLocal).map { "\($0.file ?? path):\($0.line)" }
                withRequirements.diagnostics.append(Diagnostic(
                    .requirementsOutsideModule, file: path, line: local.line,
                    "names local folders (\(lines.joined(separator: ", "))) but \(folder) is not a module, so no path edge is recorded"))
            }
        }
        return manifest == nil && withRequirements.diagnostics.isEmpty ? nil : withRequirements
    }
}

private extension Optional where Wrapped == Bool {
    var orFalse: Bool { self ?? false }
}
