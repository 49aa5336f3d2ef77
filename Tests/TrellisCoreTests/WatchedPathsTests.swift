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
        #expect(WatchedPaths.unchanged(Array(stamps[0...0]), root: repository.root))
        #expect(!WatchedPaths.unchanged(stamps, root: repository.root))
    }
}
