import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a lock file records, by package: `poetry.lock` `[package.source] type = "directory"`,
/// `uv.lock` `source = { editable = … }`/`{ directory = … }`/`{ virtual = … }` and `pdm.lock`
/// `path = "…"`, with each package's direct dependencies. Their paths are relative to the lock
/// file's folder, so they survive a clone to another folder where the absolute `file://` URLs in
/// `pyproject.toml` do not.
///
/// Only the *local* packages (a folder as source) are kept, and only as byte ranges of the lock's
/// text: a name, a path, a line, the groups, the dependencies. A package is made of them when it
/// is asked for. The other entries count only through the names they depend on (a local package
/// another locked package depends on is no root). A project's `poetry.lock` lists its whole local
/// closure, so a 10,000-module repository with one in every project holds 1.4 million entries:
/// a `String` and a `ModuleName` for each field of each was most of what its lock files cost a scan.
public struct LockFileIndex: Sendable {
    /// The lock file, relative to the repository root.
    public var file: String
    /// The lock's bytes, followed by the names and paths of the entries read as TOML.
    private var storage: [UInt8]
    /// The local entries, in file order (those read as TOML last).
    private var entries: [Entry] = []
    /// The direct dependencies of every entry, local or not, in file order.
    private var dependencies: [Dependency] = []
    /// The entries read as TOML, whole, by their index in `entries`.
    private var parsed: [Int: LockedPackage] = [:]
    /// Normalized-name key → the last entry with it (`Entry.previous` chains the others).
    private var byName: [UInt64: Int] = [:]
    /// Made once per lock content (the cache keeps the index): a uv workspace's lock is asked
    /// once per member, so a scan over its packages each time would be quadratic.
    private var byFolder: [String: Int] = [:]
    private var rootIndices: [Int] = []
    private let isUV: Bool

    /// The local packages, in file order.
    public var packages: [LockedPackage] { entries.indices.map(package(at:)) }

    /// The local packages no other locked package depends on. Poetry and PDM do not lock the
    /// project itself, so these are the local packages it depends on directly; one it depends
    /// on directly *and* through another locked package is not among them.
    public var localRoots: [LockedPackage] { rootIndices.map(package(at:)) }

    /// Package name → folder, relative to the repository root (absent when it leaves the root).
    public var folders: [ModuleName: String] {
        var folders: [ModuleName: String] = [:]
        for package in packages where package.path?.hasPrefix("/") == false {
            folders[package.name] = folder(of: package)
        }
        return folders
    }

    /// The folder of the local package `name`, relative to the repository root (the last entry
    /// of that name with a relative path).
    public func folder(of name: ModuleName) -> String? {
        let path = indices(named: name).last { !isAbsolute(entries[$0]) }.map { string(entries[$0].path) }
        return path.flatMap { RelativePath.join(RelativePath.parent(of: file), $0) }
    }

    /// The lock's own entry for the project in `folder` (repository-relative): uv locks every
    /// workspace member and the project itself (`source = { editable = "." }`); Poetry and PDM
    /// never lock the project they belong to.
    public func package(inFolder folder: String) -> LockedPackage? {
        byFolder[folder].map(package(at:))
    }

    /// The folder of a local package, relative to the repository root (nil when it is no local
    /// folder, is absolute, or leaves the root).
    public func folder(of package: LockedPackage) -> String? {
        if let folder = package.folder { return folder }
        guard let path = package.path, !path.hasPrefix("/") else { return nil }
        return RelativePath.join(RelativePath.parent(of: file), path)
    }

    /// True when the lock records `name` at an absolute path (written on another machine): it
    /// cannot say which folder of this checkout that is.
    public func hasAbsolutePath(_ name: ModuleName) -> Bool {
        indices(named: name).contains { isAbsolute(entries[$0]) }
    }

    /// The folders, relative to the repository root, of the local packages named `name` (those
    /// at an absolute path or out of the root have none).
    public func folders(named name: ModuleName) -> [String] {
        let base = RelativePath.parent(of: file)
        return indices(named: name).compactMap { index in
            isAbsolute(entries[index]) ? nil : RelativePath.join(base, string(entries[index].path))
        }
    }

    /// The local packages named `name`.
    public func localPackages(named name: ModuleName) -> [LockedPackage] {
        indices(named: name).map(package(at:))
    }

