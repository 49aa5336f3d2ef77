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
///
/// A `tox.ini` adds the `deps` of its test environments the same way (`ToxIniParser`). The files
/// of `[tool.setuptools.dynamic]` are read as the module's dependencies; dynamic dependencies
/// from any other source get a `dynamic-dependencies-not-read` warning, and `[tool.uv.sources]`
/// local paths no dependency uses an `unused-source` note.
public struct ManifestReader: Sendable {
    public init() {}

    /// The files of one folder: one path per kind, and every requirements file by file name.
    private struct FolderFiles {
        var byKind: [ManifestKind: String] = [:]
        var requirements: [String: String] = [:]

        subscript(kind: ManifestKind) -> String? { byKind[kind] }
    }

    /// Reads the files among `paths` (repository-relative); `readFile` returns a file's text, or nil.
    /// `parsed` holds folders already read (`readFolders`) from the same files: they are not read again.
    public func read(paths: [String], readFile: (String) -> ManifestText?, parsed: [String: Manifest?] = [:])
        -> [Manifest]
    {
        // Folders are independent: parse them on every core (readFile only reads).
        withoutActuallyEscaping(readFile) { readFile in
            nonisolated(unsafe) let readFile = readFile
            return parallelMap(Self.folders(of: paths).sorted { $0.key < $1.key }) { folder, files in
                if let manifest = parsed[folder] { return manifest }
                return read(folder: folder, files: files, readFile: readFile)
            }.compactMap { $0 }
        }
    }

    /// One folder as `read` reads it, and whether it asked for a file `readFile` did not have.
    public struct FolderRead: Sendable {
        public var manifest: Manifest?
        public var missedFile: Bool
    }

    /// Reads every folder of `paths` on its own, by folder: a scan reads the tracked files while
    /// git still lists the untracked ones, and reads again only the folders those change.
    public func readFolders(paths: [String], readFile: (String) -> ManifestText?) -> [String: FolderRead] {
        withoutActuallyEscaping(readFile) { readFile in
            nonisolated(unsafe) let readFile = readFile
            let folders = Array(Self.folders(of: paths))
            let reads = parallelMap(folders) { folder, files in
                var missed = false
                let manifest = read(folder: folder, files: files) { path in
                    let text = readFile(path)
                    if text == nil { missed = true }
                    return text
                }
                return FolderRead(manifest: manifest, missedFile: missed)
            }
            return Dictionary(uniqueKeysWithValues: zip(folders.map(\.key), reads))
        }
    }

    /// The files among `paths` by folder.
    private static func folders(of paths: [String]) -> [String: FolderFiles] {
        var byFolder: [String: FolderFiles] = [:]
        for path in paths {
            let name = String(RelativePath.lastComponent(of: path))
            guard let kind = ManifestKind(fileName: name) else { continue }
            if kind == .requirements {
                byFolder[RelativePath.parent(of: path), default: FolderFiles()].requirements[name] = path
            } else {
                byFolder[RelativePath.parent(of: path), default: FolderFiles()].byKind[kind] = path
            }
        }
        return byFolder
    }

    private func read(folder: String, files: FolderFiles, readFile: (String) -> ManifestText?) -> Manifest? {
        if let placeholder = Self.templatePlaceholder(in: folder) {
            // A project generator's template (cookiecutter's `{{cookiecutter.package_name}}/`):
            // its files are Jinja text until rendered, so they are neither read nor a module.
            guard let file = files.byKind.values.min() ?? files.requirements.values.min() else { return nil }
            var template = Manifest(file: file)
            template.diagnostics.append(
                Diagnostic(
                    .templateNotRead, file: file, line: 0,
                    "lies in \(placeholder), a template folder of a project generator; not read, not a module"))
            return template
        }
        return withoutActuallyEscaping(readFile) { readFile in
            let reading = FolderReading(readFile: readFile)
            var manifest = readDeclarations(folder: folder, files: files, reading: reading)
            if manifest?.name != nil { Self.noteUnreadDeclarations(of: &manifest!) }
            let undecodable = reading.undecodable.sorted { $0.key < $1.key }
            guard let first = undecodable.first else { return manifest }
            var withNotes = manifest ?? Manifest(file: first.key)
            for (path, place) in undecodable {
                withNotes.diagnostics.append(
                    Diagnostic(
                        .invalidEncoding, module: withNotes.name, file: path, line: place.line,
                        "\(place.reason) (column \(place.column)); read with U+FFFD in place of what does not "
                            + "decode, so a name or path there may be wrong"))
            }
            return withNotes
        }
    }

