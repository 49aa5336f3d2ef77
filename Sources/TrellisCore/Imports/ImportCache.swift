import Foundation

/// What the import reader found in one `.py` file of the work tree, and the file's stamp when it
/// was read: the registry keeps one per file (`import_file`), so that an unchanged file is
/// neither read nor tokenized again. The imports are kept encoded (`ImportCache.encode`): a read
/// decodes only the files it needs, on the threads that match them.
public struct CachedImports: Hashable, Sendable {
    public var size: Int64
    /// Modification time in nanoseconds since 1970; 0 when the file must be read again (it was
    /// modified so recently that an edit in the same clock tick could keep this time).
    public var modified: Int64
    public var inode: UInt64
    /// `FileStamp.hash` of the content: a file touched but not edited is read, not tokenized.
    public var hash: String
    /// The imports as `ImportCache.encode` writes them (the `imports` column).
    public var encoded: String

    public init(size: Int64, modified: Int64, inode: UInt64, hash: String, encoded: String) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.hash = hash
        self.encoded = encoded
    }

    public init(size: Int64, modified: Int64, inode: UInt64, hash: String, imports: [PythonImport]) {
        self.init(size: size, modified: modified, inode: inode, hash: hash, encoded: ImportCache.encode(imports))
    }

    /// The file's imports, decoded. O(length of `encoded`).
    public var imports: [PythonImport] { ImportCache.decode(encoded) }
}

/// The registry's import cache of the work tree, by repository-relative path, as a read of the
/// imports takes it (`ImportGraph.read(root:graph:tests:reading:cache:)`).
public struct ImportCache: Sendable {
    public var files: [String: CachedImports]

    public init(files: [String: CachedImports] = [:]) { self.files = files }

    /// One line per import, as migrations/0005_import_file.sql describes:
    /// `<kind> <line> <level> <module or -> <names, comma-separated, or -> <flags: t, o, or ->`.
    /// Modules and names are Python identifiers joined by dots (or `*`): no space or comma.
    public static func encode(_ imports: [PythonImport]) -> String {
        imports.map { entry in
            let flags = (entry.typingOnly ? "t" : "") + (entry.optional ? "o" : "")
            return [
                entry.names.isEmpty ? "import" : "from", String(entry.line), String(entry.level),
                entry.module.isEmpty ? "-" : entry.module,
                entry.names.isEmpty ? "-" : entry.names.joined(separator: ","), flags.isEmpty ? "-" : flags,
            ].joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The imports of `encode`, read over the UTF-8 bytes (a warm read decodes every file's
    /// row); a line that is not one (a row edited by hand) is left out.
    public static func decode(_ text: String) -> [PythonImport] {
        var text = text
        return text.withUTF8 { bytes in
            var result: [PythonImport] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if let entry = decodeLine(UnsafeBufferPointer(rebasing: bytes[start..<end])) { result.append(entry) }
                start = end + 1
            }
            return result
        }
    }

    private static func decodeLine(_ line: UnsafeBufferPointer<UInt8>) -> PythonImport? {
        var fields: [UnsafeBufferPointer<UInt8>] = []
        fields.reserveCapacity(6)
        var start = 0
        for index in 0...line.count where index == line.count || line[index] == UInt8(ascii: " ") {
            fields.append(UnsafeBufferPointer(rebasing: line[start..<index]))
            start = index + 1
        }
        guard fields.count == 6, let number = integer(fields[1]), let level = integer(fields[2]) else { return nil }
        let dash = UInt8(ascii: "-")
        func text(_ field: UnsafeBufferPointer<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
        var names: [String] = []
        if !(fields[4].count == 1 && fields[4][0] == dash) {
            var from = 0
            for index in 0...fields[4].count where index == fields[4].count || fields[4][index] == UInt8(ascii: ",") {
                names.append(text(UnsafeBufferPointer(rebasing: fields[4][from..<index])))
                from = index + 1
            }
        }
        let isFrom = fields[0].elementsEqual("from".utf8)
        guard isFrom == !names.isEmpty, isFrom || fields[0].elementsEqual("import".utf8) else { return nil }
        let module = fields[3].count == 1 && fields[3][0] == dash ? "" : text(fields[3])
        return PythonImport(
            module: module, names: names, level: level, line: number,
            typingOnly: fields[5].contains(UInt8(ascii: "t")), optional: fields[5].contains(UInt8(ascii: "o")))
    }

    private static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !field.isEmpty, field.count < 19 else { return nil }
        var value = 0
        for byte in field {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

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