    /// Reads `text`, the content of the lock file at `file`. Each `[[package]]` entry is read
    /// line by line on the bytes (a lock file is machine-written), and parsed as TOML only when a
    /// line of interest is not what Poetry, uv or PDM write. Parsing whole lock files as TOML took
    /// 16 of the 20 s a 10,000-module Poetry 2 repository took to scan once cloned to another
    /// folder (646 lock files, 124 MB: every local package of each project's closure).
    public init(file: String, text: String) {
        self.file = file
        isUV = ManifestKind.of(path: file) == .uvLock
        storage = Array(text.utf8)
        var unknown: [(text: String, line: Int)] = []
        let lock = storage
        lock.withUnsafeBufferPointer { bytes in
            var lines = Lines(bytes)
            var entry: EntryScan?
            while let line = lines.next() {
                if line.starts(with: "[[package]]") {
                    if let done = entry { finish(done, bytes, &unknown) }
                    entry = EntryScan(start: line.start, line: line.number, firstDependency: dependencies.count)
                } else if entry != nil {
                    entry!.read(line, into: &dependencies)
                }
            }
            if let done = entry { finish(done, bytes, &unknown) }
        }
        for entry in unknown { readAsTOML(entry.text, firstLine: entry.line) }
        index()
    }

    /// An entry read: a local one is kept; another keeps only its dependencies (for the roots).
    private mutating func finish(
        _ entry: EntryScan, _ bytes: UnsafeBufferPointer<UInt8>, _ unknown: inout [(text: String, line: Int)]
    ) {
        guard !entry.unknown, let name = entry.name else {
            dependencies.removeSubrange(entry.firstDependency...)
            if entry.unknown {
                let end = entry.end ?? bytes.count
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[entry.start..<end]), as: UTF8.self)
                unknown.append((text, entry.line))
            }
            return
        }
        let local = entry.type.map { Line.equals(bytes, $0, "directory") } ?? true
        guard local, let path = entry.path else { return }
        entries.append(
            Entry(
                name: name, path: path, line: entry.nameLine ?? entry.line, editable: entry.editable,
                groups: entry.groups, dependencies: entry.firstDependency..<dependencies.count))
    }

    /// The entry as TOML: the same fields as the line scan, for an entry written another way.
    private mutating func readAsTOML(_ entry: String, firstLine: Int) {
        for case let table? in ((try? TOMLParser.parse(entry))?["package"]?.array ?? []).map(\.table) {
            guard let name = table["name"]?.string else { continue }
            let source = table["source"]?.table
            let path =
                source?["type"]?.string == "directory"
                ? source?["url"]?.string  // poetry.lock
                : source?["editable"]?.string ?? source?["directory"]?.string ?? source?["virtual"]?.string  // uv.lock
                    ?? table["path"]?.string  // pdm.lock
            let offset = firstLine - 1
            var dependencies: [LockedDependency] = []
            func add(_ items: [TOMLValue], group: String, optional: Bool) {
                for item in items {
                    let name = item.table?["name"]?.string ?? item.string.flatMap { PEP508Requirement($0)?.name }
                    if let name {
                        dependencies.append(
                            LockedDependency(
                                name: ModuleName(name), group: group, optional: optional, line: item.line + offset))
                    }
                }
            }
            if let list = table["dependencies"]?.array {
                add(list, group: "main", optional: false)
            } else if let poetry = table["dependencies"]?.table {
                for (key, value) in poetry.entries {
                    dependencies.append(
                        LockedDependency(
                            name: ModuleName(key), group: "main", optional: false, line: value.line + offset))
                }
            }
            for (extra, list) in table["optional-dependencies"]?.table?.entries ?? [] {
                add(list.array ?? [], group: extra, optional: true)
            }
            for (group, list) in table["dev-dependencies"]?.table?.entries ?? [] {
                add(list.array ?? [], group: group, optional: false)
            }
            let editable = table["develop"]?.bool ?? table["editable"]?.bool ?? (source?["editable"] != nil)
            let first = self.dependencies.count
            for dependency in dependencies {
                self.dependencies.append(
                    Dependency(
                        name: append(dependency.name.rawValue), group: nil, optional: dependency.optional,
                        line: dependency.line))
            }
            guard let path else { continue }
            let package = LockedPackage(
                name: ModuleName(name), path: path, folder: nil, editable: editable,
                line: (table["name"]?.line ?? 1) + offset,
                groups: table["groups"]?.array?.compactMap(\.string) ?? [], dependencies: dependencies)
            parsed[entries.count] = package
            entries.append(
                Entry(
                    name: append(package.name.rawValue), path: append(path), line: package.line, editable: editable,
                    groups: nil, dependencies: first..<self.dependencies.count))
        }
    }

    private mutating func append(_ string: String) -> Span {
        let start = storage.count
        storage.append(contentsOf: string.utf8)
        return Span(start: start, end: storage.count)
    }

    /// The lookups: names (chained by key), a uv.lock's folders, and the roots.
    private mutating func index() {
        let lock = storage
        lock.withUnsafeBufferPointer { bytes in
            for index in entries.indices {
                entries[index].previous = byName.updateValue(index, forKey: NameKey.of(bytes, entries[index].name))
            }
            // A local package is a root unless some entry depends on it: only the dependencies
            // whose key is a local name's are compared byte by byte.
            var depended = [Bool](repeating: false, count: entries.count)
            for dependency in dependencies {
                var candidate = byName[NameKey.of(bytes, dependency.name)]
                while let index = candidate {
                    if NameKey.same(bytes, entries[index].name, dependency.name) { depended[index] = true }
                    candidate = entries[index].previous
                }
            }
            rootIndices = entries.indices.filter { !depended[$0] }
        }
        // Only a uv.lock is asked by folder (once per workspace member); joining every path of
        // every Poetry lock (a project's whole closure) took a quarter of a 1,000-module scan.
        guard isUV else { return }
        let base = RelativePath.parent(of: file)
        for index in entries.indices where !isAbsolute(entries[index]) {
            if let folder = RelativePath.join(base, string(entries[index].path)), byFolder[folder] == nil {
                byFolder[folder] = index
            }
        }
    }

    /// The entries named `name`, in file order.
    private func indices(named name: ModuleName) -> [Int] {
        storage.withUnsafeBufferPointer { bytes in
            var found: [Int] = []
            var candidate = byName[NameKey.of(name)]
            while let index = candidate {
                if NameKey.same(bytes, entries[index].name, name) { found.append(index) }
                candidate = entries[index].previous
            }
            return found.reversed()
        }
    }

    private func isAbsolute(_ entry: Entry) -> Bool {
        entry.path.end > entry.path.start && storage[entry.path.start] == UInt8(ascii: "/")
    }

    private func string(_ span: Span) -> String {
        String(decoding: storage[span.start..<span.end], as: UTF8.self)
    }

    /// The package of entry `index`, its strings made now.
    private func package(at index: Int) -> LockedPackage {
        let entry = entries[index]
        var package =
            parsed[index]
            ?? LockedPackage(
                name: ModuleName(string(entry.name)), path: string(entry.path), folder: nil, editable: entry.editable,
                line: entry.line,
                groups: entry.groups.map { span in
                    storage.withUnsafeBufferPointer { Line.strings(inList: span, of: $0) ?? [] }
                } ?? [],
                dependencies: dependencies[entry.dependencies].map {
                    LockedDependency(
                        name: ModuleName(string($0.name)), group: $0.group.map(string) ?? "main",
                        optional: $0.optional, line: $0.line)
                })
        if isUV && !isAbsolute(entry) { package.folder = folder(of: package) }
        return package
    }
}

