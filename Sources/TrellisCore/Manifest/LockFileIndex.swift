import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The local-folder packages a lock file records, by name: `poetry.lock` `[package.source] type =
/// "directory"` and `uv.lock` `source = { editable = … }`/`{ directory = … }`. Their paths are
/// relative to the lock file's folder, so they survive a clone to another folder where the
/// absolute `file://` URLs in `pyproject.toml` do not.
public struct LockFileIndex: Sendable {
    /// The lock file, relative to the repository root.
    public var file: String
    /// Package name → its folder as written, relative to the lock file's folder.
    private var relative: [ModuleName: String] = [:]

    /// Package name → folder, relative to the repository root (absent when it leaves the root).
    public var folders: [ModuleName: String] {
        relative.keys.reduce(into: [:]) { folders, name in folders[name] = folder(of: name) }
    }

    /// The folder of the local package `name`, relative to the repository root.
    public func folder(of name: ModuleName) -> String? {
        relative[name].flatMap { RelativePath.join(RelativePath.parent(of: file), $0) }
    }

    /// Reads `text`, the content of the lock file at `file`. Each `[[package]]` entry is read
    /// line by line on the bytes (a lock file is machine-written), and parsed as TOML only when a
    /// line of interest is not what Poetry or uv write. Parsing whole lock files as TOML took 16
    /// of the 20 s a 10,000-module Poetry 2 repository took to scan once cloned to another
    /// folder (646 lock files, 124 MB: every local package of each project's closure).
    public init(file: String, text: String) {
        self.file = file
        var text = text
        var unknown: [String] = []
        text.withUTF8 { bytes in
            var lines = Lines(bytes)
            var entry: EntryScan?
            while let line = lines.next() {
                if line.starts(with: "[[package]]") {
                    if let done = entry { finish(done, bytes, &unknown) }
                    entry = EntryScan(start: line.start)
                } else if entry != nil {
                    entry!.read(line)
                }
            }
            if let done = entry { finish(done, bytes, &unknown) }
        }
        for entry in unknown { readAsTOML(entry) }
    }

    private mutating func finish(_ entry: EntryScan, _ bytes: UnsafeBufferPointer<UInt8>, _ unknown: inout [String]) {
        if entry.unknown {
            let end = entry.end ?? bytes.count
            unknown.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[entry.start..<end]), as: UTF8.self))
        } else if let name = entry.name, let path = entry.path, entry.type == nil || entry.type == "directory" {
            record(name, path)
        }
    }

    private mutating func readAsTOML(_ entry: String) {
        for case let table? in ((try? TOMLParser.parse(entry))?["package"]?.array ?? []).map(\.table) {
            guard let name = table["name"]?.string, let source = table["source"]?.table else { continue }
            let path =
                source["type"]?.string == "directory"
                ? source["url"]?.string  // poetry.lock
                : source["editable"]?.string ?? source["directory"]?.string  // uv.lock
            if let path { record(name, path) }
        }
    }

    private mutating func record(_ name: String, _ path: String) {
        if !path.hasPrefix("/") { relative[ModuleName(name)] = path }
    }
}

/// One line of a byte buffer, without its line break.
private struct Line {
    let bytes: UnsafeBufferPointer<UInt8>
    let start: Int, end: Int

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
}

/// The lines of a byte buffer (`\n` or `\r\n`), found with `memchr`.
private struct Lines {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

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
        return Line(bytes: bytes, start: start, end: end)
    }
}

/// What one `[[package]]` entry says so far: `name = "…"`, then Poetry's `[package.source]`
/// `type` and `url`, or uv's `source = { editable = "…" }` / `{ directory = "…" }`.
private struct EntryScan {
    let start: Int
    var end: Int?
    var name: String?, path: String?, type: String?
    /// A line of interest written another way: the entry is parsed as TOML instead.
    var unknown = false
    private var section = Section.package

    private enum Section { case package, source, other }

    init(start: Int) { self.start = start }

    mutating func read(_ line: Line) {
        end = line.end
        if line.starts(with: "[") {
            section = line.starts(with: "[package.source]") ? .source : .other
            return
        }
        switch section {
        case .package:
            if let value = line.quotedValue(of: "name = ") {
                name = value
                unknown = unknown || value == nil
            }
            if line.starts(with: "source = ") {
                let source = (try? TOMLParser.parse(line.text))?["source"]?.table
                if source == nil { unknown = true }
                path = source?["editable"]?.string ?? source?["directory"]?.string
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
        case .other:
            break
        }
    }
}

/// Lock files parsed once per content: a history import resolves every commit, and most commits
/// change no lock file. Safe to share: `SnapshotResolver` is `Sendable` and holds one; a lock is
/// taken once per lock file a resolution reads (`ManifestResolver` keeps what it asked for).
public final class LockFileCache: Sendable {
    // `Mutex` (Synchronization) needs macOS 15; the package supports macOS 13.
    private let lock = NSLock()
    nonisolated(unsafe) private var entries: [String: (text: String, index: LockFileIndex)] = [:]

    public init() {}

    /// The index of the lock file at `file` whose content is `text`, parsed only when the content
    /// changed (outside the lock: two resolutions may parse one file at once, and both are right).
    public func index(file: String, text: String) -> LockFileIndex? {
        if let entry = lock.withLock({ entries[file] }), entry.text == text { return entry.index }
        let index = LockFileIndex(file: file, text: text)
        lock.withLock { entries[file] = (text, index) }
        return index
    }
}