    /// The files one folder's read decodes, and where each one's bytes stop being text: the
    /// TOML files make that an invalid manifest, the others an `invalid-encoding` warning.
    private final class FolderReading {
        let readFile: (String) -> ManifestText?
        var undecodable: [String: ManifestText.Undecodable] = [:]

        init(readFile: @escaping (String) -> ManifestText?) { self.readFile = readFile }

        func text(_ path: String) -> String? {
            guard let file = readFile(path) else { return nil }
            if let place = file.undecodable { undecodable[path] = place }
            return file.text
        }

        /// The text of a TOML file, or why it is not TOML: TOML must be UTF-8.
        func toml(_ path: String) -> Result<String, ManifestText.Undecodable>? {
            guard let file = readFile(path) else { return nil }
            if let place = file.undecodable { return .failure(place) }
            return .success(file.text)
        }
    }

    /// The first folder component of `folder` that is a template placeholder (`{{…}}`, as
    /// cookiecutter and copier name generated folders), or nil.
    static func templatePlaceholder(in folder: String) -> String? {
        folder.split(separator: "/").first { $0.contains("{{") && $0.contains("}}") }.map(String.init)
    }

    private func readDeclarations(folder: String, files: FolderFiles, reading: FolderReading) -> Manifest? {
        var manifest: Manifest?
        let readFile = reading.text
        if let path = files[.pyproject], let toml = reading.toml(path) {
            switch toml {
            case .success(let text):
                manifest = PyProjectParser().parse(file: path, text: text)
            case .failure(let place):
                var unreadable = Manifest(file: path)
                unreadable.diagnostics.append(
                    Diagnostic(
                        .invalidManifest, file: path, line: place.line,
                        "invalid TOML: \(place.asTOMLError); the module keeps its last recorded state"))
                manifest = unreadable
            }
        }
        if let path = files[.hatch], let toml = reading.toml(path) {
            var base = manifest ?? Manifest(file: path)
            switch toml {
            case .failure(let place):
                base.diagnostics.append(
                    Diagnostic(
                        .invalidHatchTOML, file: path, line: place.line,
                        "invalid TOML: \(place.asTOMLError); its environments are not read"))
            case .success(let text):
                do {
                    let hatch = try TOMLParser.parse(text)
                    let read = HatchParser().dependencies(in: hatch, file: path)
                    read.dependencies.forEach { base.add($0) }
                    if var unread = base.unreadDynamic {
                        let hooks = hatch["metadata", "hooks"]?.table?.entries.map(\.value) ?? []
                        unread.keys.removeAll { key in hooks.contains { $0.table?[key] != nil } }
                        base.unreadDynamic = unread.keys.isEmpty ? nil : unread
                    }
                    base.diagnostics += read.diagnostics
                } catch {
                    base.diagnostics.append(
                        Diagnostic(
                            .invalidHatchTOML, file: path, line: error.line,
                            "invalid TOML: \(error.message) (column \(error.column)); its environments are not read"))
                }
            }
            manifest = base
        }
        if let path = files[.setupCfg], let text = readFile(path) {
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
        if let path = files[.setupPy], manifest?.rawName == nil, !manifest.map(\.isUnreadable).orFalse {
            let folderName = folder == "." ? nil : folder.split(separator: "/").last.map(String.init)
            var base = manifest ?? Manifest(file: path)
            if let folderName {
                base.rawName = folderName
                base.version = nil
                base.diagnostics.append(
                    Diagnostic(
                        .legacyMetadataNotRead, module: ModuleName(folderName), file: path, line: 0,
                        "setup.py is never executed, so its name and version were not read; the module is named after its folder"
                    ))
            } else {
                base.diagnostics.append(
                    Diagnostic(
                        .legacyMetadataNotRead, severity: .warning, file: path, line: 0,
                        "setup.py at the repository root is never executed and the root folder has no name to use; not a module"
                    ))
            }
            manifest = base
        }
        if var base = manifest, !base.dependencyFiles.isEmpty {
            Self.readDependencyFiles(of: &base, readFile: readFile)
            manifest = base
        }
        var reads: [(path: String, result: RequirementsFileParser.Result)] = []
        for (name, path) in files.requirements.sorted(by: { $0.key < $1.key }) {
            let group = String(name.dropLast(".txt".count))
            reads.append((path, RequirementsFileParser().parse(file: path, group: group, readFile: readFile)))
        }
        if let path = files[.tox], let text = readFile(path) {
            reads.append((path, ToxIniParser().parse(file: path, text: text, readFile: readFile)))
        }
        guard let first = reads.first else { return manifest }
        var withRequirements = manifest ?? Manifest(file: first.path)
        // An unreadable pyproject.toml gets its last recorded name back later (Manifest.restore),
        // so its folder's requirements files still count.
        let isModule = manifest?.rawName != nil || manifest?.isUnreadable == true
        for (path, read) in reads {
            if isModule {
                read.dependencies.forEach { withRequirements.add($0) }
                withRequirements.diagnostics += read.diagnostics
            } else if let local = read.dependencies.filter(\.isLocal).first {
                let lines = read.dependencies.filter(\.isLocal).map { "\($0.file ?? path):\($0.line)" }
                withRequirements.diagnostics.append(
                    Diagnostic(
                        .requirementsOutsideModule, file: path, line: local.line,
                        "names local folders (\(lines.joined(separator: ", "))) but \(folder) is not a module, so no path edge is recorded"
                    ))
            }
        }
        return manifest == nil && withRequirements.diagnostics.isEmpty ? nil : withRequirements
    }

    /// Reads setuptools' `[tool.setuptools.dynamic]` files: requirements-style, but setuptools
    /// takes only PEP 508 lines and `#` comments there (its docs: pip's `-c`/`-r`/`-e` and other
    /// flags are not supported), so any other line is a warning, not a dependency.
    private static func readDependencyFiles(of manifest: inout Manifest, readFile: (String) -> String?) {
        for file in manifest.dependencyFiles {
            guard let text = readFile(file.path) else {
                manifest.diagnostics.append(
                    Diagnostic(
                        .dynamicDependenciesNotRead, module: manifest.name, file: manifest.file,
                        line: file.line,
                        "[tool.setuptools.dynamic] reads the \(file.group) dependencies from \(file.path), which does "
                            + "not exist or is not a file Trellis reads (*requirements*.txt, constraints*.txt); they are "
                            + "unknown, not empty"))
                continue
            }
            for (line, content) in RequirementsFileParser.logicalLines(text) {
                let startsWithName = content.first.map { $0.isLetter || $0.isNumber } ?? false
                guard startsWithName, PEP508Requirement(content) != nil,
                    let dependency = RequirementLine.dependency(
                        content, group: file.group, optional: file.optional, line: line, file: file.path)
                else {
                    manifest.diagnostics.append(
                        Diagnostic(
                            .invalidRequirement, module: manifest.name, file: file.path, line: line,
                            "setuptools reads only PEP 508 requirements from a [tool.setuptools.dynamic] file "
                                + "(no -r, -c, -e or plain paths): \(content)"))
                    continue
                }
                manifest.add(dependency)
            }
        }
    }

    /// Says where a module's declarations may be incomplete: dynamic dependencies from a source
    /// Trellis does not read, and `[tool.uv.sources]` local paths that no dependency uses (a
    /// strong hint of such an unread list). A workspace root's sources serve its members.
    private static func noteUnreadDeclarations(of manifest: inout Manifest) {
        let module = manifest.name.map(\.rawValue) ?? "the module"
        if let unread = manifest.unreadDynamic {
            let backend = unread.backend.map { " (build backend \($0))" } ?? ""
            manifest.diagnostics.append(
                Diagnostic(
                    .dynamicDependenciesNotRead, module: manifest.name, file: manifest.file,
                    line: unread.line,
                    "[project] dynamic lists \(unread.keys.joined(separator: " and ")), which come from a source "
                        + "Trellis does not read\(backend); \(module)'s requirements and path edges are unknown, "
                        + "not empty"))
        }
        guard manifest.uvWorkspace == nil else { return }
        let used = Set(manifest.dependencies.map(\.name))
        let sources = manifest.uvSources.sorted { $0.value.line < $1.value.line }
        for (name, source) in sources where !used.contains(name) {
            guard case .path = source.target else { continue }
            manifest.diagnostics.append(
                Diagnostic(
                    .unusedSource, module: manifest.name, file: manifest.file, line: source.line,
                    "[tool.uv.sources] \(source.declared) names a local folder, but no dependency of \(module) "
                        + "uses '\(name)'"))
        }
    }
}

extension Optional where Wrapped == Bool {
    fileprivate var orFalse: Bool { self ?? false }
}
