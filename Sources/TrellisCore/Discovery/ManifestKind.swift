/// The kinds of file Trellis reads, told apart by file name: the one place a file name is compared.
public enum ManifestKind: Sendable, Hashable, CaseIterable {
    case pyproject
    case hatch
    case setupCfg
    case setupPy
    case tox
    /// `trellis.toml`: the configuration, read at the root only.
    case configuration
    case poetryLock
    case uvLock
    case pdmLock
    /// `*requirements*.txt` and `constraints*.txt`, in any case.
    case requirements

    /// The exact file name of every kind but `requirements`, whose names follow a pattern.
    public var fileName: String? {
        switch self {
        case .pyproject: "pyproject.toml"
        case .hatch: "hatch.toml"
        case .setupCfg: "setup.cfg"
        case .setupPy: "setup.py"
        case .tox: "tox.ini"
        case .configuration: "trellis.toml"
        case .poetryLock: "poetry.lock"
        case .uvLock: "uv.lock"
        case .pdmLock: "pdm.lock"
        case .requirements: nil
        }
    }

    /// The kind of a file called `name`, or nil when Trellis does not read it.
    public init?(fileName name: some StringProtocol) {
        if let kind = Self.byName[String(name)] {
            self = kind
            return
        }
        // Only a `.txt` name can be a requirements file: most names a listing asks about are
        // source files, rejected on the bytes before the name is lowercased.
        guard name.utf8.count >= 4, name.utf8.suffix(4).elementsEqual(".txt".utf8, by: { $0 | 0x20 == $1 }) else {
            return nil
        }
        let lower = name.lowercased()
        guard lower.hasSuffix(".txt"), lower.contains("requirements") || lower.hasPrefix("constraints") else {
            return nil
        }
        self = .requirements
    }

    /// The kind of the file at `path` (repository-relative or absolute), by its last component.
    public static func of(path: String) -> ManifestKind? {
        ManifestKind(fileName: RelativePath.lastComponent(of: path))
    }

    /// Lock files are hashed for the freshness check but read only when a resolution asks.
    public var isLockFile: Bool { self == .poetryLock || self == .uvLock || self == .pdmLock }

    /// The lock files a resolution may consult, in the order it tries them.
    public static let lockFiles: [ManifestKind] = [.poetryLock, .uvLock, .pdmLock]

    private static let byName: [String: ManifestKind] = Dictionary(
        uniqueKeysWithValues: allCases.compactMap { kind in kind.fileName.map { ($0, kind) } })
}

extension String {
    /// True when this path names a lock file (`poetry.lock`, `uv.lock`, `pdm.lock`).
    var isLockFilePath: Bool { ManifestKind.of(path: self)?.isLockFile ?? false }
}
