import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The import cache of the work tree (`import_file`), on the monorepo of `ImportCheckTests`:
/// the read the CLI does (`WorkTreeImports.read`, which `check`, `imports` and `graph --imports`
/// call) counts the files it took from the cache, read and tokenized; `trellis check` shows the
/// findings following each change. Every file is given a modification time in the past first, so
/// that none is "racily clean" (modified within the read's clock tick), which the last test covers.
@Suite struct ImportCacheTests {
    let repository: TemporaryRepository
    var root: String { repository.root }
    var registryPath: String { "\(root)/.trellis/registry.sqlite" }
    /// The fixture's package code (test files are read only with `--tests`).
    let packageFiles = ImportCheckTests.fixture.keys.filter { $0.hasSuffix(".py") && !$0.contains("/tests/") }.count
    /// Every `.py` file, tests included: all of them are listed (and stat'ed) by every read.
    let allFiles = ImportCheckTests.fixture.keys.filter { $0.hasSuffix(".py") }.count

    init() throws {
        repository = try TemporaryRepository(ImportCheckTests.fixture, prefix: "trellis-import-cache")
        for path in ImportCheckTests.fixture.keys where path.hasSuffix(".py") {
            try age(path, seconds: 3600)
        }
        let scan = runTrellis(["scan", "--root", repository.root], in: repository.root)
        try #require(scan.status == 0, "\(scan.stderr)")
    }

