import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The freshness check of docs/ARCHITECTURE.md on a working tree: scan when needed, and only then.
@Suite struct RegistryRefreshTests {
    static let a = """
        [tool.poetry]
        name = "a"
        version = "1.0.0"

        [tool.poetry.dependencies]
        python = "^3.11"
        b = {path = "../b", develop = true}
        requests = "^2.31"
        """

    static let b = """
        [project]
        name = "b"
        version = "1.0.0"
        dependencies = [
            "c",
            "numpy>=1.26",
        ]

        [tool.uv.sources]
        c = { path = "../c" }
        """

    static let c = """
        [project]
        name = "c"
        version = "1.0.0"
        """

    let repository: TemporaryRepository
    let store: RegistryStore
    let registry: Registry

    init() throws {
        repository = try TemporaryRepository([
            "libs/a/pyproject.toml": Self.a,
            "libs/b/pyproject.toml": Self.b,
            "libs/c/pyproject.toml": Self.c,
        ])
        store = try RegistryStore(path: "\(repository.root)/.trellis/registry.sqlite")
        registry = Registry(store: store, scanner: RepositoryScanner(root: repository.root))
    }

    /// Gives `file` a modification time `seconds` from now, so a change never hides in the
    /// file system's timestamp granularity.
    func setModified(_ file: String, secondsFromNow seconds: TimeInterval) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: seconds)], ofItemAtPath: "\(repository.root)/\(file)")
    }

    /// Writes `text` to `file` and moves its modification time forward.
    func edit(_ file: String, _ text: String, secondsFromNow seconds: TimeInterval = 60) throws {
        try repository.write([file: text])
        try setModified(file, secondsFromNow: seconds)
    }

    func scanReport(_ refresh: Registry.Refresh, sourceLocation: SourceLocation = #_sourceLocation) -> Registry
        .ScanReport?
    {
        if case .scanned(let report) = refresh { return report }
        Issue.record("expected a scan, got \(refresh)", sourceLocation: sourceLocation)
        return nil
    }

    func isFresh(_ refresh: Registry.Refresh) -> Bool {
        if case .fresh = refresh { return true }
        return false
    }

    func isTouched(_ refresh: Registry.Refresh) -> Bool {
        if case .touched = refresh { return true }
        return false
    }

    /// An edge end by its folder's last component: each fixture module's folder is named after it.
    func short(_ folder: String) -> String { String(folder.split(separator: "/").last ?? Substring(folder)) }

    func edgeList() throws -> [String] {
        try store.edges().map { "\(short($0.from))>\(short($0.to)) \($0.group)\($0.editable ? " editable" : "")" }
    }

    @Test func theFirstRefreshScans() throws {
        let report = try #require(scanReport(try registry.refresh()))
        #expect(report.ingest.recorded != nil)
        #expect(report.parsedFiles == 3)
        #expect(try store.modules().map(\.name.rawValue) == ["a", "b", "c"])
        #expect(try edgeList() == ["a>b main editable", "b>c main"])
        #expect(try store.requirements().map { "\(short($0.module)) \($0.package)" } == ["a requests", "b numpy"])
        #expect(
            try store.fileStamps().map(\.path) == [
                "libs/a/pyproject.toml", "libs/b/pyproject.toml", "libs/c/pyproject.toml",
            ])
    }

    @Test func theSecondRefreshIsFresh() throws {
        _ = try registry.refresh()
        let counts = try store.rowCounts()
        #expect(isFresh(try registry.refresh()))
        #expect(try store.rowCounts() == counts)
    }

    @Test func touchingAFileWithoutChangingItIsTouched() throws {
        _ = try registry.refresh()
        let counts = try store.rowCounts()
        let before = try #require(try store.fileStamps().first { $0.path == "libs/a/pyproject.toml" })
        try setModified("libs/a/pyproject.toml", secondsFromNow: 120)
        #expect(isTouched(try registry.refresh()))
        let after = try #require(try store.fileStamps().first { $0.path == "libs/a/pyproject.toml" })
        #expect(after.modified != before.modified)
        #expect(after.hash == before.hash)
        #expect(try store.rowCounts() == counts)
        // The new time is remembered: nothing to do the next time.
        #expect(isFresh(try registry.refresh()))
    }

    /// The check a read command runs first needs only a read-only store: fresh when nothing
    /// moved; when a manifest was edited in place (its folder unchanged), that manifest with its
    /// stamp now, which the refresh then compares without a second stat.
    @Test func theFreshnessCheckNeedsOnlyAReadOnlyStore() throws {
        _ = try registry.refresh()
        // Folders older than the listing keep their stamps (a recent one is recorded as "list again").
        for folder in [".", "libs", "libs/a", "libs/b", "libs/c"] { try setModified(folder, secondsFromNow: -60) }
        #expect(isFresh(try registry.refresh()))
        let reading = try #require(try RegistryStore.openForReading(path: store.path))
        let readOnly = Registry(store: reading, scanner: RepositoryScanner(root: repository.root))
        guard case .fresh = try readOnly.freshness() else {
            Issue.record("expected fresh, got \(try readOnly.freshness())")
            return
        }
        try edit("libs/c/pyproject.toml", Self.c.replacingOccurrences(of: "1.0.0", with: "1.1.0"))
        let freshness = try readOnly.freshness()
        guard case .manifestsMoved(let moved) = freshness else {
            Issue.record("expected a moved manifest, got \(freshness)")
            return
        }
        let now = try #require(FileStamp.stat("", absolutePath: "\(repository.root)/libs/c/pyproject.toml"))
        #expect(
            moved.map { "\($0.path) \($0.size) \($0.modified)" } == [
                "libs/c/pyproject.toml \(now.size) \(now.modified)"
            ])
        let report = try #require(scanReport(try registry.refresh(after: freshness)))
        #expect(report.parsedFiles == 1)
        #expect(try store.modules().map { $0.version ?? "" } == ["1.0.0", "1.0.0", "1.1.0"])
        #expect(isFresh(try registry.refresh()))
    }

    /// Same size, new content: the hash tells.
    @Test func editingAFileScansAgain() throws {
        let first = try #require(scanReport(try registry.refresh())?.ingest.recorded)
        try edit("libs/c/pyproject.toml", Self.c.replacingOccurrences(of: "1.0.0", with: "1.1.0"))
        let report = try #require(scanReport(try registry.refresh()))
        let second = try #require(report.ingest.recorded)
        #expect(second.id > first.id)
        #expect(report.ingest.changes.modulesChanged.map(\.version) == ["1.1.0"])
        #expect(try store.modules().map { $0.version ?? "" } == ["1.0.0", "1.0.0", "1.1.0"])
        #expect(isFresh(try registry.refresh()))
    }

    /// The graph a scan of every manifest into a new registry gives, to compare with.
    func fullScan() throws -> [String] {
        let other = try RegistryStore()
        let report = try Registry(store: other, scanner: RepositoryScanner(root: repository.root)).scan()
        #expect(report.parsedFiles == report.manifests)
        return try Self.describe(other)
    }

    static func describe(_ store: RegistryStore) throws -> [String] {
        try store.modules().map { "module \($0.name) \($0.path) \($0.version ?? "-")" }
            + store.edges().map { "edge \($0.from)>\($0.to) \($0.group) \($0.declared) \($0.file):\($0.line)" }
            + store.requirements().map { "requirement \($0.module) \($0.package)\($0.specifier) \($0.file):\($0.line)" }
            + store.diagnostics().map { "diagnostic \($0)" }
    }

    /// Issue #7: one changed manifest re-parses one file, not every one, and records what a
    /// scan of everything would.
    @Test func anEditReparsesOnlyTheEditedManifest() throws {
        _ = try registry.refresh()
        // a drops b, gains c, and bumps its version: edges and a requirement change, one file.
        try edit(
            "libs/a/pyproject.toml",
            Self.a
                .replacingOccurrences(
                    of: "b = {path = \"../b\", develop = true}", with: "c = {path = \"../c\"}\nflask = \"^3\""
                )
                .replacingOccurrences(of: "1.0.0", with: "1.1.0"))
        let report = try #require(scanReport(try registry.refresh()))
        #expect(report.parsedFiles == 1)
        #expect(report.manifests == 3)
        #expect(report.ingest.changes.edgesAdded.map { "\(short($0.from))>\(short($0.to))" } == ["a>c"])
        #expect(report.ingest.changes.edgesRemoved.map { "\(short($0.from))>\(short($0.to))" } == ["a>b"])
        #expect(report.snapshot == nil)
        #expect(report.counts == RegistryStore.Counts(modules: 3, edges: 2, requirements: 3))
        #expect(try Self.describe(store) == fullScan())
        #expect(isFresh(try registry.refresh()))

        // A path that leads nowhere: the patch brings its warning, and takes it away again.
        try edit("libs/c/pyproject.toml", Self.c + "\ndependencies = [\"gone @ file:../gone\"]\n", secondsFromNow: 120)
        #expect(try #require(scanReport(try registry.refresh())).parsedFiles == 1)
        #expect(try store.diagnostics().map(\.code) == [.brokenPath])
        #expect(try Self.describe(store) == fullScan())
        try edit("libs/c/pyproject.toml", Self.c, secondsFromNow: 180)
        _ = try registry.refresh()
        #expect(try store.diagnostics().isEmpty)
        #expect(try Self.describe(store) == fullScan())
    }

    /// A uv workspace whose root's `[tool.uv.sources]` give its member app an edge to core.
    static let uvWorkspace = [
        "pyproject.toml": """
        [tool.uv.workspace]
        members = ["packages/*"]

        [tool.uv.sources]
        core = { workspace = true }
        """,
        "packages/app/pyproject.toml": "[project]\nname = \"app\"\nversion = \"1.0.0\"\ndependencies = [\"core\"]\n",
        "packages/core/pyproject.toml": "[project]\nname = \"core\"\nversion = \"1.0.0\"\n",
    ]

    /// A repository of `files` with a registry in it, refreshed once.
    static func refreshed(_ files: [String: String]) throws -> (TemporaryRepository, RegistryStore, Registry) {
        let repository = try TemporaryRepository(files)
        let store = try RegistryStore(path: "\(repository.root)/.trellis/registry.sqlite")
        let registry = Registry(store: store, scanner: RepositoryScanner(root: repository.root))
        _ = try registry.refresh()
        return (repository, store, registry)
    }

    /// A scan's patch starts from what the store recorded, which does not say which manifest is
    /// a uv workspace root: a member's edit also reads the roots above it (its sources are
    /// inherited), and an edit to a manifest above another module reads everything.
    @Test func aWorkspaceMemberEditReadsTheRootAboveItAndAContainerEditReadsEverything() throws {
        let (workspace, store, registry) = try Self.refreshed(
            Self.uvWorkspace.merging([
                "libs/x/pyproject.toml": "[project]\nname = \"x\"\nversion = \"1.0.0\"\n",
                "libs/x/sub/pyproject.toml": "[project]\nname = \"sub\"\nversion = \"1.0.0\"\n",
            ]) { $1 })
        func edit(_ file: String, version: String, secondsFromNow seconds: TimeInterval) throws -> Int? {
            let text = try String(contentsOfFile: "\(workspace.root)/\(file)", encoding: .utf8)
            try workspace.write([file: text.replacingOccurrences(of: "1.0.0", with: version)])
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: seconds)], ofItemAtPath: "\(workspace.root)/\(file)")
            return scanReport(try registry.refresh())?.parsedFiles
        }
        func wholeScan() throws -> [String] {
            let other = try RegistryStore()
            _ = try Registry(store: other, scanner: RepositoryScanner(root: workspace.root)).scan()
            return try Self.describe(other)
        }

        #expect(try edit("packages/app/pyproject.toml", version: "1.1.0", secondsFromNow: 60) == 2)
        #expect(
            try store.edges().map { "\(short($0.from))>\(short($0.to)) \($0.resolution)" } == ["app>core workspace"])
        #expect(try Self.describe(store) == wholeScan())
        #expect(try edit("libs/x/sub/pyproject.toml", version: "1.1.0", secondsFromNow: 120) == 3)
        #expect(try Self.describe(store) == wholeScan())
        #expect(try edit("libs/x/pyproject.toml", version: "1.1.0", secondsFromNow: 180) == 5)
        #expect(try Self.describe(store) == wholeScan())
    }

    /// A rename reaches every module that depends on the old name: everything is read again.
    @Test func aRenameReadsEverything() throws {
        _ = try registry.refresh()
        try edit("libs/c/pyproject.toml", Self.c.replacingOccurrences(of: "name = \"c\"", with: "name = \"c-two\""))
        let report = try #require(scanReport(try registry.refresh()))
        #expect(report.parsedFiles == 3)
        #expect(try Self.describe(store) == fullScan())
    }

    /// Gives every folder of the work tree (and the ignore files) a modification time a minute ago, as
    /// if nothing had changed for a while: the refresh then trusts what it recorded.
    func ageTheTree() throws {
        let root = repository.root
        let folders = try FileManager.default.subpathsOfDirectory(atPath: root).filter { path in
            var isFolder: ObjCBool = false
            return !path.hasPrefix(".git/")
                && FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isFolder)
                && isFolder.boolValue
        }
        for path in folders + [".", ".gitignore", ".git/info/exclude"]
        where FileManager.default.fileExists(atPath: "\(root)/\(path)") {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: "\(root)/\(path)")
        }
    }

    func isFreshWithoutListing(_ refresh: Registry.Refresh) -> Bool {
        if case .fresh(listed: false) = refresh { return true }
        return false
    }

    /// Issue #7: a refresh where nothing changed stats the watched folders and the manifests,
    /// and does not list the work tree; any new entry in a folder, an edit, or an ignore rule
    /// that changes is still noticed.
    @Test func aQuietTreeIsFreshWithoutListingAndChangesAreStillFound() throws {
        try repository.write([".gitignore": "ignored/\n", "ignored/x/pyproject.toml": "[project]\nname = \"x\"\n"])
        try repository.commitAll()
        try ageTheTree()
        _ = try registry.refresh()
        #expect(try store.modules().map(\.name.rawValue) == ["a", "b", "c"])
        #expect(isFreshWithoutListing(try registry.refresh()))

        // A new untracked module deep in a new folder: its parent folder's time changed.
        try repository.write(["libs/group/d/pyproject.toml": "[project]\nname = \"d\"\n"])
        #expect(
            try #require(scanReport(try registry.refresh())).ingest.changes.modulesAdded.map(\.name.rawValue) == ["d"])
        try ageTheTree()
        _ = try registry.refresh()
        #expect(isFreshWithoutListing(try registry.refresh()))

        // An edit in place leaves every folder alone; the manifest's own stamp tells.
        try edit("libs/c/pyproject.toml", Self.c.replacingOccurrences(of: "1.0.0", with: "1.2.0"))
        #expect(
            try #require(scanReport(try registry.refresh())).ingest.changes.modulesChanged.map(\.version) == ["1.2.0"])

        // The ignore rule goes: the folder it hid is read.
        try ageTheTree()
        _ = try registry.refresh()
        #expect(isFreshWithoutListing(try registry.refresh()))
        let ignore = "\(repository.root)/.gitignore"
        try "# nothing ignored\n".write(toFile: ignore, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: ignore)
        _ = try #require(scanReport(try registry.refresh()))
        #expect(try store.modules().map(\.name.rawValue) == ["a", "b", "c", "d", "x"])
    }

    @Test func scanFullParsesEverythingEvenWhenNothingChanged() throws {
        _ = try registry.scan()
        #expect(try registry.scan().parsedFiles == 0)
        #expect(try registry.scan(full: true).parsedFiles == 3)
    }

    @Test func anEditThatChangesNoDeclarationScansButRecordsNoSnapshot() throws {
        _ = try registry.refresh()
        let counts = try store.rowCounts()
        try edit("libs/a/pyproject.toml", Self.a + "\n# a comment\n")
        let report = try #require(scanReport(try registry.refresh()))
        #expect(report.ingest.recorded == nil)
        #expect(try store.rowCounts() == counts)
        #expect(isFresh(try registry.refresh()))
    }

    @Test func aNewAndADeletedManifestAreNoticed() throws {
        _ = try registry.refresh()
        try repository.write(["libs/d/pyproject.toml": "[project]\nname = \"d\"\nversion = \"0.1.0\"\n"])
        let added = try #require(scanReport(try registry.refresh()))
        #expect(added.ingest.changes.modulesAdded.map(\.name) == [ModuleName("d")])
        try FileManager.default.removeItem(atPath: "\(repository.root)/libs/d/pyproject.toml")
        let removed = try #require(scanReport(try registry.refresh()))
        #expect(removed.ingest.changes.modulesRemoved.map(\.name) == [ModuleName("d")])
        #expect(try store.modules().map(\.name.rawValue) == ["a", "b", "c"])
    }

    /// A manifest that stops being valid TOML keeps its module, edges and requirements from the
    /// last snapshot, and says why; the other modules' changes in the same scan still count.
    @Test func aBrokenManifestKeepsItsLastStateWhileTheOthersUpdate() throws {
        _ = try registry.refresh()
        // b loses its closing bracket; in the same change a adds a dependency on c.
        try edit(
            "libs/b/pyproject.toml",
            Self.b.replacingOccurrences(of: "    \"numpy>=1.26\",\n]", with: "    \"numpy>=1.26\",\n"))
        try edit(
            "libs/a/pyproject.toml",
            Self.a.replacingOccurrences(of: "requests = ", with: "c = {path = \"../c\"}\nrequests = "))
        let report = try #require(scanReport(try registry.refresh()))
        #expect(report.ingest.recorded != nil)

        #expect(try store.modules().map { "\($0.name) \($0.version ?? "-")" } == ["a 1.0.0", "b 1.0.0", "c 1.0.0"])
        // a → b still resolves to the kept module b; a → c is new; b → c is carried over.
        #expect(try edgeList() == ["a>b main editable", "a>c main", "b>c main"])
        #expect(try store.requirements().map { "\(short($0.module)) \($0.package)" } == ["a requests", "b numpy"])
        #expect(report.snapshot?.edges.map { "\(short($0.from))>\(short($0.to))" } == ["a>b", "a>c", "b>c"])

        let broken = try #require(try store.diagnostics().first { $0.code == .invalidManifest })
        #expect(broken.severity == .error)
        #expect(broken.file == "libs/b/pyproject.toml")
        // The array opened on line 4 is never closed; the parser notices at `[tool.uv.sources]`, line 9.
        #expect(broken.line == 9)
        #expect(report.snapshot?.unreadableManifests == ["libs/b/pyproject.toml"])

        // Mended, b is read again and the diagnostic is gone.
        try edit("libs/b/pyproject.toml", Self.b, secondsFromNow: 180)
        _ = try #require(scanReport(try registry.refresh()))
        #expect(try store.diagnostics().isEmpty)
        #expect(try edgeList() == ["a>b main editable", "a>c main", "b>c main"])
    }

    @Test func aManifestBrokenBeforeItWasEverRecordedHasNothingToKeep() throws {
        try repository.write(["libs/b/pyproject.toml": "[project\nname = \"b\"\n"])
        let report = try #require(scanReport(try registry.refresh()))
        #expect(report.snapshot?.modules.map(\.name.rawValue) == ["a", "c"])
        #expect(report.diagnostics.contains { $0.code == .invalidManifest && $0.line == 1 })
        // a's path dependency on b now points at a folder with no known module.
        #expect(report.diagnostics.contains { $0.code == .brokenPath && $0.file == "libs/a/pyproject.toml" })
    }

    /// uv applies the workspace root's `[tool.uv.sources]` to its members (tools/e2e/FACTS.md,
    /// uv 3; microsoft/autogen in ../shared/corpus). When the root manifest breaks, the members'
    /// edges that came from its sources must survive like any other carried-over state
    /// (RepositoryScanner.scan: "one broken file loses nothing").
    @Test func aBrokenWorkspaceRootKeepsTheEdgesItsSourcesGaveTheMembers() throws {
        let (workspace, store, registry) = try Self.refreshed(Self.uvWorkspace)
        #expect(try store.edges().map { "\(short($0.from))>\(short($0.to))" } == ["app>core"])

        try workspace.write(["pyproject.toml": "[tool.uv.workspace\nmembers = [\"packages/*\"]\n"])
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: "\(workspace.root)/pyproject.toml")
        _ = try registry.refresh()
        #expect(try store.diagnostics().contains { $0.code == .invalidManifest && $0.file == "pyproject.toml" })
        #expect(try store.edges().map { "\(short($0.from))>\(short($0.to))" } == ["app>core"])
        #expect(try store.requirements().isEmpty)
    }
}
