import Foundation

/// What the import reader found in one `.py` file of the work tree, and the file's stamp when it
/// was read: the registry keeps one per file (`import_file`), so that an unchanged file is
/// neither read nor tokenized again.
public struct CachedImports: Hashable, Sendable {
    public var size: Int64
    /// Modification time in nanoseconds since 1970; 0 when the file must be read again (it was
    /// modified so recently that an edit in the same clock tick could keep this time).
    public var modified: Int64
    public var inode: UInt64
    /// `FileStamp.hash` of the content: a file touched but not edited is read, not tokenized.
    public var hash: String
    public var imports: [PythonImport]

    public init(size: Int64, modified: Int64, inode: UInt64, hash: String, imports: [PythonImport]) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.hash = hash
        self.imports = imports
    }
}

/// The registry's import cache of the work tree, by repository-relative path, as a read of the
/// imports takes it (`ImportGraph.read(root:graph:tests:reading:cache:)`).
public struct ImportCache: Sendable {
    public var files: [String: CachedImports]

    public init(files: [String: CachedImports] = [:]) { self.files = files }

    /// What a read found out of date in the cache: rows to write and rows of files that are gone.
    public struct Update: Sendable, Equatable {
        /// New or changed rows (a file read for the first time, edited, touched, replaced).
        public var changed: [String: CachedImports] = [:]
        /// Paths of files no module lists any more (deleted, moved, now in an ignored folder).
        public var removed: [String] = []

        public init(changed: [String: CachedImports] = [:], removed: [String] = []) {
            self.changed = changed
            self.removed = removed
        }

        public var isEmpty: Bool { changed.isEmpty && removed.isEmpty }
    }
}

/// How a read of the imports got each file's imports: the evidence that the cache works.
public struct ImportReadStats: Hashable, Sendable {
    /// `.py` files the modules hold (stat'ed while listing them).
    public var listed = 0
    /// Files whose imports were needed.
    public var needed = 0
    /// Of those, files whose stamp matched their cache row: neither opened nor tokenized.
    public var cached = 0
    /// Files opened and read (no row, another stamp, or a git revision's blob).
    public var read = 0
    /// Files whose content was tokenized (read, and no row with the same content hash).
    public var tokenized = 0

    public init(listed: Int = 0, needed: Int = 0, cached: Int = 0, read: Int = 0, tokenized: Int = 0) {
        self.listed = listed
        self.needed = needed
        self.cached = cached
        self.read = read
        self.tokenized = tokenized
    }

    static func + (a: Self, b: Self) -> Self {
        Self(
            listed: a.listed + b.listed, needed: a.needed + b.needed, cached: a.cached + b.cached,
            read: a.read + b.read, tokenized: a.tokenized + b.tokenized)
    }
}

/// The stat of one listed `.py` file: what its cache row is compared with.
struct CodeFileStamp: Hashable, Sendable {
    var size: Int64
    var modified: Int64
    var inode: UInt64

    /// Whether `entry` was recorded of this very file as it is now.
    func matches(_ entry: CachedImports) -> Bool {
        entry.modified != 0 && entry.size == size && entry.modified == modified && entry.inode == inode
    }

    /// Whether an edit made after the read could have left this modification time unchanged: a
    /// file system keeps times at the precision of its clock tick (a few milliseconds on Linux,
    /// whole seconds on some), so a time within that of the read's start is not trusted (git's
    /// "racily clean" entries). Such a row is written with modified 0, and the next read hashes
    /// the file again (tokenizing it only when the content changed).
    func isRacy(readStartedAt started: Int64) -> Bool {
        let margin: Int64 = modified % 1_000_000_000 == 0 ? 2_000_000_000 : 100_000_000
        return modified + margin > started
    }
}
