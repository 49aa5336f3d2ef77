import Foundation

/// A reproducible tar archive (POSIX ustar, with a pax header for a name or link target too long
/// for ustar's fields): entries in the order given, every owner root (0/0), every time the same.
/// Written to a sink as it goes, so a large context streams to `docker build -` without being
/// held in memory. The bytes depend only on the entries and `mtime`.
public struct TarArchive {
    /// One entry: a folder, a regular file (with its bytes read when written) or a symbolic link.
    public enum Entry: Equatable, Sendable {
        case directory(String)
        case file(String, executable: Bool, source: String)
        case symlink(String, target: String)

        /// The path inside the archive.
        public var path: String {
            switch self {
            case .directory(let path), .file(let path, _, _), .symlink(let path, _): path
            }
        }
    }

    /// 2000-01-01T00:00:00Z: a fixed time after 1980, since a zip file (a wheel built from the
    /// extracted files) cannot hold an earlier one; `SOURCE_DATE_EPOCH` overrides it.
    public static let defaultTime: Int = 946_684_800

    private let mtime: Int
    private let sink: (Data) throws -> Void

    public init(mtime: Int = TarArchive.defaultTime, sink: @escaping (Data) throws -> Void) {
        self.mtime = mtime
        self.sink = sink
    }

    /// Writes `entry`: its header(s), then a file's bytes padded to 512. A file that cannot be
    /// read throws, naming it.
    public func write(_ entry: Entry) throws {
        switch entry {
        case .directory(let path):
            try header(name: path.hasSuffix("/") ? path : path + "/", mode: 0o755, size: 0, type: "5")
        case .symlink(let path, let target):
            try header(name: path, mode: 0o777, size: 0, type: "2", link: target)
        case .file(let path, let executable, let source):
            guard let data = FileManager.default.contents(atPath: source) else {
                throw TarError.unreadable(source)
            }
            try header(name: path, mode: executable ? 0o755 : 0o644, size: data.count, type: "0")
            try sink(data)
            try pad(data.count)
        }
    }

    /// The end of the archive: two zero blocks.
    public func finish() throws { try sink(Data(count: 1024)) }

    private func pad(_ count: Int) throws {
        let rest = count % 512
        if rest != 0 { try sink(Data(count: 512 - rest)) }
    }

    /// A ustar header, preceded by a pax header when the name or the link target does not fit.
    private func header(name: String, mode: Int, size: Int, type: Character, link: String = "") throws {
        let split = Self.split(Array(name.utf8))
        let linkBytes = Array(link.utf8)
        if split == nil || linkBytes.count > 100 {
            var records = Data()
            if split == nil { records.append(Self.paxRecord("path", name)) }
            if linkBytes.count > 100 { records.append(Self.paxRecord("linkpath", link)) }
            try sink(
                block(name: Array("PaxHeader".utf8), prefix: [], mode: 0o644, size: records.count, type: "x", link: []))
            try sink(records)
            try pad(records.count)
        }
        let (prefix, short) = split ?? ([], Array(Array(name.utf8).suffix(100)))
        try sink(
            block(name: short, prefix: prefix, mode: mode, size: size, type: type, link: Array(linkBytes.prefix(100))))
    }

    /// One 512-byte header block.
    private func block(name: [UInt8], prefix: [UInt8], mode: Int, size: Int, type: Character, link: [UInt8]) -> Data {
        var bytes = [UInt8](repeating: 0, count: 512)
        func put(_ value: [UInt8], at offset: Int) {
            for (index, byte) in value.enumerated() { bytes[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(mode, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(mtime, width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        put([type.asciiValue!], at: 156)
        put(link, at: 157)
        put(Array("ustar\u{0}00".utf8), at: 257)
        put(Array("root".utf8), at: 265)
        put(Array("root".utf8), at: 297)
        put(prefix, at: 345)
        let sum = bytes.reduce(0) { $0 + Int($1) }
        put(
            Array((String(repeating: "0", count: 6 - String(sum, radix: 8).count) + String(sum, radix: 8)).utf8) + [
                0, 32,
            ], at: 148)
        return Data(bytes)
    }

    /// ustar's two name fields: a name of at most 100 bytes alone, or a prefix of at most 155
    /// bytes and a name of at most 100 split at a `/`; nil when neither fits.
    static func split(_ name: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        if name.count <= 100 { return ([], name) }
        for index in name.indices.reversed() where name[index] == UInt8(ascii: "/") {
            let prefix = Array(name[..<index]), rest = Array(name[(index + 1)...])
            if prefix.count <= 155 && rest.count <= 100 && !rest.isEmpty { return (prefix, rest) }
        }
        return nil
    }

    /// A pax record, `"<length> key=value\n"`, whose length counts its own digits.
    public static func paxRecord(_ key: String, _ value: String) -> Data {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count > length { length += 1 }
        return Data("\(length)\(body)".utf8)
    }
}

/// Why an archive could not be written.
public enum TarError: Error, CustomStringConvertible {
    case unreadable(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        }
    }
}
