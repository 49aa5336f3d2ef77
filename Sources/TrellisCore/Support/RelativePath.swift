/// Repository-relative paths with `/` separators: `.` is the root, and no path leaves it.
public enum RelativePath {
    /// The folder holding `path` (`libs/a/pyproject.toml` → `libs/a`; `pyproject.toml` → `.`).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    /// Joins and normalizes, resolving `.` and `..`; nil when the result escapes the root.
    public static func join(_ folder: String, _ relative: String) -> String? {
        normalize(folder == "." ? relative : "\(folder)/\(relative)")
    }

    /// Resolves `.` and `..` components; nil when the path climbs above the root.
    public static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The path components (`.` has none).
    public static func components(_ path: String) -> [Substring] {
        path == "." ? [] : path.split(separator: "/")
    }
}
