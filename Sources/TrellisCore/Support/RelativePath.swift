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
        // Over the bytes, into one buffer (a component is dropped back to its `/`): every path
        // dependency (`../../libs/x`) comes here, and splitting into Substrings cost six
        // allocations a path.
        var path = path
        return path.withUTF8 { bytes -> String? in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == slash {
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count && bytes[end] != slash { end += 1 }
                if end - index == 1 && bytes[index] == dot {
                    // `.`: nothing.
                } else if end - index == 2 && bytes[index] == dot && bytes[index + 1] == dot {
                    if out.isEmpty { return nil }
                    out.removeSubrange((out.lastIndex(of: slash) ?? 0)...)
                } else {
                    if !out.isEmpty { out.append(slash) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                }
                index = end
            }
            return out.isEmpty ? "." : String(decoding: out, as: UTF8.self)
        }
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
