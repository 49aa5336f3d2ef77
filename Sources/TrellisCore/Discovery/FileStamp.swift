import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the freshness check remembers of one manifest file: a change of size or modification
/// time makes it read the file again, and only a change of content hash counts as a change.
public struct FileStamp: Hashable, Sendable {
    /// Repository-relative path.
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var modified: Int64
    /// FNV-1a 64 of the content, in hex; empty until the file is read.
    public var hash: String

    public init(path: String, size: Int64, modified: Int64, hash: String = "") {
        self.path = path
        self.size = size
        self.modified = modified
        self.hash = hash
    }

    /// Stats `absolutePath`; nil when it is not a regular file.
    public static func stat(_ path: String, absolutePath: String) -> FileStamp? {
        guard let info = fileStatus(absolutePath), (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(path: path, size: Int64(info.st_size), modified: modificationTime(info))
    }

    /// A 64-bit hash of `bytes`, in hex: cheap, and enough to tell a touched file from an edited
    /// one. FNV-1a's step (xor, multiply by its prime) over 8-byte words, each followed by an
    /// xor-shift so that high bits reach the low ones: a cold scan hashes every lock file (124 MB
    /// at 10,000 modules), and byte by byte that cost 1.5 ns a byte.
    public static func hash(_ bytes: some ContiguousBytes) -> String {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset + 8 <= buffer.count {
                hash ^= UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash = hash &* prime
                hash ^= hash >> 29
                offset += 8
            }
            while offset < buffer.count {
                hash ^= UInt64(buffer[offset])
                hash = hash &* prime
                offset += 1
            }
            hash ^= UInt64(buffer.count)
            hash = hash &* prime
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// `stat(2)`, following symbolic links; nil when the file cannot be read.
func fileStatus(_ path: String) -> stat? {
    var info = stat()
    return stat(path, &info) == 0 ? info : nil
}

/// The modification time of `info`, in nanoseconds since 1970.
func modificationTime(_ info: stat) -> Int64 {
    Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
}
