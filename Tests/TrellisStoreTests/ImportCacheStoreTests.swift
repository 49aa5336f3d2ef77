import Foundation
import Testing
import TrellisCore
import TrellisTestSupport
import TrellisStore

/// The `import_file` rows: every field of an import survives the write and the read back, an
/// update replaces a row and deletes the rows of files gone, in a real registry file.
@Suite struct ImportCacheStoreTests {
    static let imports = [
        PythonImport(module: "a.b", line: 1),
        PythonImport(module: "a.b", names: ["c", "d"], line: 2, typingOnly: true),
        PythonImport(module: "", names: ["helpers"], level: 1, line: 3, optional: true),
        PythonImport(module: "sub", names: ["*"], level: 2, line: 40, typingOnly: true, optional: true),
    ]

    /// A line that is not an import (a row edited by hand) is left out; the rest is kept.
    @Test func aDamagedLineIsLeftOut() {
        let text = ImportCache.encode(Self.imports) + "\nfrom 3 0 x - -\nimport x 0 a - -\nimport 4 0 a b -"
        #expect(ImportCache.decode(text) == Self.imports)
        #expect(ImportCache.decode("") == [])
    }

    @Test func rowsRoundTripAndUpdatesReplaceAndDelete() throws {
        let folder = try TemporaryRepository()
        let store = try RegistryStore(path: "\(folder.root)/registry.sqlite")
        let row = CachedImports(
            size: 120, modified: 1_700_000_000_123_456_789, inode: UInt64.max - 1, hash: "00ff", imports: Self.imports)
        let empty = CachedImports(size: 0, modified: 0, inode: 7, hash: "", imports: [])
        try store.updateImportCache(ImportCache.Update(changed: ["pkg/a.py": row, "pkg/empty.py": empty]))
        #expect(try store.importCache().files == ["pkg/a.py": row, "pkg/empty.py": empty])
        #expect(try store.importCache().files["pkg/a.py"]?.imports == Self.imports)

        var edited = row
        edited.encoded = ImportCache.encode([PythonImport(module: "z", line: 9)])
        try store.updateImportCache(ImportCache.Update(changed: ["pkg/a.py": edited], removed: ["pkg/empty.py"]))
        let reopened = try RegistryStore(path: "\(folder.root)/registry.sqlite")
        #expect(try reopened.importCache().files == ["pkg/a.py": edited])
        #expect(try reopened.importCache().files["pkg/a.py"]?.imports == [PythonImport(module: "z", line: 9)])
        #expect(try reopened.importCacheCount() == 1)
    }
}