/// A local entry of a lock file, as ranges of its bytes.
private struct Entry: Sendable {
    var name: Span, path: Span
    /// The line of its `name = …`.
    var line: Int
    var editable: Bool
    /// The one-line string list of `groups = [...]`.
    var groups: Span?
    /// Its direct dependencies, in `LockFileIndex.dependencies`.
    var dependencies: Range<Int>
    /// The entry before it with the same name key.
    var previous: Int?
}

/// One direct dependency of a locked entry, as ranges of the lock's bytes.
private struct Dependency: Sendable {
    var name: Span
    /// An extra's or a dependency group's name; nil for the main dependencies.
    var group: Span?
    var optional: Bool
    var line: Int
}

/// A range of a lock's bytes.
private struct Span: Sendable {
    var start: Int, end: Int
}

/// Compares and hashes names as `ModuleName` normalizes them (PEP 503: lowercase, each run of
/// `-`, `_` and `.` one `-`, none at either end), over the bytes, without making a `String`. A name
/// with a byte of another script goes through `ModuleName` itself.
private enum NameKey {
    static func of(_ name: ModuleName) -> UInt64 { hash(name.rawValue.utf8) }

    /// The key of a name's bytes: `Normalized`'s bytes hashed in the same pass, inline (every
    /// name and dependency of a lock comes here).
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ span: Span) -> UInt64 {
        var hash = offsetBasis
        var started = false, separator = false
        for index in span.start..<span.end {
            var byte = bytes[index]
            if byte >= 0x80 {
                let slice = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
                return of(ModuleName(String(decoding: slice, as: UTF8.self)))
            }
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                separator = started
                continue
            }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if separator {
                hash = (hash ^ UInt64(UInt8(ascii: "-"))) &* prime
                separator = false
            }
            started = true
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }

    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ span: Span, _ name: ModuleName) -> Bool {
        let slice = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        // Most locks spell a name as it normalizes.
        if slice.elementsEqual(name.rawValue.utf8) { return true }
        if slice.contains(where: { $0 >= 0x80 }) { return ModuleName(String(decoding: slice, as: UTF8.self)) == name }
        return IteratorSequence(Normalized(slice)).elementsEqual(name.rawValue.utf8)
    }

    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Span, _ b: Span) -> Bool {
        let left = UnsafeBufferPointer(rebasing: bytes[a.start..<a.end])
        let right = UnsafeBufferPointer(rebasing: bytes[b.start..<b.end])
        if left.count == right.count && memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0 { return true }
        if left.contains(where: { $0 >= 0x80 }) || right.contains(where: { $0 >= 0x80 }) {
            return ModuleName(String(decoding: left, as: UTF8.self))
                == ModuleName(String(decoding: right, as: UTF8.self))
        }
        var l = Normalized(left), r = Normalized(right)
        while true {
            let x = l.next(), y = r.next()
            if x != y { return false }
            if x == nil { return true }
        }
    }

    /// FNV-1a, 64 bits.
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = offsetBasis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// The normalized bytes of an ASCII name, one at a time.
    struct Normalized: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var started = false, separator = false
        var pending: UInt8?

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func next() -> UInt8? {
            if let byte = pending {
                pending = nil
                return byte
            }
            while index < bytes.count {
                var byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                    separator = started
                    continue
                }
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
                started = true
                if separator {
                    separator = false
                    pending = byte
                    return UInt8(ascii: "-")
                }
                return byte
            }
            return nil
        }
    }
}

