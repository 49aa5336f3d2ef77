import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Issue #16: a registry that is damaged, of a newer schema, on a full disk or on a read-only
/// one gives exit 2 with a message naming the file, keeps its previous state, never traps;
/// `doctor` names the damage and `scan --rebuild` recovers from the manifests.
@Suite struct DamagedRegistryTests {
    let repository: TemporaryRepository
    var path: String { "\(repository.root)/.trellis/registry.sqlite" }

    init() throws {
        repository = try TemporaryRepository()
        try repository.write(Self.chain(3))
    }

    /// `count` Poetry modules m0 … m(count-1), each depending on the one before by path.
    static func chain(_ count: Int, from start: Int = 0) -> [String: String] {
        var files: [String: String] = [:]
        for index in start..<(start + count) {
            let dependencies = index == 0 ? [] : ["m\(index - 1) = { path = \"../m\(index - 1)\" }"]
            files["libs/m\(index)/pyproject.toml"] = poetry("m\(index)", dependencies: dependencies)
        }
        return files
    }

    func trellis(_ arguments: [String], db: String? = nil) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root] + (db.map { ["--db", $0] } ?? []), in: repository.root)
    }

    func bytes(_ file: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: file)) }

    /// A scanned registry whose file is then damaged by `damage` (the file's bytes in, out).
    func damagedRegistry(_ damage: (inout Data) -> Void) throws -> Data {
        #expect(trellis(["scan"]).status == 0)
        var data = try bytes(path)
        damage(&data)
        try data.write(to: URL(fileURLWithPath: path))
        return data
    }

    /// Every command on the damaged file exits 2 naming it and leaves it as it was; `doctor`
    /// exits 1 naming the damage; `scan --rebuild` recovers and keeps the damaged bytes.
    func expectDamageIsReportedAndRecovered(_ damaged: Data) throws {
        for command in [["modules"], ["scan"], ["dependents", "m0"], ["import-git"]] {
            let run = trellis(command)
            #expect(run.status == 2, "\(command): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(path), "\(command): \(run.stderr)")
            #expect(run.stderr.hasPrefix("trellis: error: "), "no trap, a clear error: \(run.stderr)")
            #expect(!run.stderr.contains("internal error"))
        }
        #expect(try bytes(path) == damaged, "the damaged file is left as it was")
        let doctor = trellis(["doctor"])
        #expect(doctor.status == 1, "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("damage:") || !doctor.stdout.contains("integrity:    ok"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("trellis scan --rebuild"))

        let rebuild = trellis(["scan", "--rebuild"])
        #expect(rebuild.status == 0, "\(rebuild.stdout)\(rebuild.stderr)")
        #expect(rebuild.stdout.contains("Rebuilt the registry \(path) from the manifests."))
        #expect(rebuild.stdout.contains("trellis import-git"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: "\(repository.root)/.trellis")
            .filter { $0.hasPrefix("registry.sqlite.damaged-") && !$0.hasSuffix("-wal") }
        #expect(kept.count == 1, "\(kept)")
        if let kept = kept.first { #expect(try bytes("\(repository.root)/.trellis/\(kept)") == damaged) }
        #expect(trellis(["doctor"]).status == 0)
        #expect(trellis(["modules", "--json"]).stdout.contains("\"m2\""))
    }

    @Test func aFileThatIsNotSQLite() throws {
        try repository.write([".trellis/registry.sqlite": String(repeating: "not a database ", count: 300)])
        try expectDamageIsReportedAndRecovered(try bytes(path))
    }

    @Test func aTruncatedRegistry() throws {
        let damaged = try damagedRegistry { $0 = $0.prefix($0.count / 3) }
        try expectDamageIsReportedAndRecovered(damaged)
    }

    @Test func aRegistryWithPagesOverwritten() throws {
        // Pages 2 and after (the page size is 4,096 bytes) filled with a pattern: the header stays valid.
        let damaged = try damagedRegistry { data in
            for offset in stride(from: 4096, to: data.count, by: 1) {
                data[offset] = UInt8(truncatingIfNeeded: offset * 7)
            }
        }
        try expectDamageIsReportedAndRecovered(damaged)
    }

    @Test func aRegistryOfANewerSchema() throws {
        #expect(trellis(["scan"]).status == 0)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')") }
        try queue.close()
        let before = try bytes(path)
        let run = trellis(["modules"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("newer Trellis") && run.stderr.contains(path), "\(run.stderr)")
        #expect(try bytes(path) == before)
        let doctor = trellis(["doctor"])
        #expect(doctor.status == 1 && doctor.stdout.contains("damage:") && doctor.stdout.contains("9999_future"))
        let rebuild = trellis(["scan", "--rebuild"])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(trellis(["doctor"]).status == 0)
    }

    /// A `-wal` deleted after a crash (the file as it is on disk with its WAL gone) loses only
    /// what the WAL held: the registry opens, the next command records the manifests again.
    @Test func aDeletedWAL() throws {
        #expect(trellis(["scan"]).status == 0)
        let copy = "\(repository.root)/copy.sqlite"
        do {
            // A registry left open by a process, as a killed one leaves it: its last scan is in the WAL.
            let store = try RegistryStore(path: path)
            try repository.write(Self.chain(2, from: 3))
            _ = try Registry(store: store, scanner: RepositoryScanner(root: repository.root)).scan()
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        let doctor = trellis(["doctor"], db: copy)
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        let modules = trellis(["modules", "--json"], db: copy)
        #expect(modules.status == 0, "\(modules.stderr)")
        #expect(modules.stdout.contains("\"m4\""), "the refresh records what the lost WAL held")
        #expect(trellis(["doctor"], db: copy).status == 0)
    }

    @Test func aFullDiskDuringAScan() throws {
        guard let mount = try TemporaryMount(size: "512k") else { return }
        let db = "\(mount.path)/registry.sqlite"
        #expect(trellis(["scan"], db: db).status == 0)
        let before = try #require(trellis(["modules", "--json", "--no-refresh"], db: db).stdout.nonEmpty)
        try repository.write(Self.chain(400, from: 3))
        try mount.fill()
        let run = trellis(["scan"], db: db)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(db) && run.stderr.contains("disk is full"), "\(run.stderr)")
        #expect(!run.stderr.contains("internal error"))
        try mount.unfill()
        #expect(trellis(["modules", "--json", "--no-refresh"], db: db).stdout == before, "the last snapshot is kept")
        #expect(trellis(["doctor"], db: db).status == 0)
        #expect(trellis(["scan"], db: db).status == 0, "with space again the scan completes")
    }

    @Test func aReadOnlyRegistryAnswersWithNoRefreshAndSaysWhyItCannotRefresh() throws {
        guard let mount = try TemporaryMount(size: "4m") else { return }
        let db = "\(mount.path)/registry.sqlite"
        // Folders changed in the second before a listing are listed again at the next command
        // (WatchedPaths); the repository's are made older so that the registry is fresh.
        _ = try Subprocess.run(["find", repository.root, "-exec", "touch", "-d", "2020-01-01", "{}", "+"])
        #expect(trellis(["scan"], db: db).status == 0)
        let before = trellis(["modules", "--json"], db: db).stdout
        try mount.remountReadOnly()
        let fresh = trellis(["modules", "--json"], db: db)
        #expect(fresh.stdout == before, "a fresh registry answers as it is: \(fresh.stderr)")
        try repository.write(Self.chain(1, from: 3))
        let refreshing = trellis(["modules"], db: db)
        #expect(refreshing.status == 2)
        #expect(refreshing.stderr.contains("cannot be refreshed") && refreshing.stderr.contains("read-only"))
        #expect(refreshing.stderr.contains("--no-refresh") && refreshing.stderr.contains(db), "\(refreshing.stderr)")
        let answered = trellis(["modules", "--json", "--no-refresh"], db: db)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout == before)
        #expect(trellis(["doctor"], db: db).status == 0)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// A small tmpfs mounted for one test (we run as root in CI); nil, with the reason printed, when
/// `mount -t tmpfs` is not allowed here.
final class TemporaryMount {
    let path: String

    init?(size: String) throws {
        let folder = try TemporaryRepository(prefix: "trellis-mount")
        path = folder.root + "-tmpfs"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try Subprocess.run(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
        guard result.status == 0 else {
            print(
                "skipped: cannot mount a tmpfs here (\(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
    }

    /// Fills the file system up to its last byte.
    func fill() throws {
        _ = try Subprocess.run(["dd", "if=/dev/zero", "of=\(path)/filler", "bs=4096"])
    }

    func unfill() throws { try FileManager.default.removeItem(atPath: "\(path)/filler") }

    func remountReadOnly() throws {
        _ = try Subprocess.run(["mount", "-o", "remount,ro", path])
    }

    deinit {
        _ = try? Subprocess.run(["umount", path])
        try? FileManager.default.removeItem(atPath: path)
    }
}
