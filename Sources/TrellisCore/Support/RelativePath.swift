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
        if let clean = alreadyNormal(path) { return clean }
        // Over the bytes: splitting a String walks it Character by Character, and every path
        // dependency (`../../libs/x`) comes here.
        let dot = UInt8(ascii: ".")
        var parts: [Substring] = []
        for part in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if part.count == 1 && part.first == dot { continue }
            if part.count == 2 && part.first == dot && part.last == dot {
                if parts.isEmpty { return nil }
                parts.removeLast()
                continue
            }
            parts.append(Substring(part))
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The last component of `path` (a file's name), found from the end over the bytes.
    public static func lastComponent(of path: String) -> Substring {
        // A trailing `/` (a folder) keeps String's splitting, which skips empty components.
        guard path.utf8.last != UInt8(ascii: "/") else {
            return path.split(separator: "/").last ?? Substring(path)
        }
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
        return path[path.utf8.index(after: slash)...]
    }

    /// The path components (`.` has none).
    public static func components(_ path: String) -> [Substring] {
        // Over the bytes, as `normalize`: a String's own split walks it Character by Character.
        path == "." ? [] : path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }

    /// `path` without its leading `/` when no component is empty, `.` or `..` (the common case,
    /// checked on the bytes); nil when `normalize` must do the full work.
    private static func alreadyNormal(_ path: String) -> String? {
        let bytes = path.utf8
        guard let first = bytes.first, bytes.last != UInt8(ascii: "/") else { return nil }
        var previous = first == UInt8(ascii: "/") ? UInt8(ascii: "/") : 0
        for byte in bytes.dropFirst(first == UInt8(ascii: "/") ? 1 : 0) {
            let startsComponent = previous == UInt8(ascii: "/") || previous == 0
            if startsComponent && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")) { return nil }
            previous = byte
        }
        return first == UInt8(ascii: "/") ? String(path.dropFirst()) : path
    }
}
