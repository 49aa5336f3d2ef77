import Foundation

/// What `--at` names: a snapshot (`#12`), a date (`2025-01-01`, `2025-01-01T12:00:00Z`), or a git revision.
public enum SnapshotSelector: Equatable, Sendable {
    case snapshot(Int64)
    /// The end of the named moment: a bare date means the end of that day, UTC.
    case date(Date)
    case revision(String)

    /// Reads a selector as a person writes it.
    public init(_ text: String) {
        if let id = Int64(text.drop { $0 == "#" }), text.hasPrefix("#") {
            self = .snapshot(id)
        } else if text.hasPrefix("snapshot:"), let id = Int64(text.dropFirst("snapshot:".count)) {
            self = .snapshot(id)
        } else if let date = Self.parseDate(text) {
            self = .date(date)
        } else {
            self = .revision(text)
        }
    }

    /// `YYYY-MM-DD` (end of that day, UTC) or a full ISO 8601 date-time.
    public static func parseDate(_ text: String) -> Date? {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        if text.count == 10, let start = day.date(from: text) { return start.addingTimeInterval(86_399) }
        return Timestamp.date(text)
    }
}
