import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: a registry this user cannot write (another user's file, or a file in another
/// user's folder, as a CI cache restored by another job can be) answers read commands with
/// `--no-refresh`, and without it says why it cannot refresh. Root writes any file, so the
/// commands run as `nobody` (setpriv) when the tests run as root, as in CI. The read-only file
/// system is in DamagedRegistryTests.
@Suite(.serialized) struct ReadOnlyRegistryTests {
    let repository: TemporaryRepository
    /// The registry's folder, outside the repository (as a CI cache is): the owner's scan
    /// creating it changes no folder the repository's freshness check watches.
    let cache: TemporaryRepository
    var folder: String { cache.root }
    var db: String { "\(folder)/registry.sqlite" }

    init() throws {
        var files: [String: String] = [:]
        for index in 0..<4 {
            let dependencies = index == 0 ? [] : ["m\(index - 1) = { path = \"../m\(index - 1)\" }"]
            files["libs/m\(index)/pyproject.toml"] = poetry("m\(index)", dependencies: dependencies)
        }
        repository = try TemporaryRepository(files, prefix: "trellis-readonly")
        cache = try TemporaryRepository(prefix: "trellis-readonly-cache")
    }

    /// Runs `trellis` as another user than the registry's owner: `nobody` under root, or this
    /// user (whose registry was made read-only with chmod) otherwise. Nil when it cannot.
    func asAnotherUser(_ arguments: [String]) throws -> Subprocess.Result? {
        guard let binary = ProjectPaths.trellisBinary else { return nil }
        var command = [binary] + arguments + ["--root", repository.root, "--db", db]
        if geteuid() == 0 {
            guard let setpriv = ProjectPaths.which("setpriv") else { return nil }
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        return try Subprocess.run(command, in: repository.root)
    }

    func owner(_ arguments: [String]) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root, "--db", db], in: repository.root)
    }

    /// Scans as the owner and leaves only the registry file (no `-wal`, no `-shm`: the owner's
    /// last connection removed them), readable by everyone.
    func scanned() throws -> String {
        // Folders changed in the second before a listing are listed again by the next command
        // (WatchedPaths): the repository's are made older, so that the registry is current.
        _ = try Subprocess.run(["find", repository.root, "-exec", "touch", "-d", "2020-01-01", "{}", "+"])
        #expect(owner(["scan"]).status == 0)
        for suffix in ["-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: db + suffix)) }
        _ = try Subprocess.run(["chmod", "-R", "a+rX", repository.root, folder])
        return owner(["modules", "--json", "--no-refresh"]).stdout
    }

    func check(_ before: String, reason: String) throws {
        guard let fresh = try asAnotherUser(["modules", "--json", "--no-refresh"]) else {
            print("skipped: no trellis executable, or no setpriv to run it as another user")
            return
        }
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.output == before)
        let current = try asAnotherUser(["modules", "--json"])
        #expect(current?.output == before, "a current registry answers as it is: \(current?.stderr ?? "")")
        #expect(try asAnotherUser(["doctor"])?.status == 0)

        try repository.write(["libs/m3/pyproject.toml": poetry("m3", version: "3.0.0")])
        let refreshing = try asAnotherUser(["modules"])
        #expect(refreshing?.status == 2)
        let stderr = refreshing?.stderr ?? ""
        #expect(stderr.contains("cannot be refreshed") && stderr.contains(reason), "\(stderr)")
        #expect(stderr.contains("--no-refresh") && stderr.contains(db), "\(stderr)")
        #expect(!stderr.contains("attempt to write a readonly database"), "\(stderr)")
        let answered = try asAnotherUser(["modules", "--json", "--no-refresh"])
        #expect(answered?.status == 0, "\(answered?.stderr ?? "")")
        #expect(answered?.output == before)
        #expect(owner(["modules", "--json"]).stdout.contains("3.0.0"), "its owner refreshes it")
    }

    /// Before the fix, every command, `--no-refresh` included, exited 2 with SQLite's "attempt
    /// to write a readonly database": a read-only connection to a WAL registry must create its
    /// `-shm`, and the folder is not this user's.
    @Test func aRegistryInAFolderOfAnotherUserAnswers() throws {
        let before = try scanned()
        if geteuid() != 0 { _ = try Subprocess.run(["chmod", "a-w", db, folder]) }
        defer { _ = try? Subprocess.run(["chmod", "u+w", db, folder]) }
        try check(before, reason: "the file is read-only")
    }

    /// The folder is this user's, the file is not.
    @Test func aRegistryFileOfAnotherUserAnswers() throws {
        let before = try scanned()
        if geteuid() == 0 {
            _ = try Subprocess.run(["chown", "65534:65534", folder])
        } else {
            _ = try Subprocess.run(["chmod", "a-w", db])
        }
        defer { _ = try? Subprocess.run(["chmod", "u+w", db]) }
        try check(before, reason: "the file is read-only")
    }
}
