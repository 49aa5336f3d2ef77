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

    /// FNV-1a 64-bit hash of `bytes`, in hex: cheap, and enough to tell a touched file from an edited one.
    public static func hash(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // Over contiguous storage when there is one (Data, [UInt8]): no per-byte iterator calls.
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        if done == nil {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
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