/// One `[[package]]` entry of a lock file.
public struct LockedPackage: Sendable, Equatable {
    /// The normalized name.
    public var name: ModuleName
    /// Its folder as written, relative to the lock file's folder, when it is a local folder.
    public var path: String?
    /// That folder relative to the repository root, made at once for a uv.lock only
    /// (`LockFileIndex.folder(of:)` gives it for any lock).
    public var folder: String?
    /// uv `source = { editable = … }`, Poetry `develop = true`, PDM `editable = true`.
    public var editable: Bool
    /// The line of its `name = …`.
    public var line: Int
    /// Poetry and PDM: the groups of the locking project that install it (`main`, `dev`; PDM `default`).
    public var groups: [String]
    /// What the package depends on directly: uv `dependencies`, `[package.optional-dependencies]`
    /// and `[package.dev-dependencies]`; Poetry `[package.dependencies]`; PDM `dependencies`.
    public var dependencies: [LockedDependency]
}

/// One direct dependency of a locked package, by name.
public struct LockedDependency: Sendable, Equatable {
    /// The normalized name.
    public var name: ModuleName
    /// `main`, an extra (uv `[package.optional-dependencies]`) or a dependency group.
    public var group: String
    /// True for an extra's dependency.
    public var optional: Bool
    /// Its line in the lock file.
    public var line: Int
}

/// One line of a byte buffer, without its line break.
private struct Line {
    let bytes: UnsafeBufferPointer<UInt8>
    let start: Int, end: Int
    /// 1-based.
    let number: Int

    /// The first byte, 0 for an empty line.
    var first: UInt8 { start < end ? bytes[start] : 0 }

