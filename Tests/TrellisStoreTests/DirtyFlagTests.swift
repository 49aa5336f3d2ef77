import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// A worktree snapshot records HEAD and whether a file Trellis reads differs from it.
@Suite struct DirtyFlagTests {
    static let manifest = "[project]\nname = \"a\"\nversion = \"1.0.0\"\n"

    func scan(_ repository: TemporaryRepository) throws -> SnapshotInfo {
        let registry = Registry(store: try RegistryStore(), scanner: RepositoryScanner(root: repository.root))
        return try #require(try registry.scan().ingest.recorded)
    }

    @Test func aCleanCheckoutIsNotDirty() throws {
        let repository = try TemporaryRepository(["libs/a/pyproject.toml": Self.manifest, "README.md": "x\n"])
        try repository.commitAll()
        try repository.write(["README.md": "changed, but not a manifest\n"])
        let info = try scan(repository)
        #expect(info.origin.dirty == false)
        #expect(
            info.origin.commit
                == (try repository.git("rev-parse", "HEAD")).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func anEditedTrackedManifestIsDirty() throws {
        let repository = try TemporaryRepository(["libs/a/pyproject.toml": Self.manifest])
        try repository.commitAll()
        try repository.write(["libs/a/pyproject.toml": Self.manifest.replacingOccurrences(of: "1.0.0", with: "1.1.0")])
        #expect(try scan(repository).origin.dirty)
    }

    @Test func anUntrackedManifestIsDirty() throws {
        let repository = try TemporaryRepository(["libs/a/pyproject.toml": Self.manifest])
        try repository.commitAll()
        try repository.write(["libs/b/pyproject.toml": "[project]\nname = \"b\"\nversion = \"1.0.0\"\n"])
        #expect(try scan(repository).origin.dirty)
    }
}
