/// A path glob as `[tool.trellis]` and `[tool.uv.workspace]` use them: `*` and `?` stay within one
/// folder name, `**` spans any number of folders.
public struct Glob: Sendable, Hashable {
    private let parts: [Substring]

    public init(_ pattern: String) {
        parts = pattern.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    }

    /// True when the whole repository-relative `path` matches.
    public func matches(_ path: String) -> Bool {
        Self.match(parts[...], RelativePath.components(path)[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            for skip in 0...path.count where match(rest, path.dropFirst(skip)) { return true }
            return false
        }
        guard let name = path.first, matchName(Array(head.utf8)[...], Array(name.utf8)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func matchName(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        guard let p = pattern.first else { return name.isEmpty }
        switch p {
        case UInt8(ascii: "*"):
            for skip in 0...name.count where matchName(pattern.dropFirst(), name.dropFirst(skip)) { return true }
            return false
        case UInt8(ascii: "?"):
            return !name.isEmpty && matchName(pattern.dropFirst(), name.dropFirst())
        default:
            return name.first == p && matchName(pattern.dropFirst(), name.dropFirst())
        }
    }
}