    func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return end - start >= count && memcmp(bytes.baseAddress! + start, prefix.utf8Start, count) == 0
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ span: Span, _ text: StaticString) -> Bool {
        span.end - span.start == text.utf8CodeUnitCount
            && memcmp(bytes.baseAddress! + span.start, text.utf8Start, text.utf8CodeUnitCount) == 0
    }

    /// The value of `key = "…"` when it is a basic string with no escape; `.some(nil)` when the
    /// line has the key but another kind of value; nil when the line is not that key.
    func quotedValue(of key: StaticString) -> Span?? {
        guard starts(with: key) else { return nil }
        return .some(quoted(from: start + key.utf8CodeUnitCount, to: end))
    }

    /// The inside of `"…"` spanning `from..<to`, when it holds no escape and no other quote.
    private func quoted(from: Int, to: Int) -> Span? {
        guard to - from >= 2, bytes[from] == UInt8(ascii: "\""), bytes[to - 1] == UInt8(ascii: "\"") else {
            return nil
        }
        let inner = Span(start: from + 1, end: to - 1)
        guard firstIndex(of: UInt8(ascii: "\\"), from: inner.start, to: inner.end) == nil,
            firstIndex(of: UInt8(ascii: "\""), from: inner.start, to: inner.end) == nil
        else { return nil }
        return inner
    }

    /// uv's `source = { KEY = "VALUE" }`: a local folder (`editable`, `directory`, `virtual`),
    /// another source (`registry`, `git`, `url`, `path` to an archive), or a line written another way.
    enum Source {
        case folder(Span, editable: Bool)
        case other
        case unread
    }

    var source: Source {
        let open = start + 9  // `source = `
        guard end - open > 4, bytes[open] == UInt8(ascii: "{"), bytes[open + 1] == UInt8(ascii: " "),
            let equals = firstRange(of: " = \"", from: open)
        else { return .unread }
        let key = Span(start: open + 2, end: equals)
        guard
            Self.equals(bytes, key, "editable") || Self.equals(bytes, key, "directory")
                || Self.equals(bytes, key, "virtual")
        else { return .other }
        // A folder source holds its one key: `{ editable = "libs/core" }`.
        guard end - equals >= 6, bytes[end - 1] == UInt8(ascii: "}"), bytes[end - 2] == UInt8(ascii: " "),
            let value = quoted(from: equals + 3, to: end - 2)
        else { return .unread }
        return .folder(value, editable: Self.equals(bytes, key, "editable"))
    }

    /// The strings of a one-line `key = ["a", "b"]` with no escapes; nil for anything else.
    var stringList: Span? {
        guard let open = firstIndex(of: UInt8(ascii: "["), from: start, to: end), end > open + 1,
            bytes[end - 1] == UInt8(ascii: "]")
        else { return nil }
        // What `strings(inList:)` accepts, checked without making the strings: no escape, and
        // quotes in pairs.
        var quotes = 0
        for byte in UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(end - 1)]) {
            if byte == UInt8(ascii: "\\") { return nil }
            if byte == UInt8(ascii: "\"") { quotes += 1 }
        }
        return quotes % 2 == 0 ? Span(start: open, end: end) : nil
    }

    /// The strings of a `["a", "b"]` that `stringList` accepted.
    static func strings(inList list: Span, of bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        let inner = UnsafeBufferPointer(rebasing: bytes[(list.start + 1)..<(list.end - 1)])
        guard !inner.contains(UInt8(ascii: "\\")) else { return nil }
        // `"a", "b"` splits at its quotes into "", a, ", ", b, "": the odd parts are the strings.
        var strings: [String] = []
        var part = 0, partStart = 0
        for index in inner.indices where inner[index] == UInt8(ascii: "\"") {
            if part % 2 == 1 {
                strings.append(String(decoding: UnsafeBufferPointer(rebasing: inner[partStart..<index]), as: UTF8.self))
            }
            part += 1
            partStart = index + 1
        }
        return part % 2 == 0 ? strings : nil
    }

    /// The key of `key = …` (bare or quoted) when the line starts with it, unindented.
    var leadingKey: Span? {
        guard start < end else { return nil }
        let first = bytes[start]
        // A letter or digit of any script, or a quote: what a key may start with unindented.
        let isKeyStart =
            first >= 0x80 || first == UInt8(ascii: "\"") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || ((first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z"))
        guard isKeyStart, let equals = firstRange(of: " = ", from: start) else { return nil }
        var from = start, to = equals
        if to - from >= 2 && bytes[from] == UInt8(ascii: "\"") && bytes[to - 1] == UInt8(ascii: "\"") {
            from += 1
            to -= 1
        }
        return Span(start: from, end: to)
    }

    /// The package an item line of a dependency array names: uv's `{ name = "x", … },`, or
    /// the name that starts PDM's PEP 508 string `"x>=1; marker",` (PEP 508: letters, digits,
    /// `-`, `_` and `.`).
    var dependencyName: Span? {
        if let name = firstRange(of: "name = \"", from: start) {
            let from = name + 8
            return firstIndex(of: UInt8(ascii: "\""), from: from, to: end).map { Span(start: from, end: $0) }
        }
        guard let open = firstIndex(of: UInt8(ascii: "\""), from: start, to: end) else { return nil }
        var close = open + 1
        while close < end, Self.isNameByte(bytes[close]) { close += 1 }
        return close > open + 1 ? Span(start: open + 1, end: close) : nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    func ends(with byte: UInt8) -> Bool {
        var last = end
        while last > start && (bytes[last - 1] == UInt8(ascii: " ") || bytes[last - 1] == UInt8(ascii: "\t")) {
            last -= 1
        }
        return last > start && bytes[last - 1] == byte
    }

    func trimmedStarts(with byte: UInt8) -> Bool {
        var first = start
        while first < end && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
        return first < end && bytes[first] == byte
    }

    private func firstIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let found = memchr(bytes.baseAddress! + from, Int32(byte), to - from) else {
            return nil
        }
        return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
    }

    /// The offset where `needle` (ASCII, a few bytes) first starts in the line, at `from` or after.
    private func firstRange(of needle: StaticString, from: Int) -> Int? {
        let count = needle.utf8CodeUnitCount
        var from = from
        while let candidate = firstIndex(of: needle.utf8Start[0], from: from, to: end) {
            if end - candidate < count { return nil }
            if memcmp(bytes.baseAddress! + candidate, needle.utf8Start, count) == 0 { return candidate }
            from = candidate + 1
        }
        return nil
    }
}

/// The lines of a byte buffer (`\n` or `\r\n`), found with `memchr`.
private struct Lines {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    var number = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() -> Line? {
        guard offset < bytes.count, let base = bytes.baseAddress else { return nil }
        let start = offset
        var end = bytes.count
        if let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
            end = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
        }
        offset = end + 1
        if end > start && base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        number += 1
        return Line(bytes: bytes, start: start, end: end, number: number)
    }
}

