import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: `trellis scan` (cold and incremental) and `trellis import-git` (first and
/// incremental) killed with SIGKILL after a seeded random delay leave a registry that `doctor`
/// passes, holding exactly the last complete snapshot; the next run completes the work.
/// `TRELLIS_CRASH_KILLS` (default 5) kills per case, `TRELLIS_CRASH_SEED` the seed;
/// tools/crash-loop.sh runs 30 and prints the kills survived.
@Suite(.serialized) struct CrashSafetyTests {
    enum Case: String, CaseIterable, Sendable {
        case coldScan, incrementalScan, firstImport, incrementalImport
    }

    static let modules = 300
    static let commits = 300

    /// A git repository of `commits` commits over 50 modules, built with `git fast-import`.
    static func history(_ repository: TemporaryRepository, commits: Int = commits) throws {
        var stream = ""
        func data(_ text: String) -> String { "data \(Data(text.utf8).count)\n\(text)\n" }
        for index in 0..<commits {
            stream += "commit refs/heads/main\ncommitter A <a@example.com> \(1_700_000_000 + index * 60) +0000\n"
            stream += data("commit \(index)")
            let touched = index == 0 ? Array(0..<50) : [index % 50]
            for module in touched {
                let dependencies = module == 0 ? [] : ["m\(module - 1) = { path = \"../m\(module - 1)\" }"]
                stream += "M 100644 inline libs/m\(module)/pyproject.toml\n"
                stream += data(poetry("m\(module)", version: "1.0.\(index)", dependencies: dependencies))
            }
        }
        _ = try repository.git("init", "-q")
        let result = try Subprocess.run(
            ["git", "fast-import", "--quiet"], in: repository.root, input: Data(stream.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        _ = try repository.git("reset", "-q", "--hard", "main")
    }

    @Test(arguments: Case.allCases) func killedMidWayLosesNothing(_ crash: Case) throws {
        guard let binary = ProjectPaths.trellisBinary else {
            print("skipped: the trellis executable was not built")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let kills = Int(environment["TRELLIS_CRASH_KILLS"] ?? "") ?? 5
        var random = SplitMix64(state: UInt64(environment["TRELLIS_CRASH_SEED"] ?? "") ?? 16)
        let repository = try TemporaryRepository()
        let db = "\(repository.root)/.trellis/registry.sqlite"
        let saved = "\(repository.root)/saved.sqlite"
        func run(_ arguments: [String]) throws -> TrellisRun {
            try runTrellisBinary(arguments + ["--root", repository.root], in: repository.root)
        }
        func reset() throws {
            for suffix in ["", "-wal", "-shm", ".writer"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            if FileManager.default.fileExists(atPath: saved) {
                try FileManager.default.copyItem(atPath: saved, toPath: db)
            }
        }
        func snapshots() throws -> [String] {
            guard FileManager.default.fileExists(atPath: db) else { return [] }
            let queue = try DatabaseQueue(path: db)
            defer { try? queue.close() }
            return try queue.read { db in
                try db.tableExists("snapshot")
                    ? String.fetchAll(
                        db, sql: "SELECT COALESCE(commit_id, '') || ' ' || source FROM snapshot ORDER BY id")
                    : []
            }
        }
        // The work, its state before (saved) and after (a complete run, not killed).
        var work: [String]
        switch crash {
        case .coldScan, .incrementalScan:
            var files: [String: String] = [:]
            for index in 0..<Self.modules {
                let dependencies = index == 0 ? [] : ["m\(index - 1) = { path = \"../m\(index - 1)\" }"]
                files["libs/m\(index)/pyproject.toml"] = poetry("m\(index)", dependencies: dependencies)
            }
            try repository.write(files)
            work = ["scan"]
            if crash == .incrementalScan {
                #expect(try run(["scan"]).status == 0)
                try FileManager.default.copyItem(atPath: db, toPath: saved)
                var edited: [String: String] = [:]
                for index in stride(from: 1, to: Self.modules, by: 3) {
                    edited["libs/m\(index)/pyproject.toml"] = poetry("m\(index)", version: "2.0.0")
                }
                try repository.write(edited)
            }
        case .firstImport, .incrementalImport:
            try Self.history(repository)
            work = ["import-git"]
            if crash == .incrementalImport {
                #expect(try run(["import-git", "--ref", "main~150"]).status == 0)
                try FileManager.default.copyItem(atPath: db, toPath: saved)
            }
        }
        // What the registry answers: every module and edge of its last snapshot.
        func answer() throws -> String { try run(["graph", "--format", "json", "--no-refresh"]).stdout }
        try reset()
        let before = try snapshots()
        let previous = try answer()
        #expect(try run(work).status == 0)
        // The delays span a second, timed run (warm caches, as the killed runs are).
        try reset()
        let started = Date()
        #expect(try run(work).status == 0)
        let duration = Date().timeIntervalSince(started)
        let after = try snapshots()
        let complete = try answer()
        #expect(after.count > before.count)
        #expect(complete.contains("\"to_path\" : \"libs/m2\""), "the complete run recorded the edges")

        var survived = 0
        var killedMidWay = 0
        for _ in 0..<kills {
            try reset()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = work + ["--root", repository.root]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Double.random(in: 0..<duration, using: &random) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidWay += 1 }
            let doctor = try run(["doctor"])
            let left = try snapshots()
            let held = try answer()
            let whole = (left == before && held == previous) || (left == after && held == complete)
            #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
            #expect(
                whole,
                "a killed \(work) left \(left.count) snapshots (before \(before.count), after \(after.count)) or another graph"
            )
            let next = try run(work)
            #expect(next.status == 0, "\(next.stderr)")
            let completed = try snapshots() == after
            let finished = try answer() == complete
            #expect(completed && finished, "the next \(work) completes the work")
            if doctor.status == 0 && whole && next.status == 0 && completed && finished { survived += 1 }
        }
        print("crash \(crash.rawValue): \(survived) of \(kills) kills survived (\(killedMidWay) killed mid-way)")
    }
}
