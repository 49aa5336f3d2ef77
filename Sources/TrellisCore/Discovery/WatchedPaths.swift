import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folders and ignore files a listing depended on (`ManifestDiscovery.Listing.watched`),
/// stamped, so that a refresh can tell without listing the work tree again that it would find
/// the same files: creating, deleting or renaming an entry changes its folder's modification
/// time. Stored as `FileStamp`s with `size` -1 for a folder and -2 for a path that is absent.
public enum WatchedPaths {
    static let folderSize: Int64 = -1
    static let absentSize: Int64 = -2

    /// Stamps `paths` (repository-relative, or absolute) under `root`. A stamp at or after
    /// `listedAt` (less a second of slack for coarse clocks) is recorded as 0, "list again": the
    /// folder may have changed while it was being listed.
    public static func stamps(_ paths: [String], root: String, listedAt: Date) -> [FileStamp] {
        let limit = Int64((listedAt.timeIntervalSince1970 - 1) * 1_000_000_000)
        return parallelMap(paths) { path in
            var stamp = stamp(path, root: root)
            if stamp.modified >= limit { stamp.modified = 0 }
            return stamp
        }
    }

    /// True when every stamp in `stamps` (watched paths, and manifests, whose hash is not
    /// compared) still has its size and modification time; stops at the first difference.
    public static func unchanged(_ stamps: [FileStamp], root: String) -> Bool {
        let chunks = stride(from: 0, to: stamps.count, by: 512).map { $0..<min($0 + 512, stamps.count) }
        return !parallelMap(chunks) { range in
            stamps[range].contains { stored in
                let now = stamp(stored.path, root: root)
                return stored.modified == 0 || now.modified != stored.modified || now.size != stored.size
            }
        }.contains(true)
    }

    /// The stored form of `stamps` (migrations/0002): per entry size and modification time as
    /// 8-byte little-endian integers, the path, a NUL byte.
    public static func encode(_ stamps: [FileStamp]) -> Data {
        var data = Data()
        data.reserveCapacity(stamps.count * 64)
        for stamp in stamps {
            withUnsafeBytes(of: stamp.size.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: stamp.modified.littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: stamp.path.utf8)
            data.append(0)
        }
        return data
    }

    /// The stamps `encode` stored; a truncated entry ends the list.
    public static func decode(_ data: Data) -> [FileStamp] {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var stamps: [FileStamp] = []
            var offset = 0
            while offset + 16 < bytes.count {
                let size = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                let modified = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self))
                guard let end = bytes[(offset + 16)...].firstIndex(of: 0) else { break }
                let path = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(offset + 16)..<end]), as: UTF8.self)
                stamps.append(FileStamp(path: path, size: size, modified: modified))
                offset = end + 1
            }
            return stamps
        }
    }

    /// Stats as `FileStamp.stat` does (following links), so a manifest's stamp compares with the
    /// one its scan recorded.
    private static func stamp(_ path: String, root: String) -> FileStamp {
        let absolute = path.hasPrefix("/") ? path : path == "." ? root : "\(root)/\(path)"
        guard let info = fileStatus(absolute) else { return FileStamp(path: path, size: absentSize, modified: -1) }
        let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
        return FileStamp(
            path: path, size: isFolder ? folderSize : Int64(info.st_size), modified: modificationTime(info))
    }
}
