/// Every kind of diagnostic Trellis reports. The raw values are a contract: `check --json` prints
/// them and the registry stores them, so a case is never renamed, only added (docs/DIAGNOSTICS.md
/// lists them all, and a test keeps that table and the README's in step with this enum).
public enum DiagnosticCode: String, CaseIterable, Sendable, Codable, Comparable, CustomStringConvertible {
    // Reading one manifest.
    case invalidManifest = "invalid-manifest"
    case invalidHatchTOML = "invalid-hatch-toml"
    case invalidName = "invalid-name"
    case noName = "no-name"
    case noVersion = "no-version"
    case invalidDependencies = "invalid-dependencies"
    case invalidDependency = "invalid-dependency"
    case invalidDependencyGroup = "invalid-dependency-group"
    case dependencyGroupCycle = "dependency-group-cycle"
    case unknownDependencyGroup = "unknown-dependency-group"
    case invalidRequirement = "invalid-requirement"
    case legacyMetadataNotRead = "legacy-metadata-not-read"
    case requirementsOutsideModule = "requirements-outside-module"
    case requirementsIncludeEscapes = "requirements-include-escapes"
    case requirementsIncludeCycle = "requirements-include-cycle"
    case requirementsIncludeTooDeep = "requirements-include-too-deep"
    case missingRequirementsInclude = "missing-requirements-include"
    case toxSubstitutionNotRead = "tox-substitution-not-read"
    case dynamicDependenciesNotRead = "dynamic-dependencies-not-read"
    case unusedSource = "unused-source"
    case insidePackageData = "inside-package-data"
    case templateNotRead = "template-not-read"
    case symlinkOutsideRoot = "symlink-outside-root"
    case invalidEncoding = "invalid-encoding"
    // Resolving the repository.
    case duplicateName = "duplicate-name"
    case brokenPath = "broken-path"
    case pathEscapesRoot = "path-escapes-root"
    case selfReference = "self-reference"
    case brokenWorkspaceSource = "broken-workspace-source"
    case notAWorkspaceMember = "not-a-workspace-member"
    case ambiguousName = "ambiguous-name"
    case resolvedByLockFile = "resolved-by-lock-file"
    case resolvedByPathSuffix = "resolved-by-path-suffix"
    case resolvedByWorkingDirectory = "resolved-by-working-directory"
    case unresolvedAbsolutePath = "unresolved-absolute-path"
    case lockDrift = "lock-drift"
    // The rules of `check`.
    case cycle = "cycle"
    case layeringViolation = "layering-violation"
    case pathVersionMismatch = "path-version-mismatch"
    case conflictingRequirements = "conflicting-requirements"
    case conditionalConflict = "conditional-conflict"
    case invalidSpecifier = "invalid-specifier"
    // The code's imports against the declarations (`check`: the work tree, or the code of `--at REV`).
    case undeclaredDependency = "undeclared-dependency"
    case transitiveOnlyDependency = "transitive-only-dependency"
    case unusedDependency = "unused-dependency"
    case importCycle = "import-cycle"
    case duplicateImportName = "duplicate-import-name"
    // Reading the configuration (`[tool.trellis]`, `trellis.toml`).
    case unknownConfigurationKey = "unknown-configuration-key"
    case invalidConfiguration = "invalid-configuration"
    case providesGuessed = "provides-guessed"
    // Reading the registry.
    case unrecognized = "unrecognized"

    /// The severity a diagnostic of this kind has unless its producer says otherwise.
    public var severity: Diagnostic.Severity {
        switch self {
        case .invalidManifest, .invalidHatchTOML, .cycle, .layeringViolation, .pathVersionMismatch,
            .conflictingRequirements, .undeclaredDependency, .importCycle:
            .error
        case .noVersion, .legacyMetadataNotRead, .requirementsOutsideModule, .selfReference, .resolvedByLockFile,
            .resolvedByPathSuffix, .resolvedByWorkingDirectory, .toxSubstitutionNotRead, .unusedSource,
            .insidePackageData, .templateNotRead:
            .info
        default:
            .warning
        }
    }

    /// Whether `check` reports a scan diagnostic of this kind as an error: the repository is broken, not just odd.
    public var breaksRepository: Bool {
        switch self {
        case .invalidManifest, .brokenPath, .pathEscapesRoot, .brokenWorkspaceSource,
            .ambiguousName, .unresolvedAbsolutePath:
            true
        default:
            false
        }
    }

