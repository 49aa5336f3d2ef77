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

    /// The entries of `encoded` (the form `encode` writes) whose size or modification time
    /// differ now, with their stamps now, in order; an entry recorded as 0 ("list again") always
    /// differs. With `firstOnly`, a chunk stops at its first difference: enough to tell that
    /// something moved. Each path is stat'ed once, relative to an open `root` (the kernel walks
    /// only the relative part), straight from the bytes: no string is made for an unchanged
    /// entry. Nil when `root` cannot be opened.
    public static func moved(in encoded: UnsafeRawBufferPointer, root: String, firstOnly: Bool) -> [FileStamp]? {
        let folder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return nil }
        defer { close(folder) }
        guard let base = encoded.baseAddress else { return [] }
        let starts = entryOffsets(encoded)
        let chunks = stride(from: 0, to: starts.count, by: 512).map { $0..<min($0 + 512, starts.count) }
        return parallelMap(chunks) { range in
            var moved: [FileStamp] = []
            for start in starts[range] {
                let size = Int64(littleEndian: encoded.loadUnaligned(fromByteOffset: start, as: Int64.self))
                let modified = Int64(littleEndian: encoded.loadUnaligned(fromByteOffset: start + 8, as: Int64.self))
                let path = (base + start + 16).assumingMemoryBound(to: CChar.self)
                let now = stamp(at: path, in: folder)
                guard modified == 0 || now.modified != modified || now.size != size else { continue }
                moved.append(FileStamp(path: String(cString: path), size: now.size, modified: now.modified))
                if firstOnly { break }
            }
            return moved
        }.flatMap { $0 }
    }

    /// Where each entry of `encoded` starts; a truncated entry ends the list, as in `decode`.
    private static func entryOffsets(_ encoded: UnsafeRawBufferPointer) -> [Int] {
        var starts: [Int] = []
        var offset = 0
        guard let base = encoded.baseAddress else { return [] }
        while offset + 16 < encoded.count {
            guard let end = memchr(base + offset + 16, 0, encoded.count - offset - 16) else { break }
            starts.append(offset)
            offset = base.distance(to: UnsafeRawPointer(end)) + 1
        }
        return starts
    }

    /// Size (a folder's as `folderSize`, a missing path's as `absentSize`) and modification time
    /// of `path`, relative to the open folder `folder` unless absolute, following links as `stamp` does.
    private static func stamp(at path: UnsafePointer<CChar>, in folder: Int32) -> (size: Int64, modified: Int64) {
        var info = stat()
        guard fstatat(folder, path, &info, 0) == 0 else { return (absentSize, -1) }
        let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
        return (isFolder ? folderSize : Int64(info.st_size), modificationTime(info))
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
