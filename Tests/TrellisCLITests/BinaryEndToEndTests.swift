import Foundation
import Testing
import TrellisTestSupport

/// The real `trellis` executable, as a user runs it: stdout, stderr and exit code together.
@Suite(.enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"))
struct BinaryEndToEndTests {
    @Test func mainJobOnACopyOfTheExample() throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        let run = try runTrellisBinary(["dependents", "lib-one", "--root", repository.root], in: "/")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                NAME           KIND     DEPTH  PATH
                preprocessing  lib      1      libs/preprocessing
                project-one    project  1      projects/project-one
                project-two    project  1      projects/project-two

                """)
    }

    @Test func errorsGoToStderrWithExitCodes() throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        let unknown = try runTrellisBinary(["show", "loger", "--root", repository.root], in: "/")
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr == "trellis: error: no module named 'loger'; did you mean 'logger'?\n")
        let usage = try runTrellisBinary(["dependents", "--no-such-flag", "x"], in: repository.root)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--no-such-flag"))
        let missingRoot = try runTrellisBinary(["modules", "--root", "/nonexistent/folder"], in: "/")
        #expect(missingRoot.status == 2)
        #expect(missingRoot.stderr.contains("/nonexistent/folder is not a folder"))
    }

    @Test func helpExitsZero() throws {
        let run = try runTrellisBinary(["--help"], in: "/")
        #expect(run.status == 0)
        #expect(run.stdout.contains("dependents"))
    }
}