/// What one `[[package]]` entry says so far: `name = "…"`, then Poetry's `[package.source]`
/// `type` and `url`, uv's `source = { editable = "…" }` / `{ directory = "…" }` / `{ virtual =
/// "…" }`, PDM's `path = "…"`, and the direct dependencies: uv's and PDM's `dependencies = [`
/// arrays (one `{ name = "…" }` or PEP 508 string a line), uv's `[package.optional-dependencies]`
/// and `[package.dev-dependencies]` arrays, and Poetry's `[package.dependencies]` keys.
private struct EntryScan {
    let start: Int
    /// The line of `[[package]]`.
    let line: Int
    /// Where its dependencies start in the index's list.
    let firstDependency: Int
    var end: Int?
    var name: Span?, path: Span?, type: Span?
    var nameLine: Int?
    var editable = false
    var groups: Span?
    /// A line of interest written another way: the entry is parsed as TOML instead.
    var unknown = false
    private var section = Section.package
    /// The open dependency array: its group (nil for the main one), and whether it is an extra's.
    private var array: (group: Span?, optional: Bool)?

    private enum Section { case package, source, poetryDependencies, extras, devGroups, other }

    init(start: Int, line: Int, firstDependency: Int) {
        self.start = start
        self.line = line
        self.firstDependency = firstDependency
    }

