import Foundation

/// Git-style glob patterns as Hatch's `include`/`exclude` options use them (the `pathspec`
/// library's "gitwildmatch"): a pattern with no `/` but a trailing one matches a name at any
/// depth, one with a `/` is anchored at the project's folder (`/tests`, `src/pkg/*.py`); `*`,
/// `?` and `[...]` match within one path part, `**` any number of parts; a pattern that matches a
/// folder selects everything in it; `!` re-excludes, the last matching pattern deciding.
enum GitWildMatch {
    /// Whether `patterns` select the file at `path` (relative, `/`-separated).
    static func selects(_ patterns: [String], _ path: String) -> Bool {
        var selected = false
        for raw in patterns {
            var pattern = Substring(raw)
            let negated = pattern.hasPrefix("!")
            if negated { pattern = pattern.dropFirst() }
            if matches(String(pattern), path) { selected = !negated }
        }
        return selected
    }

    /// Whether the glob characters `*?[` occur in `text`.
    static func isGlob(_ text: String) -> Bool { text.contains { "*?[!".contains($0) } }

    /// Whether `pattern` matches the file at `path` or one of the folders holding it.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var text = Substring(pattern.trimmingCharacters(in: .whitespaces))
        guard !text.isEmpty, !text.hasPrefix("#") else { return false }
        let folderOnly = text.hasSuffix("/")
        while text.hasSuffix("/") { text = text.dropLast() }
        var anchored = text.hasPrefix("/")
        while text.hasPrefix("/") { text = text.dropFirst() }
        if text.contains("/") { anchored = true }
        let segments = text.split(separator: "/").map { Array($0.utf8) }
        let parts = path.split(separator: "/").map { Array($0.utf8) }
        guard !segments.isEmpty, !parts.isEmpty else { return false }
        for count in 1...parts.count {
            if folderOnly && count == parts.count { continue }
            let entry = parts[0..<count]
            if anchored {
                if matchSegments(segments[...], entry) { return true }
            } else if segments.count == 1, matchPart(segments[0][...], entry.last![...]) {
                return true
            }
        }
        return false
    }

    private static func matchSegments(_ segments: ArraySlice<[UInt8]>, _ parts: ArraySlice<[UInt8]>) -> Bool {
        guard let first = segments.first else { return parts.isEmpty }
        if first == Array("**".utf8) {
            return matchSegments(segments.dropFirst(), parts)
                || (!parts.isEmpty && matchSegments(segments, parts.dropFirst()))
        }
        guard let part = parts.first, matchPart(first[...], part[...]) else { return false }
        return matchSegments(segments.dropFirst(), parts.dropFirst())
    }

    /// `fnmatch` of one path part: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`.
    private static func matchPart(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        switch head {
        case UInt8(ascii: "*"):
            var rest = text
            while true {
                if matchPart(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case UInt8(ascii: "?"):
            return !text.isEmpty && matchPart(pattern.dropFirst(), text.dropFirst())
        case UInt8(ascii: "["):
            guard let byte = text.first, let close = pattern.dropFirst(2).firstIndex(of: UInt8(ascii: "]")) else {
                return !text.isEmpty && text.first == head && matchPart(pattern.dropFirst(), text.dropFirst())
            }
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
            if negated { set = set.dropFirst() }
            var found = false
            var index = set.startIndex
            while index < set.endIndex {
                if index + 2 < set.endIndex, set[index + 1] == UInt8(ascii: "-") {
                    if set[index] <= byte && byte <= set[index + 2] { found = true }
                    index += 3
                } else {
                    if set[index] == byte { found = true }
                    index += 1
                }
            }
            return found != negated && matchPart(pattern[(close + 1)...], text.dropFirst())
        default:
            return text.first == head && matchPart(pattern.dropFirst(), text.dropFirst())
        }
    }
}
