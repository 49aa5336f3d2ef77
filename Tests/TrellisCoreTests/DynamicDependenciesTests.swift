import Testing
import TrellisCore
import TrellisTestSupport

/// Dependencies Trellis cannot read never look like "no dependencies". setuptools' documentation
/// (userguide/pyproject_config.rst, "Dynamic Metadata") allows `dependencies` and
/// `optional-dependencies` from `{file = […]}`: a *subset* of the requirements.txt format whose
/// non-comment lines must be PEP 508 (`-c`/`-r`/`-e` and other pip flags are not supported).
/// Hatch metadata hook tables are read as before; any other dynamic source is flagged, and
/// `[tool.uv.sources]` local paths that no dependency uses are noted.
@Suite struct DynamicDependenciesTests {
    func scan() throws -> Snapshot {
        try RepositoryScanner(root: "\(ProjectPaths.packageRoot)/Tests/Fixtures/dynamic-dependencies", useGit: false)
            .scan().snapshot
    }

    @Test func setuptoolsDynamicFilesAreRead() throws {
        let snapshot = try scan()
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("st ->") } == [
                "st -> core main editable path apps/st/deps/runtime-requirements.txt:2",
                "st -> extra full optional path apps/st/deps/full-requirements.txt:1",
            ])
        let requirements = snapshot.requirements.filter { $0.module == snapshot.folder(of: "st") }
        #expect(requirements.map { "\($0.package) \($0.group)" } == ["requests main"])
        let st = snapshot.diagnosticLines.filter { $0.contains("apps/st/") }
        #expect(
            st == [
                // The docs extra names a file that is not there.
                "dynamic-dependencies-not-read apps/st/pyproject.toml:13",
                // `-r` is pip syntax setuptools rejects in a dynamic file.
                "invalid-requirement apps/st/deps/full-requirements.txt:2",
                "unused-source apps/st/pyproject.toml:18",
            ])
    }

    @Test func anUnknownDynamicSourceIsFlaggedWithItsUnusedSources() throws {
        let snapshot = try scan()
        #expect(snapshot.edgeLines.filter { $0.hasPrefix("plugin ->") }.isEmpty)
        #expect(
            snapshot.diagnosticLines.filter { $0.contains("apps/plugin/") } == [
                "dynamic-dependencies-not-read apps/plugin/pyproject.toml:8",
                "unused-source apps/plugin/pyproject.toml:14",
                "unused-source apps/plugin/pyproject.toml:15",
            ])
        let warning = try #require(
            snapshot.diagnostics.first {
                $0.code == .dynamicDependenciesNotRead && $0.module == ModuleName("plugin")
            })
        #expect(warning.severity == .warning && warning.message.contains("acme_build.backend"))
    }

    @Test func hatchMetadataHooksStayRead() throws {
        let snapshot = try scan()
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("hooked ->") } == [
                "hooked -> core main path apps/hooked/pyproject.toml:11"
            ])
        #expect(!snapshot.diagnostics.contains { $0.file.hasPrefix("apps/hooked/") })
    }
}