    mutating func read(_ line: Line, into dependencies: inout [Dependency]) {
        end = line.end
        if let open = array {
            if line.trimmedStarts(with: UInt8(ascii: "]")) {
                array = nil
            } else if let name = line.dependencyName {
                dependencies.append(
                    Dependency(name: name, group: open.group, optional: open.optional, line: line.number))
            }
            return
        }
        if line.starts(with: "[") {
            section =
                line.starts(with: "[package.source]")
                ? .source
                : line.starts(with: "[package.dependencies]")
                    ? .poetryDependencies
                    : line.starts(with: "[package.optional-dependencies]")
                        ? .extras : line.starts(with: "[package.dev-dependencies]") ? .devGroups : .other
            return
        }
        switch section {
        case .package:
            // By the first byte: a line is tried against the one or two keys it can be.
            switch line.first {
            case UInt8(ascii: "n"):
                if let value = line.quotedValue(of: "name = ") {
                    name = value
                    nameLine = line.number
                    unknown = unknown || value == nil
                }
            case UInt8(ascii: "s") where line.starts(with: "source = "):
                switch line.source {
                case .folder(let value, let isEditable):
                    path = value
                    editable = isEditable
                case .other: break
                case .unread: unknown = true
                }
            case UInt8(ascii: "p"):
                if let value = line.quotedValue(of: "path = ") {  // pdm.lock
                    path = value
                    unknown = unknown || value == nil
                }
            case UInt8(ascii: "d"):
                if line.starts(with: "develop = true") { editable = true }
                if line.starts(with: "dependencies = ") { openArray(line, group: nil, optional: false) }
            case UInt8(ascii: "e") where line.starts(with: "editable = true"):
                editable = true
            case UInt8(ascii: "g") where line.starts(with: "groups = "):
                if let value = line.stringList { groups = value } else { unknown = true }
            default:
                break
            }
        case .source:
            if let value = line.quotedValue(of: "type = ") {
                type = value
                unknown = unknown || value == nil
            }
            if let value = line.quotedValue(of: "url = ") {
                path = value
                unknown = unknown || value == nil
            }
        case .poetryDependencies:
            // `key = …` at the start of a line; a constraint list's continuation lines are indented.
            if let key = line.leadingKey {
                dependencies.append(Dependency(name: key, group: nil, optional: false, line: line.number))
            }
        case .extras, .devGroups:
            if let key = line.leadingKey { openArray(line, group: key, optional: section == .extras) }
        case .other:
            break
        }
    }

    /// `key = [` opens a one-item-a-line array; any other value is parsed as TOML, or makes the entry unknown.
    private mutating func openArray(_ line: Line, group: Span?, optional: Bool) {
        if line.ends(with: UInt8(ascii: "[")) {
            array = (group, optional)
        } else {
            unknown = true
        }
    }
}

/// uv.lock files parsed once per content: every member of a workspace reads its root's, a history
/// import resolves every commit, and most commits change no lock file. Safe to share: `SnapshotResolver` is `Sendable` and holds one; a lock is
/// taken once per lock file a resolution reads (`ManifestResolver` keeps what it asked for).
public final class LockFileCache: Sendable {
    // `Mutex` (Synchronization) needs macOS 15; the package supports macOS 13.
    private let lock = NSLock()
    /// By file: the content's length and hash, not the content itself. Keeping every lock's text
    /// held 1.2 GB at 10,000 modules with a poetry.lock each (a 1.5 GB peak for a cold scan).
    nonisolated(unsafe) private var entries: [String: (length: Int, hash: String, index: LockFileIndex)] = [:]

    public init() {}

    /// The index of the lock file at `file` whose content is `text`, parsed only when the content
    /// changed (outside the lock: two resolutions may parse one file at once, and both are right).
    public func index(file: String, text: String) -> LockFileIndex? {
        // A uv.lock is read by every member of its workspace; a poetry.lock or pdm.lock by the one
        // project beside it, and their indexes held about 900 MB at 10,000 modules with a lock
        // each: those are parsed each time they are read, and not hashed.
        guard ManifestKind.of(path: file) == .uvLock else { return LockFileIndex(file: file, text: text) }
        var text = text
        let length = text.utf8.count
        let hash = text.withUTF8 { FileStamp.hash(UnsafeRawBufferPointer($0)) }
        if let entry = lock.withLock({ entries[file] }), entry.length == length, entry.hash == hash {
            return entry.index
        }
        let index = LockFileIndex(file: file, text: text)
        lock.withLock { entries[file] = (length, hash, index) }
        return index
    }
}