    /// What a diagnostic of this kind says, in one line.
    public var meaning: String {
        switch self {
        case .invalidManifest:
            "a pyproject.toml that is not valid TOML (or not UTF-8); the module keeps its last recorded state"
        case .invalidHatchTOML: "a hatch.toml that is not valid TOML (or not UTF-8); its environments are not read"
        case .invalidName: "a project name that is not a string, or not a valid PEP 508 name; the module stays"
        case .noName: "a manifest that declares dependencies but no name, so it is not a module"
        case .noVersion: "a [project] table with neither a version nor `version` in `dynamic`"
        case .invalidDependencies: "a [project] dependencies value that is not an array of strings"
        case .invalidDependency: "a Poetry dependency that is neither a string nor a table"
        case .invalidDependencyGroup: "a PEP 735 dependency group that is not an array"
        case .dependencyGroupCycle: "a PEP 735 dependency group that includes itself"
        case .unknownDependencyGroup: "a PEP 735 include of a group that is not defined"
        case .invalidRequirement: "a dependency entry that is not a PEP 508 requirement"
        case .legacyMetadataNotRead:
            "a setup.py, never executed: the module is named after its folder (warning at the root)"
        case .requirementsOutsideModule:
            "a requirements file naming local folders beside no module: no edge is recorded"
        case .requirementsIncludeEscapes:
            "a requirements `-r` include that leaves the repository root (`..`, an absolute path, a URL): not read"
        case .requirementsIncludeCycle: "a requirements `-r` include that includes itself"
        case .requirementsIncludeTooDeep:
            "a requirements `-r` include at the end of a chain of more than 64 files: not read"
        case .missingRequirementsInclude: "a requirements `-r` include of a file that does not exist"
        case .toxSubstitutionNotRead:
            "a tox.ini `deps` line with a substitution other than {toxinidir}; the line is skipped"
        case .dynamicDependenciesNotRead:
            "dependencies listed in `dynamic` whose source Trellis cannot read: the module may have more edges"
        case .unusedSource:
            "a [tool.uv.sources] or Poetry local path that no dependency uses (a hint of an unread list)"
        case .insidePackageData:
            "a setup.py or setup.cfg inside another module's package folder: package data, no module"
        case .templateNotRead:
            "a manifest in a project generator's template folder (`{{cookiecutter.name}}/`): not read, no module"
        case .symlinkOutsideRoot:
            "a manifest that is a symbolic link to a file outside the repository root: never opened"
        case .invalidEncoding:
            "a requirements file, setup.cfg or tox.ini whose bytes are not text in its encoding (UTF-8, or what "
                + "pip's byte order mark or `coding:` comment says): they are read as U+FFFD"
        case .duplicateName:
            "two modules with one normalized name: edges follow folders, a name lookup needs the folder (an error "
                + "when both are members of one uv workspace, which uv refuses)"
        case .brokenPath: "a path dependency that points at no module"
        case .pathEscapesRoot: "a path dependency that leaves the repository"
        case .selfReference: "a path dependency on the module's own folder, not an edge"
        case .brokenWorkspaceSource: "a `workspace = true` source naming no module"
        case .notAWorkspaceMember: "a `workspace = true` source naming a module outside the workspace"
        case .ambiguousName: "a `workspace = true` source whose name several modules have: no edge, never a guess"
        case .resolvedByLockFile: "an absolute path from another machine, resolved through the module's lock file"
        case .resolvedByPathSuffix:
            "an absolute path from another machine, resolved by the one module folder it ends in"
        case .resolvedByWorkingDirectory:
            "a requirements or tox.ini path resolved against the folder pip runs in, not the file's own"
        case .unresolvedAbsolutePath:
            "an absolute path from another machine that neither a lock file nor a suffix resolves"
        case .lockDrift: "a path edge the module's lock file records and its manifest lacks, or the other way round"
        case .cycle: "a dependency cycle; a warning when it closes only through dev groups or extras"
        case .layeringViolation: "an edge a layering rule denies"
        case .pathVersionMismatch: "a path dependency whose declared version rejects the module's version"
        case .conflictingRequirements: "requirements on one package, by modules installed together, that nothing meets"
        case .conditionalConflict: "the same, when one side carries markers: they clash wherever those markers hold"
        case .invalidSpecifier:
            "a version specifier that is neither PEP 440 nor Poetry syntax (not checked for conflicts)"
        case .undeclaredDependency:
            "code imports another module's package with no path edge reaching it in a group installed there "
                + "(main for package code, dev/test groups for tests); a warning when typing-only or optional"
        case .transitiveOnlyDependency:
            "code imports another module's package that it installs only through another module's dependencies"
        case .unusedDependency: "a declared path edge that none of the module's Python files imports"
        case .importCycle: "modules whose package code imports each other in a cycle (runtime imports only)"
        case .duplicateImportName: "an import name two modules both provide; imports of it are matched to neither"
        case .unknownConfigurationKey:
            "a [tool.trellis] key (or a rules entry's key) Trellis does not know: a typo, or a newer setting; no effect"
        case .invalidConfiguration:
            "a [tool.trellis] value of the wrong type, or a trellis.toml that is not valid TOML: it is ignored"
        case .providesGuessed:
            "a module with a setup.py (never run) and no static package list: the import names it provides are guessed from its layout"
        case .unrecognized: "a stored code this version does not know (a newer Trellis wrote it); the message keeps it"
        }
    }

    /// By raw value, the order diagnostics have always been sorted in.
    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue < b.rawValue }

    /// The raw value, so that interpolating a code prints what users and JSON see.
    public var description: String { rawValue }
}
