import Testing
@testable import TrellisCore
import TrellisTestSupport

/// How a relative path on a requirements-file or `tox.ini` line resolves. pip's own
/// `src/pip/_internal/req/req_file.py` (`RequirementsFileParser._parse_and_recurse`) joins only a
/// nested `-r`/`-c` path to `os.path.dirname(filename)`; a requirement line (`-e x`, `./x`) is
/// handed on as written (`handle_requirement_line`), so it resolves against the folder pip runs
/// in (pypa/pip#8765 "Surprising behaviour of relative directory references in requirement
/// files", #6112). tox runs pip in `{toxinidir}` (tox's `deps` documentation). So Trellis tries
/// the file's folder, then the folder the read started in, then the root, and says which.
@Suite struct RequirementsPathTests {
    let fixture = "\(ProjectPaths.packageRoot)/Tests/Fixtures/requirements-paths"

    func scan() throws -> Snapshot {
        try RepositoryScanner(root: fixture, useGit: false).scan().snapshot
    }

    /// services/api/test-requirements.txt is included by requirements-dev.txt and
    /// requirements-ci.txt: each of its lines is read in three groups, and reported once.
    @Test func rootRelativeLinesResolveAndEachLineIsReportedOnce() throws {
        let snapshot = try scan()
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("api ->") } == [
                "api -> core requirements-ci editable path services/api/test-requirements.txt:3",
                "api -> core requirements-dev editable path services/api/test-requirements.txt:3",
                "api -> core test-requirements editable path services/api/test-requirements.txt:3",
                "api -> pkg-flask requirements-ci editable path services/api/test-requirements.txt:2",
                "api -> pkg-flask requirements-dev editable path services/api/test-requirements.txt:2",
                "api -> pkg-flask test-requirements editable path services/api/test-requirements.txt:2",
            ])
        let api = snapshot.diagnosticLines.filter { $0.contains("services/api/") }
        #expect(
            api == [
                "broken-path services/api/test-requirements.txt:4",
                "resolved-by-working-directory services/api/test-requirements.txt:2",
            ])
        let note = try #require(
            snapshot.diagnostics.first {
                $0.code == .resolvedByWorkingDirectory && $0.file.hasPrefix("services/api")
            })
        #expect(note.severity == .info && note.message.contains("the repository root"))
        let broken = try #require(snapshot.diagnostics.first { $0.code == .brokenPath })
        #expect(broken.message.contains("services/api/libs/missing"))
        #expect(broken.message.contains("(libs/missing from the repository root)"))
    }

    /// tox.ini `deps`: `-r{toxinidir}/…` includes, a factor prefix, `{toxinidir}` in a path, a
    /// comment after a requirement, and a substitution Trellis does not expand.
    @Test func toxIniDepsAreDeclarations() throws {
        let snapshot = try scan()
        #expect(
            snapshot.edgeLines.filter { $0.hasPrefix("worker ->") } == [
                "worker -> core tox:lint editable path services/worker/tox.ini:12",
                "worker -> utils tox editable path services/worker/shared/requirements-test.txt:1",
            ])
        #expect(
            snapshot.requirements.filter { $0.module == snapshot.folder(of: "worker") }
                .map { "\($0.package) \($0.group) \($0.specifier) \($0.file):\($0.line)" } == [
                    "pytest tox >=8 services/worker/tox.ini:7",
                    "ruff tox:lint  services/worker/tox.ini:14",
                ])
        // The included file's `-e ../../libs/utils` is meant from {toxinidir} (services/worker).
        let note = try #require(
            snapshot.diagnostics.first {
                $0.file == "services/worker/shared/requirements-test.txt" && $0.code == .resolvedByWorkingDirectory
            })
        #expect(note.message.contains("relative to services/worker, to libs/utils"))
        #expect(snapshot.diagnosticLines.contains("tox-substitution-not-read services/worker/tox.ini:13"))
    }

    /// A shared file that two modules include gives one finding per line, not one per includer.
    @Test func aSharedIncludeIsReportedOncePerLine() {
        let result = resolveRepository([
            "services/a/pyproject.toml": project("a"),
            "services/a/requirements.txt": "-r ../common/test-requirements.txt\n",
            "services/b/pyproject.toml": project("b"),
            "services/b/requirements.txt": "-r ../common/test-requirements.txt\n",
            "services/common/test-requirements.txt": "-e libs/missing\n",
        ])
        #expect(
            result.diagnosticLines == [
                "broken-path services/common/test-requirements.txt:1",
                // Read on its own, the file sits in a folder that is no module.
                "requirements-outside-module services/common/test-requirements.txt:1",
            ])
    }

    @Test func toxLineValues() {
        #expect(ToxIniParser.value("py311,py312: -e {toxinidir}/libs/x") == "-e libs/x")
        #expect(ToxIniParser.value("-r{toxinidir}/requirements.txt") == "-rrequirements.txt")
        #expect(ToxIniParser.value("-e {toxinidir}") == "-e .")
        #expect(ToxIniParser.value("pkg @ file:../x  # local") == "pkg @ file:../x")
        #expect(ToxIniParser.value("{[testenv]deps}") == nil)
    }
}
