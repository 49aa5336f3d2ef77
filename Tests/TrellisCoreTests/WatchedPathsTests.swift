import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct WatchedPathsTests {
    @Test func stampsSurviveTheirStoredForm() {
        let stamps = [
            FileStamp(path: ".", size: -1, modified: 1_764_093_798_123_456_789),
            FileStamp(path: "libs/über-lib", size: -1, modified: 0),
            FileStamp(path: "/home/alice/.config/git/ignore", size: -2, modified: -1),
            FileStamp(path: ".gitignore", size: 12, modified: 42),
        ]
        #expect(WatchedPaths.decode(WatchedPaths.encode(stamps)) == stamps)
        #expect(WatchedPaths.decode(Data()).isEmpty)
    }

    /// A folder stamped while it may still be changing is recorded as "list again" (0).
    @Test func aFolderChangedDuringTheListingIsListedAgain() throws {
        let repository = try TemporaryRepository(["libs/a/pyproject.toml": "[project]\nname = \"a\"\n"])
        let old = Date(timeIntervalSinceNow: -60)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: "\(repository.root)/libs")
        let stamps = WatchedPaths.stamps(["libs", "libs/a", "nowhere"], root: repository.root, listedAt: Date())
        #expect(stamps.map(\.size) == [-1, -1, -2])
        #expect(stamps[0].modified != 0)
        #expect(stamps[1].modified == 0)
        #expect(moved(Array(stamps[0...0]), root: repository.root, firstOnly: false) == [])
        #expect(moved(stamps, root: repository.root, firstOnly: false) == ["libs/a"])
    }

    /// The stat of stored stamps reports exactly the entries that differ now, with their stamps
    /// now: a file of another size, a path gone, one that appeared; a relative path is taken
    /// from the root, an absolute one as it is.
    @Test func onlyWhatMovedIsReported() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": "[project]\nname = \"a\"\n", "libs/b/pyproject.toml": "[project]\n",
        ])
        let old = Date(timeIntervalSinceNow: -60)
        for path in ["libs/a/pyproject.toml", "libs/b/pyproject.toml", ".", "libs", "libs/a", "libs/b"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: "\(repository.root)/\(path)")
        }
        let paths = [
            ".", "libs", "libs/a/pyproject.toml", "libs/b/pyproject.toml", "nowhere", "\(repository.root)/libs/a",
        ]
        let stamps = WatchedPaths.stamps(paths, root: repository.root, listedAt: Date())
        #expect(stamps.allSatisfy { $0.modified != 0 })
        #expect(moved(stamps, root: repository.root, firstOnly: false) == [])
        // In place (no folder changes) and a removal (only libs/b, not watched here, changes).
        let edited = "[project]\nname = \"a\"\nversion = \"2\"\n"
        try repository.write(["libs/a/pyproject.toml": edited])
        try FileManager.default.removeItem(atPath: "\(repository.root)/libs/b/pyproject.toml")
        #expect(
            moved(stamps, root: repository.root, firstOnly: false) == [
                "libs/a/pyproject.toml", "libs/b/pyproject.toml",
            ])
        let encoded = WatchedPaths.encode(stamps)
        let found =
            encoded.withUnsafeBytes { WatchedPaths.moved(in: $0, root: repository.root, firstOnly: false) } ?? []
        #expect(found.map(\.size) == [Int64(edited.utf8.count), -2])
        #expect(found.map(\.modified).last == -1)
        #expect(moved(stamps, root: repository.root, firstOnly: true)?.count == 1)
        #expect(moved(stamps, root: "\(repository.root)/nowhere-at-all", firstOnly: false) == nil)
    }

    /// The paths `WatchedPaths.moved` reports for `stamps` in their stored form.
    func moved(_ stamps: [FileStamp], root: String, firstOnly: Bool) -> [String]? {
        WatchedPaths.encode(stamps).withUnsafeBytes { WatchedPaths.moved(in: $0, root: root, firstOnly: firstOnly) }?
            .map(\.path)
    }
}
