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
public struct LockFileIndex: Sendable {
    /// The lock file, relative to the repository root.
    public var file: String
    /// Every `[[package]]` entry, in file order.
    public private(set) var packages: [LockedPackage] = []
    /// Package name → its folder as written, relative to the lock file's folder.
    private var relative: [ModuleName: String] = [:]
    /// Made once per lock content (the cache keeps the index): a uv workspace's lock is asked
    /// once per member, so a scan over its packages each time would be quadratic.
    private var byFolder: [String: Int] = [:]
    private var localByName: [ModuleName: [Int]] = [:]
    /// The local packages no other locked package depends on. Poetry and PDM do not lock the
    /// project itself, so these are the local packages it depends on directly; one it depends
    /// on directly *and* through another locked package is not among them.
    public private(set) var localRoots: [LockedPackage] = []

    /// Package name → folder, relative to the repository root (absent when it leaves the root).
    public var folders: [ModuleName: String] {
        relative.keys.reduce(into: [:]) { folders, name in folders[name] = folder(of: name) }
    }

    /// The folder of the local package `name`, relative to the repository root.
    public func folder(of name: ModuleName) -> String? {
        relative[name].flatMap { RelativePath.join(RelativePath.parent(of: file), $0) }
    }

    /// The lock's own entry for the project in `folder` (repository-relative): uv locks every
    /// workspace member and the project itself (`source = { editable = "." }`); Poetry and PDM
    /// never lock the project they belong to.
    public func package(inFolder folder: String) -> LockedPackage? {
        byFolder[folder].map { packages[$0] }
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
        localPackages(named: name).contains { $0.path?.hasPrefix("/") == true }
    }

    /// The local packages named `name`.
    public func localPackages(named name: ModuleName) -> [LockedPackage] {
        (localByName[name] ?? []).map { packages[$0] }
    }

    /// Reads `text`, the content of the lock file at `file`. Each `[[package]]` entry is read
    /// line by line on the bytes (a lock file is machine-written), and parsed as TOML only when a
    /// line of interest is not what Poetry, uv or PDM write. Parsing whole lock files as TOML took
    /// 16 of the 20 s a 10,000-module Poetry 2 repository took to scan once cloned to another
    /// folder (646 lock files, 124 MB: every local package of each project's closure).
    public init(file: String, text: String) {
        self.file = file
        var text = text
        var unknown: [(text: String, line: Int)] = []
        text.withUTF8 { bytes in
            var lines = Lines(bytes)
            var entry: EntryScan?
            while let line = lines.next() {
                if line.starts(with: "[[package]]") {
                    if let done = entry { finish(done, bytes, &unknown) }
                    entry = EntryScan(start: line.start, line: line.number)
                } else if entry != nil {
                    entry!.read(line)
                }
            }
            if let done = entry { finish(done, bytes, &unknown) }
        }
        for entry in unknown { readAsTOML(entry.text, firstLine: entry.line) }
        let base = RelativePath.parent(of: file)
        let isUV = ManifestKind.of(path: file) == .uvLock
        var depended = Set<ModuleName>()
        for index in packages.indices {
            let package = packages[index]
            depended.formUnion(package.dependencies.lazy.map(\.name))
            guard let path = package.path else { continue }
            localByName[package.name, default: []].append(index)
            guard !path.hasPrefix("/") else { continue }
            relative[package.name] = path
            // Only a uv.lock is asked by folder (once per workspace member); joining every path of
            // every Poetry lock (a project's whole closure) took a quarter of a 1,000-module scan.
            guard isUV else { continue }
            packages[index].folder = RelativePath.join(base, path)
            if let folder = packages[index].folder, byFolder[folder] == nil { byFolder[folder] = index }
        }
        localRoots = packages.filter { $0.path != nil && !depended.contains($0.name) }
    }

