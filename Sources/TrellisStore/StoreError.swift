import GRDB

/// Why the registry database could not answer.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    /// The file is not an SQLite database, or SQLite found it damaged (truncated, pages overwritten).
    case damaged(path: String, reason: String)
    case newerSchema(path: String, unknown: [String])
    case busy(path: String)
    /// The disk (or the quota) is full: the write was rolled back, the last snapshot is kept.
    case full(path: String)
    case database(path: String, reason: String)

    /// What to do about a damaged registry, in every message that reports one.
    public static let recoveryAdvice =
        "`trellis doctor` names the damage; `trellis scan --rebuild` builds the registry again from the manifests "
        + "(keeping this file as .damaged-<stamp>), then `trellis import-git` records the history again"

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the registry \(path): \(reason)"
        case .damaged(let path, let reason):
            "the registry \(path) is damaged (\(reason)); it was not modified. \(Self.recoveryAdvice)"
        case .newerSchema(let path, let unknown):
            "the registry \(path) was written by a newer Trellis (schema \(unknown.joined(separator: ", "))); it was not modified. Upgrade Trellis or use another --db"
        case .busy(let path):
            "the registry \(path) is locked by another Trellis process (a scan is writing it); try again when it finishes"
        case .full(let path):
            "the registry \(path) could not be written: the disk is full; nothing was recorded and the last snapshot is kept. Free some space and run the command again"
        case .database(let path, let reason):
            "the registry \(path) could not be read: \(reason)"
        }
    }

    /// The registry file the error is about.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .damaged(let path, _), .newerSchema(let path, _), .busy(let path),
            .full(let path), .database(let path, _):
            path
        }
    }

    /// Wraps a GRDB error with the database path, telling a busy database from a broken one.
    static func wrap(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
            case .SQLITE_FULL: return .full(path: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .damaged(path: path, reason: error.message ?? "\(error.resultCode)")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
                return .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
            default:
                // SQLITE_IOERR_WRITE and friends when a disk fills during a checkpoint or fsync.
                if error.extendedResultCode.primaryResultCode == .SQLITE_FULL { return .full(path: path) }
                return .database(path: path, reason: error.message ?? "\(error)")
            }
        }
        return .database(path: path, reason: "\(error)")
    }
}
