import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Issue #16: a `symlink-outside-root` finding holds as long as the link does. It is found by
/// listing the repository; a scan that only reads again the folder of an edited file (a patch)
/// dropped it before, until the next whole scan.
@Suite struct SymlinkFindingTests {
    @Test func theFindingOutlivesAnInPlaceEditOfItsFolder() throws {
        let outside = try TemporaryRepository(["requirements.txt": "requests\n"], prefix: "trellis-outside")
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1\"\n",
            "libs/a/requirements-dev.txt": "pytest\n",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: "\(repository.root)/libs/a/requirements.txt",
            withDestinationPath: "\(outside.root)/requirements.txt")
        _ = try repository.git("init", "-q")
        try repository.commitAll()
        // Folders changed in the second before a listing are listed again by the next scan
        // (WatchedPaths): the repository's are made older, so that the next scan can patch.
        _ = try Subprocess.run(["find", repository.root, "-exec", "touch", "-h", "-d", "2020-01-01", "{}", "+"])
        // The registry outside the repository: its folder's creation changes no folder scanned.
        let registry = Registry(
            store: try RegistryStore(path: "\(outside.root)/registry.sqlite"),
            scanner: RepositoryScanner(root: repository.root))
        func links() throws -> [String] {
            try registry.store.diagnostics().filter { $0.code == .symlinkOutsideRoot }.map { "\($0.file):\($0.line)" }
        }
        _ = try registry.scan()
        #expect(try links() == ["libs/a/requirements.txt:0"])

        // A refresh reads libs/a again, and only libs/a: the recorded files are the listing.
        try repository.write(["libs/a/requirements-dev.txt": "pytest\nruff\n"])
        guard case .scanned(let report) = try registry.refresh() else {
            Issue.record("the refresh found no change")
            return
        }
        #expect(report.snapshot == nil, "the refresh patched the folder, it did not read the repository again")
        let packages = try registry.store.requirements().map(\.package.rawValue)
        #expect(packages.sorted() == ["pytest", "ruff"])
        #expect(try links() == ["libs/a/requirements.txt:0"], "the finding holds while the link does")

        // Once the link is gone, so is its finding, at the next scan that reads the folder.
        _ = try repository.git("rm", "-q", "libs/a/requirements.txt")
        try repository.write(["libs/a/requirements-dev.txt": "pytest\n"])
        _ = try registry.scan()
        #expect(try links().isEmpty)
    }

    /// The link is never stamped, so a scan compares it apart: while it stays, nothing is read
    /// again (every scan read the whole repository before); removed with no other change, its
    /// finding goes at the next refresh (it stayed until a scan that read a file).
    @Test func aRefreshSeesTheLinkAloneComeAndGo() throws {
        let outside = try TemporaryRepository(["requirements.txt": "requests\n"], prefix: "trellis-outside")
        let repository = try TemporaryRepository(["libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1\"\n"]
        )
        let link = "\(repository.root)/libs/a/requirements.txt"
        try FileManager.default.createSymbolicLink(
            atPath: link, withDestinationPath: "\(outside.root)/requirements.txt")
        let registry = Registry(
            store: try RegistryStore(path: "\(outside.root)/registry.sqlite"),
            scanner: RepositoryScanner(root: repository.root, useGit: false))
        func links() throws -> [String] {
            try registry.store.diagnostics().filter { $0.code == .symlinkOutsideRoot }.map(\.file)
        }
        _ = try registry.scan()
        #expect(try links() == ["libs/a/requirements.txt"])
        let again = try registry.scan()
        #expect(again.parsedFiles == 0, "a scan with nothing changed but a link in place read the repository again")
        #expect(try links() == ["libs/a/requirements.txt"])
        try FileManager.default.removeItem(atPath: link)
        guard case .scanned = try registry.refresh() else {
            Issue.record("the refresh did not see the link go")
            return
        }
        #expect(try links().isEmpty)
        guard case .fresh = try registry.refresh() else {
            Issue.record("the refresh after that was not a no-op")
            return
        }
    }
}
