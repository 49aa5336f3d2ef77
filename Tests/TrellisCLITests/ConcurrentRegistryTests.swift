import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: several real `trellis` processes on one registry at once. Two writers (a loop of
/// scans while a script edits manifests, and a chain of incremental `import-git`s) and readers
/// (with and without `--no-refresh`) leave a registry `doctor` passes; every answer a reader
/// printed is exactly the answer of one committed snapshot; a writer that waits past the busy
/// timeout exits 2 naming the other process's work, never with SQLite's "database is locked".
@Suite(.serialized) struct ConcurrentRegistryTests {
    let repository: TemporaryRepository
    /// What each background run printed, outside the repository (a scan would list it).
    let outputs: TemporaryRepository
    var db: String { "\(repository.root)/.trellis/registry.sqlite" }
    static let commits = 120

    init() throws {
        repository = try TemporaryRepository(prefix: "trellis-concurrent")
        outputs = try TemporaryRepository(prefix: "trellis-concurrent-outputs")
        // 120 commits over 50 modules m0 … m49, each on the one before (git fast-import).
        try CrashSafetyTests.history(repository, commits: Self.commits)
    }

    func trellis(_ arguments: [String]) throws -> TrellisRun {
        try runTrellisBinary(arguments + ["--root", repository.root], in: repository.root)
    }

    /// A process started now: `arguments` run by the shell with the repository as its folder.
    func start(_ script: String, output: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: repository.root)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The ids of the registry's snapshots.
    func snapshotIDs() throws -> [Int64] {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM snapshot ORDER BY id") }
    }

    /// The commits the registry at `path` holds a snapshot of, in snapshot order.
    static func importedCommits(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT commit_id FROM snapshot WHERE source = 'commit' ORDER BY id")
        }
    }

    /// What a failed run may say: only that another Trellis process holds the lock, naming its work.
    static func acceptable(_ stderr: String) -> Bool {
        stderr.contains("is locked by another Trellis process") && stderr.contains("process ")
            && stderr.contains(": trellis ")
    }

    @Test func twoWritersAndFourReadersAtOnceLoseNothing() throws {
        guard let binary = ProjectPaths.trellisBinary else {
            print("skipped: the trellis executable was not built")
            return
        }
        #expect(try trellis(["import-git", "--ref", "main~90"]).status == 0)
        let outputs = self.outputs.root
        let t = "'\(binary)'"
        // Each run leaves NAME.N.out, NAME.N.err and NAME.N.rc in .outputs.
        func loop(_ name: String, _ count: Int, _ command: String) -> String {
            """
            i=0; while [ $i -lt \(count) ]; do i=$((i+1))
              \(command) >'\(outputs)'/\(name).$i.out 2>'\(outputs)'/\(name).$i.err; echo $? >'\(outputs)'/\(name).$i.rc
            done
            """
        }
        // CI runs 5 rounds; tools/concurrency-loop.sh runs more (TRELLIS_CONCURRENT_ROUNDS).
        let rounds = ProcessInfo.processInfo.environment["TRELLIS_CONCURRENT_ROUNDS"].flatMap { Int($0) } ?? 5
        var processes = [
            // Writer 1: scans while the editor below changes manifests.
            try start(loop("scan", rounds, "\(t) scan")),
            // Writer 2: the history, 30 commits at a time.
            try start(
                """
                for ref in main~60 main~30 main; do
                  \(t) import-git --ref $ref >'\(outputs)'/import.$ref.out 2>'\(outputs)'/import.$ref.err
                  echo $? >'\(outputs)'/import.$ref.rc
                done
                """),
            // The editor: one manifest after another gets a new version and loses its dependency.
            try start(
                """
                r=0; while [ $r -lt 20 ]; do r=$((r+1))
                  printf '[tool.poetry]\\nname = "m%s"\\nversion = "9.0.%s"\\n' $((r*2)) $r >libs/m$((r*2))/pyproject.toml
                  sleep 0.05
                done
                """),
            // Readers: the last committed snapshot as it is, and (the last loop) after a refresh,
            // which makes that reader a third writer whenever a manifest moved.
            try start(loop("graph", rounds, "\(t) graph --format json --no-refresh")),
            try start(loop("modules", rounds, "\(t) modules --json --no-refresh")),
            try start(loop("dependents", rounds, "\(t) dependents m0 -t --json --no-refresh")),
            try start(loop("refreshing", rounds, "\(t) modules --json")),
        ]
        for process in processes { process.waitUntilExit() }
        processes.removeAll()

        // Every run exited 0, or 2 saying that another Trellis process held the lock and which.
        let files = try FileManager.default.contentsOfDirectory(atPath: outputs)
        let runs = files.filter { $0.hasSuffix(".rc") }.map { String($0.dropLast(3)) }.sorted()
        #expect(runs.count == 3 + 5 * rounds)
        var busy: [String] = []
        for run in runs {
            let status = try String(contentsOfFile: "\(outputs)/\(run).rc", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let stderr = try String(contentsOfFile: "\(outputs)/\(run).err", encoding: .utf8)
            #expect(!stderr.contains("database is locked") && !stderr.contains("internal error"), "\(run): \(stderr)")
            #expect(!stderr.contains("Fatal error"), "\(run): \(stderr)")
            if status == "2" && Self.acceptable(stderr) {
                busy.append(run)
            } else {
                #expect(status == "0", "\(run) exited \(status): \(stderr)")
            }
        }

        // Nothing is corrupt, and every answer printed is one committed snapshot's answer.
        let doctor = try trellis(["doctor"])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        let ids = try snapshotIDs()
        var answers: [String: Set<String>] = ["graph": [], "modules": [], "dependents": []]
        // (Asked in this process: a few hundred questions.)
        func answer(_ arguments: [String], at id: Int64) -> String {
            runTrellis(arguments + ["--at", "#\(id)", "--root", repository.root], in: repository.root).stdout
        }
        for id in ids {
            answers["graph"]!.insert(answer(["graph", "--format", "json"], at: id))
            answers["modules"]!.insert(answer(["modules", "--json"], at: id))
            answers["dependents"]!.insert(answer(["dependents", "m0", "-t", "--json"], at: id))
        }
        var checked = 0
        for run in runs where !busy.contains(run) {
            let name = String(run.prefix { $0 != "." })
            guard let known = answers[name == "refreshing" ? "modules" : name] else { continue }
            let printed = try String(contentsOfFile: "\(outputs)/\(run).out", encoding: .utf8)
            #expect(known.contains(printed), "\(run) printed an answer that is no snapshot's")
            checked += 1
        }
        #expect(checked >= 4 * rounds - busy.count)

        // Nothing was lost: the history is whole, and after a last scan the registry answers
        // what a registry built from scratch answers.
        #expect(try trellis(["scan"]).status == 0)
        let fresh = "\(outputs)/fresh.sqlite"
        for work in ["import-git", "scan"] {
            let scratch = try runTrellisBinary([work, "--root", repository.root, "--db", fresh], in: repository.root)
            #expect(scratch.status == 0, "\(scratch.stderr)")
        }
        let commits = try Self.importedCommits(db)
        #expect(commits.count == Self.commits)
        #expect(commits == (try Self.importedCommits(fresh)), "every commit, once, in commit order")
        let now = try trellis(["graph", "--format", "json", "--no-refresh"]).stdout
        let expected = try runTrellisBinary(
            ["graph", "--format", "json", "--no-refresh", "--root", repository.root, "--db", fresh],
            in: repository.root
        ).stdout
        #expect(now == expected)
        #expect(try trellis(["doctor"]).status == 0)
        print(
            "concurrent: \(runs.count) runs at once (\(busy.count) waited past the busy timeout), \(ids.count) snapshots, "
                + "\(checked) answers checked against them, \(commits.count) commits imported")
    }

    /// A writer stopped inside its transaction (SIGSTOP, with the write lock held): readers with
    /// `--no-refresh` answer the snapshot before it at once; another writer, and a read command
    /// that must refresh, wait the busy timeout and exit 2 naming the stopped process's work.
    /// Once it continues, it completes and `doctor` passes.
    @Test func aWriterThatWaitsTooLongExits2NamingTheOtherWork() throws {
        guard let binary = ProjectPaths.trellisBinary else {
            print("skipped: the trellis executable was not built")
            return
        }
        #expect(try trellis(["import-git", "--ref", "main~60"]).status == 0)
        let before = try trellis(["graph", "--format", "json", "--no-refresh"]).stdout
        let note = "\(db).writer"
        // The import holds the write lock from the note's writing to its removal; it is stopped
        // there. When the note comes and goes between two looks, the import ran whole: the next
        // attempt starts from a registry reset to before it.
        let saved = "\(outputs.root)/saved.sqlite"
        try FileManager.default.copyItem(atPath: db, toPath: saved)
        var importer: Process?
        for _ in 0..<20 where importer == nil {
            for suffix in ["", "-wal", "-shm", ".writer"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            try FileManager.default.copyItem(atPath: saved, toPath: db)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["import-git", "--root", repository.root]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            while process.isRunning && !FileManager.default.fileExists(atPath: note) { usleep(200) }
            if process.isRunning {
                kill(process.processIdentifier, SIGSTOP)
                if FileManager.default.fileExists(atPath: note) {
                    importer = process
                    break
                }
                kill(process.processIdentifier, SIGCONT)
            }
            process.waitUntilExit()
        }
        guard let importer else {
            Issue.record("the import never held the write lock when looked at")
            return
        }
        defer {
            kill(importer.processIdentifier, SIGCONT)
            importer.waitUntilExit()
        }
        let pid = importer.processIdentifier

        // Readers answer the last committed snapshot at once.
        #expect(try trellis(["graph", "--format", "json", "--no-refresh"]).stdout == before)
        #expect(try trellis(["modules", "--json", "--no-refresh"]).status == 0)

        // A second writer and a reader that must refresh wait, then name the import.
        try repository.write(["libs/m7/pyproject.toml": poetry("m7", version: "7.7.7")])
        let waiters = try [["scan"], ["modules"]].map { arguments -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [
                "-c",
                "'\(binary)' \(arguments.joined(separator: " ")) --root . >/dev/null 2>'\(outputs.root)/\(arguments[0]).err'",
            ]
            process.currentDirectoryURL = URL(fileURLWithPath: repository.root)
            try process.run()
            return process
        }
        for waiter in waiters {
            waiter.waitUntilExit()
            #expect(waiter.terminationStatus == 2)
        }
        for name in ["scan", "modules"] {
            let stderr = try String(contentsOfFile: "\(outputs.root)/\(name).err", encoding: .utf8)
            #expect(stderr.contains("process \(pid): trellis import-git"), "\(name): \(stderr)")
            #expect(stderr.contains("locked by another Trellis process"), "\(name): \(stderr)")
            #expect(!stderr.contains("database is locked"), "\(name): \(stderr)")
        }
        #expect(try trellis(["graph", "--format", "json", "--no-refresh"]).stdout == before, "nothing half-written")

        kill(pid, SIGCONT)
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: note), "the note goes with the transaction")
        let doctor = try trellis(["doctor"])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(try trellis(["scan"]).status == 0, "the waiting scan's work is done by the next one")
        #expect(try trellis(["show", "m7", "--json", "--no-refresh"]).stdout.contains("7.7.7"))
    }
}
