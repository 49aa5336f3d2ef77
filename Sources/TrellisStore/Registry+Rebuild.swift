import Foundation
import TrellisCore

extension Registry {
    /// What `scan --rebuild` did.
    public struct RebuildReport: Sendable {
        /// The whole scan recorded in the new registry.
        public var scan: ScanReport
        /// Where the file it replaced is kept (`<registry>.damaged-<stamp>`), nil when there was none.
        public var kept: String?
    }

    /// Builds the registry at `path` again from the manifests, for a registry that is damaged or
    /// of another schema: a new file beside it (`<registry>.rebuild-<pid>`) gets a whole scan and
    /// is closed (its WAL checkpointed), then renamed over the old one in one step, so the
    /// registry is always one complete file. The file it replaces is kept first as
    /// `<registry>.damaged-<stamp>` (a hard link, with its `-wal` moved beside it). The history
    /// imported from git is not in the new registry: `import-git` records it again. When the
    /// scan fails, the new file is removed and the old one is left as it was.
    public static func rebuild(path: String, scanner: RepositoryScanner, now: Date = Date()) throws -> RebuildReport {
        let files = FileManager.default
        let fresh = "\(path).rebuild-\(getpid())"
        let sidecars = ["", "-wal", "-shm", "-journal"]
        func remove(_ base: String) { for suffix in sidecars { try? files.removeItem(atPath: base + suffix) } }
        remove(fresh)
        let report: ScanReport
        do {
            let store = try RegistryStore(path: fresh)
            report = try Registry(store: store, scanner: scanner).scan(full: true)
            try store.close()
        } catch {
            remove(fresh)
            throw error
        }
        var kept: String?
        if files.fileExists(atPath: path) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            let copy = "\(path).damaged-\(formatter.string(from: now))"
            remove(copy)
            guard link(path, copy) == 0 || (try? files.copyItem(atPath: path, toPath: copy)) != nil else {
                remove(fresh)
                throw StoreError.cannotOpen(path: copy, reason: String(cString: strerror(errno)))
            }
            // The old WAL must not meet the new file: SQLite would replay it into it.
            if files.fileExists(atPath: path + "-wal") {
                try? files.moveItem(atPath: path + "-wal", toPath: copy + "-wal")
            }
            try? files.removeItem(atPath: path + "-shm")
            kept = copy
        }
        guard rename(fresh, path) == 0 else {
            let reason = String(cString: strerror(errno))
            remove(fresh)
            throw StoreError.cannotOpen(path: path, reason: "cannot replace it with the rebuilt registry: \(reason)")
        }
        return RebuildReport(scan: report, kept: kept)
    }
}
