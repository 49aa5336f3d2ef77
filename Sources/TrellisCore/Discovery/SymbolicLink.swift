import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A listed file that is a symbolic link out of the repository (`pyproject.toml -> /etc/passwd`,
/// a requirements file linked to a home folder) is never opened: discovery does not enter linked
/// folders, and the readers check every file that is a link before they open it.
enum SymbolicLink {
    /// Where the file at `absolutePath` leads when it is a symbolic link whose target lies outside
    /// `root` (symlinks of both resolved); nil for a file that is no link, a link that stays
    /// inside, and a link that leads nowhere (dangling, or a loop: opening it fails anyway).
    /// One `lstat` when the file is no link.
    static func outsideTarget(of absolutePath: String, root: String) -> String? {
        var info = stat()
        guard lstat(absolutePath, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        return outsideTarget(ofLink: absolutePath, root: root)
    }

    /// `outsideTarget(of:root:)` for a path `lstat` already showed to be a link.
    static func outsideTarget(ofLink absolutePath: String, root: String) -> String? {
        guard let target = resolved(absolutePath) else { return nil }
        let base = resolved(root) ?? root
        return target == base || target.hasPrefix(base.hasSuffix("/") ? base : base + "/") ? nil : target
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