    /// Sets the modification time of `path` to `seconds` ago (negative: in the future).
    func age(_ path: String, seconds: TimeInterval) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -seconds)], ofItemAtPath: "\(root)/\(path)")
    }

    func read(tests: Bool = false) throws -> WorkTreeImports.Result {
        let graph = try RegistryView(store: try RegistryStore(path: registryPath), snapshot: nil).graph()
        return WorkTreeImports.read(root: root, registryPath: registryPath, graph: graph, tests: tests)
    }

    func check() -> [String] {
        runTrellis(["check", "--root", root], in: root).stdout.split(separator: "\n").map(String.init)
    }

    @Test func aSecondReadOpensNoFileAndAnEditedFileAloneIsReadAgain() throws {
        let cold = try read()
        #expect(cold.cacheNote == nil)
        #expect(
            cold.graph.stats
                == ImportReadStats(listed: allFiles, needed: packageFiles, read: packageFiles, tokenized: packageFiles))
        #expect(try RegistryStore(path: registryPath).importCacheCount() == packageFiles)

        let warm = try read()
        #expect(warm.graph.stats == ImportReadStats(listed: allFiles, needed: packageFiles, cached: packageFiles))
        #expect(warm.graph.cacheUpdate.isEmpty)

        // An edit (another size): that file alone is read and tokenized, and check sees the new import.
        #expect(!check().contains { $0.contains("ping imports core") })
        try repository.write(["libs/ping/ping/__init__.py": "import pong\nimport core\n"])
        try age("libs/ping/ping/__init__.py", seconds: 1800)
        let edited = try read()
        #expect(edited.graph.stats.cached == packageFiles - 1)
        #expect(edited.graph.stats.read == 1)
        #expect(edited.graph.stats.tokenized == 1)
        #expect(Array(edited.graph.cacheUpdate.changed.keys) == ["libs/ping/ping/__init__.py"])
        #expect(
            check().contains {
                $0.hasPrefix("libs/ping/ping/__init__.py:2: error: ping imports core from core without declaring it")
            })

        // Touched, not edited: read to compare its hash, not tokenized; the next read opens nothing.
        try age("libs/flat/flatlib/__init__.py", seconds: 1200)
        let touched = try read()
        #expect(touched.graph.stats.read == 1)
        #expect(touched.graph.stats.tokenized == 0)
        #expect(try read().graph.stats.read == 0)
    }

    /// An editor that saves through a new file and a rename can keep size and modification time:
    /// the inode tells the file apart.
    @Test func aFileReplacedWithTheSameSizeAndTimeIsReadByItsInode() throws {
        _ = try read()
        let path = "\(root)/libs/pong/pong/__init__.py"
        let before = try FileManager.default.attributesOfItem(atPath: path)
        #expect(check().contains { $0.contains("[import-cycle]") })
        // The size of "import ping\n".
        try "import core\n".write(toFile: path + ".new", atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: try #require(before[.modificationDate] as? Date)], ofItemAtPath: path + ".new")
        #expect(rename(path + ".new", path) == 0)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(after[.size] as? Int == before[.size] as? Int)
        #expect(after[.systemFileNumber] as? Int != before[.systemFileNumber] as? Int)

        let replaced = try read()
        #expect(replaced.graph.stats.read == 1)
        #expect(replaced.graph.stats.tokenized == 1)
        let findings = check()
        #expect(!findings.contains { $0.contains("[import-cycle]") })
        #expect(findings.contains { $0.hasPrefix("libs/pong/pong/__init__.py:1: error: pong imports core from core") })
    }

    @Test func aDeletedFileLeavesTheCacheAndTheFindings() throws {
        _ = try read()
        let store = try RegistryStore(path: registryPath)
        #expect(check().contains { $0.hasPrefix("libs/single/single.py:3:") })
        try FileManager.default.removeItem(atPath: "\(root)/libs/single/single.py")
        let after = try read()
        #expect(after.graph.cacheUpdate.removed == ["libs/single/single.py"])
        #expect(after.graph.stats.read == 0)
        #expect(try store.importCacheCount() == packageFiles - 1)
        #expect(try store.importCache().files["libs/single/single.py"] == nil)
        #expect(!check().contains { $0.hasPrefix("libs/single/single.py:") })
    }

    /// A module moved to another folder: its files are new paths, read once; the old rows go.
    @Test func aModuleMovedToAnotherFolderIsReadAtItsNewPaths() throws {
        _ = try read()
        try FileManager.default.moveItem(atPath: "\(root)/libs/ping", toPath: "\(root)/libs/ping-moved")
        try repository.write([
            "libs/pong/pyproject.toml": "[tool.poetry]\nname = \"pong\"\nversion = \"1.0.0\"\ndescription = \"\"\n",
            "libs/ping-moved/pyproject.toml": """
            [tool.poetry]
            name = "ping"
            version = "1.0.0"
            description = ""

            [tool.poetry.dependencies]
            pong = { path = "../pong", develop = true }

            """,
        ])
        let findings = check()
        #expect(findings.contains { $0.hasPrefix("libs/ping-moved/ping/__init__.py:1: error: import cycle") })
        #expect(!findings.contains { $0.hasPrefix("libs/ping/") })
        let cache = try RegistryStore(path: registryPath).importCache()
        #expect(cache.files["libs/ping/ping/__init__.py"] == nil)
        #expect(cache.files["libs/ping-moved/ping/__init__.py"]?.imports.map(\.module) == ["pong"])
        #expect(try read().graph.stats.read == 0)
    }

    /// A file whose modification time is not older than the read could be edited again within
    /// the same clock tick without a new time: its row asks for a hash next time.
    @Test func aFileModifiedDuringTheReadIsHashedAgainNextTime() throws {
        try age("libs/core/src/core/helpers.py", seconds: -60)
        _ = try read()
        let row = try #require(
            try RegistryStore(path: registryPath).importCache().files["libs/core/src/core/helpers.py"])
        #expect(row.modified == 0)
        let next = try read()
        #expect(next.graph.stats.read == 1)
        #expect(next.graph.stats.tokenized == 0)
    }

    /// Test files are cached when `--tests` reads them, and left alone (neither read nor pruned) without it.
    @Test func testFilesAreCachedWhenRead() throws {
        _ = try read()
        let withTests = try read(tests: true)
        #expect(withTests.graph.stats.tokenized == 2)
        #expect(try read(tests: true).graph.stats.read == 0)
        #expect(try read().graph.cacheUpdate.isEmpty)
        #expect(try RegistryStore(path: registryPath).importCacheCount() == packageFiles + 2)
    }
}
