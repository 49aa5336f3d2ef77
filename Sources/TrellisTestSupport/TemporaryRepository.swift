import Foundation
import TrellisCore

/// A folder under the system's temporary directory, filled with files by a test and removed
/// when the test drops it.
public final class TemporaryRepository: @unchecked Sendable {
    /// Absolute path, symlinks resolved (so it compares equal to what Trellis computes).
    public let root: String

    /// Creates an empty folder, then writes `files` (repository-relative path → content).
    public init(_ files: [String: String] = [:], prefix: String = "trellis-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        let folder = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        root = folder.path
        try write(files)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes (or overwrites) files, creating their folders.
    public func write(_ files: [String: String]) throws {
        for (path, content) in files {
            let url = URL(fileURLWithPath: "\(root)/\(path)")
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    /// Copies a folder's content (such as `Examples/ml-monorepo`) into this repository.
    public func copy(from source: String, to subfolder: String = ".") throws {
        let destination = subfolder == "." ? root : "\(root)/\(subfolder)"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name != ".trellis" {
            try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: "\(destination)/\(name)")
        }
    }

    /// Runs git in the repository with a fixed identity and dates, failing loudly when git fails.
    @discardableResult
    public func git(_ arguments: String..., date: String = "2026-01-01T12:00:00Z") throws -> String {
        let environment = [
            "GIT_AUTHOR_NAME=Alice Example", "GIT_AUTHOR_EMAIL=alice@example.com", "GIT_AUTHOR_DATE=\(date)",
            "GIT_COMMITTER_NAME=Alice Example", "GIT_COMMITTER_EMAIL=alice@example.com", "GIT_COMMITTER_DATE=\(date)",
        ]
        let result = try Subprocess.run(
            environment + ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + arguments, in: root)
        guard result.status == 0 else {
            throw TestSupportError.commandFailed("git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.output
    }

    /// `git init`, add everything, commit.
    public func commitAll(_ message: String = "Initial commit") throws {
        try git("init", "-q")
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }
}

public enum TestSupportError: Error, CustomStringConvertible {
    case commandFailed(String)
    case missing(String)
    public var description: String {
        switch self {
        case .commandFailed(let message), .missing(let message): message
        }
    }
}
