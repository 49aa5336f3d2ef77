import Foundation

/// ISO 8601 date-times as the registry stores them (`2026-11-25T18:03:18Z`) and git writes them
/// (`2024-01-02T10:00:00+01:00`). Foundation's format style, a value: making an
/// `ISO8601DateFormatter` costs about 0.2 ms, which an import recording 2,000 commits or a
/// `history` listing them paid once per snapshot.
public enum Timestamp {
    /// `date` in UTC, to the second.
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// The moment `text` names, or nil when it is not an ISO 8601 date-time with a time zone.
    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
