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

    private static func stamp(_ path: String, root: String) -> FileStamp {
        var info = stat()
        let absolute = path.hasPrefix("/") ? path : path == "." ? root : "\(root)/\(path)"
        guard lstat(absolute, &info) == 0 else { return FileStamp(path: path, size: absentSize, modified: -1) }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
        return FileStamp(path: path, size: isFolder ? folderSize : Int64(info.st_size), modified: modified)
    }
}
