/// The local-folder packages a lock file records, by name: `poetry.lock` `[package.source] type =
/// "directory"` and `uv.lock` `source = { editable = … }`/`{ directory = … }`. Their paths are
/// relative to the lock file's folder, so they survive a clone to another folder where the
/// absolute `file://` URLs in `pyproject.toml` do not.
public struct LockFileIndex: Sendable, Equatable {
    /// The lock file, relative to the repository root.
    public var file: String
    /// Package name → folder, relative to the repository root (nil when it leaves the root).
    public var folders: [ModuleName: String]

    /// Reads `text`, the content of the lock file at `file`; nil when it is not valid TOML.
    public init?(file: String, text: String) {
        guard let document = try? TOMLParser.parse(text) else { return nil }
        self.file = file
        let base = RelativePath.parent(of: file)
        var folders: [ModuleName: String] = [:]
        for package in document["package"]?.array ?? [] {
            guard let table = package.table, let name = table["name"]?.string else { continue }
            let relative: String?
            if let source = table["source"]?.table {
                if source["type"]?.string == "directory" {
                    relative = source["url"]?.string  // poetry.lock
                } else {
                    relative = source["editable"]?.string ?? source["directory"]?.string  // uv.lock
                }
            } else {
                relative = nil
            }
            if let relative, !relative.hasPrefix("/"), let folder = RelativePath.join(base, relative) {
                folders[ModuleName(name)] = folder
            }
        }
        self.folders = folders
    }
}

/// Lock files parsed once per content: a history import resolves every commit, and most commits
/// change no lock file. Not thread-safe; one per import.
public final class LockFileCache: @unchecked Sendable {
    private var entries: [String: (text: String, index: LockFileIndex?)] = [:]

    public init() {}

    /// The index of the lock file at `file` whose content is `text`, parsed only when the content changed.
    public func index(file: String, text: String) -> LockFileIndex? {
        if let entry = entries[file], entry.text == text { return entry.index }
        let index = LockFileIndex(file: file, text: text)
        entries[file] = (text, index)
        return index
    }
}
