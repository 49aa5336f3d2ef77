import Foundation

/// Which process is writing a registry, and what it is doing: the file `<registry>.writer`,
/// written by the process holding SQLite's write lock (inside its `BEGIN IMMEDIATE`) and removed
/// when its transaction ends, so that a writer that waits too long can name the other one's work.
/// A note left by a process that was killed is ignored (its process is gone).
public enum WriterNote {
    /// The note's file for the registry at `path`.
    static func file(for path: String) -> String { "\(path).writer" }

    /// Records that this process does `work` on the registry at `path`. The note is written
    /// beside and renamed into place: a process that waits for the lock never reads it empty
    /// or half-written (ConcurrentRegistryTests stopped a writer between the two, and the other
    /// writer's message named no one).
    static func claim(path: String, work: String) {
        try? Data("\(getpid()) \(work)\n".utf8).write(to: URL(fileURLWithPath: file(for: path)), options: .atomic)
    }

    /// Removes this process's note.
    static func release(path: String) {
        let file = file(for: path)
        guard let note = read(file), note.pid == getpid() else { return }
        try? FileManager.default.removeItem(atPath: file)
    }

    /// What the process writing the registry at `path` said it does ("pid 4242: trellis scan"),
    /// or nil when no live process left a note.
    public static func holder(of path: String) -> String? {
        guard let note = read(file(for: path)), note.pid != getpid() else { return nil }
        guard kill(note.pid, 0) == 0 || errno == EPERM else { return nil }
        return "process \(note.pid): \(note.work)"
    }

    private static func read(_ file: String) -> (pid: pid_t, work: String)? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let pid = pid_t(parts[0]) else { return nil }
        return (pid, parts[1])
    }
}
