import Foundation
import TrellisCore

/// A real terminal for tests: a detached tmux session of a given size running one command, on a
/// server of its own (`tmux -L`, no configuration file), so tests never touch anyone's tmux.
/// Keys are typed with `send-keys` and the screen read back with `capture-pane`.
public final class TmuxSession: @unchecked Sendable {
    private let socket: String
    public let width: Int

    /// Starts `command` (run by tmux's `sh -c`) in a `width` × `height` window, in `directory`.
    public init(width: Int, height: Int = 40, command: String, in directory: String) throws {
        socket = "trellis-test-\(UUID().uuidString.prefix(8))"
        self.width = width
        let status = Self.spawnClean([
            "tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "test", "-x", String(width), "-y",
            String(height), "-c", directory, command,
        ])
        guard status == 0 else { throw TestSupportError.commandFailed("tmux new-session exited \(status)") }
        // The window keeps its size even without a client attached.
        try tmux("set-option", "-t", "test", "window-size", "manual")
        try tmux("resize-window", "-t", "test", "-x", String(width), "-y", String(height))
    }

    deinit {
        _ = try? Subprocess.run(["tmux", "-L", socket, "kill-server"])
    }

    /// True when tmux is installed.
    public static var isAvailable: Bool { ProjectPaths.which("tmux") != nil }

    /// Types `text` as it is (no key names).
    public func type(_ text: String) throws { try tmux("send-keys", "-t", "test", "-l", text) }

    /// Presses keys by tmux's names (`Tab`, `Enter`, `C-c`).
    public func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "test"] + keys) }

    /// The visible screen, one string per row, trailing blanks trimmed by tmux.
    /// With `escapes`, each row keeps the escape sequences of its colours and attributes (`capture-pane -e`).
    public func screen(escapes: Bool = false) throws -> [String] {
        try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", "test"])
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Reads the screen until `condition` holds on it and returns that screen; throws with the last
    /// screen when it never does (the shell or the command is stuck, not slow: the bound is generous).
    @discardableResult
    public func waitUntil(_ what: String, _ condition: ([String]) -> Bool) throws -> [String] {
        var last: [String] = []
        for _ in 0..<600 {
            last = try screen()
            if condition(last) { return last }
            usleep(50_000)
        }
        throw TestSupportError.commandFailed(
            "tmux: the screen never showed \(what):\n" + last.joined(separator: "\n"))
    }

    /// Runs `arguments` (looked up on PATH) to its end as a fresh process would start: standard
    /// streams on /dev/null, no other descriptor, no blocked signal. The tmux server it starts
    /// inherits all three, and this process has them otherwise (Foundation's Process hands its
    /// child a descriptor it waits on, the test runner's threads block most signals), so the server
    /// would keep Process waiting and ignore SIGTERM and SIGHUP, its panes too.
    private static func spawnClean(_ arguments: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // Every other descriptor open now (glibc skips one closed meanwhile).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    @discardableResult
    private func tmux(_ arguments: String...) throws -> String { try tmux(arguments) }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try Subprocess.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
        guard result.status == 0 else {
            throw TestSupportError.commandFailed("tmux \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.output
    }
}
