import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads blobs through one long-lived `git cat-file --batch`, instead of one process per file.
public final class GitObjectReader {
    private let process: Process
    private let input: FileHandle
    private let output: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    /// Starts `git cat-file --batch` in `root`.
    public init(root: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = GitCommand.git + ["cat-file", "--batch"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let inPipe = Pipe(), outPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Subprocess.Failure.cannotStart("git cat-file", "\(error)")
        }
        input = inPipe.fileHandleForWriting
        output = outPipe.fileHandleForReading.fileDescriptor
    }

    deinit {
        try? input.close()
        process.waitUntilExit()
    }

    /// The content of `object` (`<commit>:<path>`), or nil when it does not exist.
    public func read(_ object: String) throws -> Data? {
        input.write(Data((object + "\n").utf8))
        let header = try readLine()
        // "<sha> blob <size>" or "<object> missing"
        let parts = header.split(separator: " ")
        guard parts.count == 3, let size = Int(parts[2]) else { return nil }
        let content = try readBytes(size)
        _ = try readBytes(1)  // the newline after the content
        return content
    }

    private func fill() throws {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, 65536) }
        guard count > 0 else { throw GitError.unexpectedEnd }
        buffer.append(contentsOf: chunk[0..<count])
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return line
            }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws -> Data {
        while buffer.count - start < count { try fill() }
        let data = Data(buffer[start..<(start + count)])
        start += count
        return data
    }
}

/// Why reading git failed.
public enum GitError: Error, CustomStringConvertible {
    case unexpectedEnd
    case command(String, String)
    case notARepository(String)
    case unknownRevision(String)

    public var description: String {
        switch self {
        case .unexpectedEnd: "git cat-file stopped answering"
        case .command(let command, let message): "\(command) failed: \(message)"
        case .notARepository(let root): "\(root) is not inside a git work tree"
        case .unknownRevision(let revision): "unknown git revision '\(revision)'"
        }
    }
}
