import Testing
import TrellisCore

/// Every file name Trellis compares goes through `ManifestKind`: what it reads, and what it does not.
struct ManifestKindTests {
    @Test(arguments: [
        ("pyproject.toml", ManifestKind.pyproject), ("hatch.toml", .hatch), ("setup.cfg", .setupCfg),
        ("setup.py", .setupPy), ("tox.ini", .tox), ("trellis.toml", .configuration), ("poetry.lock", .poetryLock),
        ("uv.lock", .uvLock), ("pdm.lock", .pdmLock), ("requirements.txt", .requirements),
        ("dev-requirements.txt", .requirements),
        ("Requirements-Test.TXT", .requirements), ("constraints.txt", .requirements),
        ("constraints-py311.txt", .requirements),
    ])
    func namesTrellisReads(name: String, kind: ManifestKind) {
        #expect(ManifestKind(fileName: name) == kind)
        #expect(ManifestKind.of(path: "libs/lib-one/\(name)") == kind)
    }

    @Test(arguments: [
        "mypoetry.lock", "pyproject.toml.bak", "setup.py.j2", "notes.txt", "my-constraints.txt", "mypdm.lock",
    ])
    func namesTrellisDoesNotRead(name: String) {
        #expect(ManifestKind(fileName: name) == nil)
    }

    @Test func onlyLockFilesAreLockFiles() {
        #expect(ManifestKind.allCases.filter(\.isLockFile) == [.poetryLock, .uvLock, .pdmLock])
        #expect(ManifestKind.lockFiles.allSatisfy { $0.isLockFile })
    }
}
