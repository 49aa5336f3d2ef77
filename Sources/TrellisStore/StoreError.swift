import GRDB

/// Why the registry database could not answer.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case newerSchema(path: String, unknown: [String])
    case busy(path: String)
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the registry \(path): \(reason)"
        case .newerSchema(let path, let unknown):
            "the registry \(path) was written by a newer Trellis (schema \(unknown.joined(separator: ", "))); it was not modified. Upgrade Trellis or use another --db"
        case .busy(let path):
            "the registry \(path) is locked by another Trellis process (a scan is writing it); try again when it finishes"
        case .database(let path, let reason):
            "the registry \(path) could not be read: \(reason)"
        }
    }

    /// Wraps a GRDB error with the database path, telling a busy database from a broken one.
    static func wrap(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
                return .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
            default: return .database(path: path, reason: error.message ?? "\(error)")
            }
        }
        return .database(path: path, reason: "\(error)")
    }
}