    private mutating func finish(
        _ entry: EntryScan, _ bytes: UnsafeBufferPointer<UInt8>, _ unknown: inout [(text: String, line: Int)]
    ) {
        if entry.unknown {
            let end = entry.end ?? bytes.count
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[entry.start..<end]), as: UTF8.self)
            unknown.append((text, entry.line))
        } else if let name = entry.name {
            let local = entry.type == nil || entry.type == "directory"
            packages.append(
                LockedPackage(
                    name: ModuleName(name), path: local ? entry.path : nil, folder: nil, editable: entry.editable,
                    line: entry.nameLine ?? entry.line, groups: entry.groups, dependencies: entry.dependencies))
        }
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
            packages.append(
                LockedPackage(
                    name: ModuleName(name), path: path, folder: nil, editable: editable,
                    line: (table["name"]?.line ?? 1) + offset,
                    groups: table["groups"]?.array?.compactMap(\.string) ?? [], dependencies: dependencies))
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

    func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return end - start >= count && memcmp(bytes.baseAddress! + start, prefix.utf8Start, count) == 0
    }

    /// The value of `key = "…"` when it is a basic string with no escape; `.some(nil)` when the
    /// line has the key but another kind of value; nil when the line is not that key.
    func quotedValue(of key: StaticString) -> String?? {
        guard starts(with: key) else { return nil }
        let from = start + key.utf8CodeUnitCount, to = end
        guard to - from >= 2, bytes[from] == UInt8(ascii: "\""), bytes[to - 1] == UInt8(ascii: "\"") else {
            return .some(nil)
        }
        let inner = UnsafeBufferPointer(rebasing: bytes[(from + 1)..<(to - 1)])
        guard !inner.contains(UInt8(ascii: "\\")), !inner.contains(UInt8(ascii: "\"")) else { return .some(nil) }
        return .some(String(decoding: inner, as: UTF8.self))
    }

    var text: String { String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }

    func ends(with byte: Character) -> Bool {
        var last = end
        while last > start && (bytes[last - 1] == UInt8(ascii: " ") || bytes[last - 1] == UInt8(ascii: "\t")) {
            last -= 1
        }
        return last > start && bytes[last - 1] == byte.asciiValue!
    }

    func trimmedStarts(with byte: Character) -> Bool {
        var first = start
        while first < end && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
        return first < end && bytes[first] == byte.asciiValue!
    }

    /// The strings of a one-line `key = ["a", "b"]` with no escapes; nil for anything else.
    var stringList: [String]? {
        guard let open = firstIndex(of: "[", from: start), end > open + 1, bytes[end - 1] == UInt8(ascii: "]"),
            firstIndex(of: "\\", from: start) == nil
        else { return nil }
        // `"a", "b"` splits at its quotes into "", a, ", ", b, "": the odd parts are the strings.
        var strings: [String] = []
        var part = 0, partStart = open + 1
        for index in (open + 1)..<(end - 1) where bytes[index] == UInt8(ascii: "\"") {
            if part % 2 == 1 { strings.append(string(partStart, index)) }
            part += 1
            partStart = index + 1
        }
        return part % 2 == 0 ? strings : nil
    }

    /// The key of `key = …` (bare or quoted) when the line starts with it, unindented.
    var leadingKey: String? {
        guard start < end else { return nil }
        let first = bytes[start]
        // A letter or digit of any script, or a quote: what a key may start with unindented.
        let isKeyStart =
            first >= 0x80 || first == UInt8(ascii: "\"") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || ((first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z"))
        guard isKeyStart, let equals = firstRange(of: " = ") else { return nil }
        var from = start, to = equals
        if to - from >= 2 && bytes[from] == UInt8(ascii: "\"") && bytes[to - 1] == UInt8(ascii: "\"") {
            from += 1
            to -= 1
        }
        return string(from, to)
    }

    /// The package an item line of a dependency array names: uv's `{ name = "x", … },`, or
    /// the name of PDM's PEP 508 string `"x>=1; marker",`.
    var dependencyName: String? {
        if let name = firstRange(of: "name = \"") {
            let from = name + 8
            return firstIndex(of: "\"", from: from).map { string(from, $0) }
        }
        guard let open = firstIndex(of: "\"", from: start), let close = firstIndex(of: "\"", from: open + 1) else {
            return nil
        }
        return PEP508Requirement(string(open + 1, close))?.name
    }

    private func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    private func firstIndex(of byte: Character, from: Int) -> Int? {
        guard from < end, let found = memchr(bytes.baseAddress! + from, Int32(byte.asciiValue!), end - from) else {
            return nil
        }
        return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
    }

    /// The offset where `needle` (ASCII, a few bytes) first starts in the line.
    private func firstRange(of needle: StaticString) -> Int? {
        let count = needle.utf8CodeUnitCount
        var from = start
        while let candidate = firstIndex(of: Character(UnicodeScalar(needle.utf8Start[0])), from: from) {
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
    var end: Int?
    var name: String?, path: String?, type: String?
    var nameLine: Int?
    var editable = false
    var groups: [String] = []
    var dependencies: [LockedDependency] = []
    /// A line of interest written another way: the entry is parsed as TOML instead.
    var unknown = false
    private var section = Section.package
    /// The open dependency array: its group, and whether it is an extra's.
    private var array: (group: String, optional: Bool)?

    private enum Section { case package, source, poetryDependencies, extras, devGroups, other }

    init(start: Int, line: Int) {
        self.start = start
        self.line = line
    }

    mutating func read(_ line: Line) {
        end = line.end
        if let open = array {
            if line.trimmedStarts(with: "]") {
                array = nil
            } else if let name = line.dependencyName {
                dependencies.append(
                    LockedDependency(
                        name: ModuleName(name), group: open.group, optional: open.optional, line: line.number))
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
            if let value = line.quotedValue(of: "name = ") {
                name = value
                nameLine = line.number
                unknown = unknown || value == nil
            }
            if line.starts(with: "source = ") {
                let source = (try? TOMLParser.parse(line.text))?["source"]?.table
                if source == nil { unknown = true }
                path = source?["editable"]?.string ?? source?["directory"]?.string ?? source?["virtual"]?.string
                editable = source?["editable"] != nil
            }
            if let value = line.quotedValue(of: "path = ") {  // pdm.lock
                path = value
                unknown = unknown || value == nil
            }
            if line.starts(with: "develop = true") || line.starts(with: "editable = true") { editable = true }
            if line.starts(with: "groups = ") {
                if let value = line.stringList { groups = value } else { unknown = true }
            }
            if line.starts(with: "dependencies = ") { openArray(line, group: "main", optional: false) }
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
                dependencies.append(
                    LockedDependency(name: ModuleName(key), group: "main", optional: false, line: line.number))
            }
        case .extras, .devGroups:
            if let key = line.leadingKey { openArray(line, group: key, optional: section == .extras) }
        case .other:
            break
        }
    }

    /// `key = [` opens a one-item-a-line array; any other value is parsed as TOML, or makes the entry unknown.
    private mutating func openArray(_ line: Line, group: String, optional: Bool) {
        if line.ends(with: "[") {
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
