import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@testable import TrellisCLI

/// `affected --explain`, `--format github-matrix` and `--format gitlab` on a copy of the example
/// (lib-one ← preprocessing ← serving, training; lib-one ← project-one, project-two).
@Suite struct AffectedFormatTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root], in: repository.root)
    }

    static let libOneFile = "libs/lib-one/src/lib_one/__init__.py"

    @Test func explainGivesTheTrailFromTheChangedFile() throws {
        let run = trellis("affected", "--files", Self.libOneFile, "--kind", "project", "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                NAME         KIND     REASON   PATH                  TRAIL
                project-one  project  depends  projects/project-one  \(Self.libOneFile) → lib-one → project-one
                project-two  project  depends  projects/project-two  \(Self.libOneFile) → lib-one → project-two
                serving      project  depends  projects/serving      \(Self.libOneFile) → lib-one → preprocessing → serving
                training     project  depends  projects/training     \(Self.libOneFile) → lib-one → preprocessing → training

                """)
        let json = try #require(
            try trellis("affected", "--files", Self.libOneFile, "--explain", "--json").json() as? [[String: Any]])
        let serving = try #require(json.first { $0["name"] as? String == "serving" })
        #expect(Set(serving.keys) == ["name", "path", "kind", "reason", "files", "trail"])
        #expect(serving["files"] as? [String] == [Self.libOneFile])
        #expect(
            (serving["trail"] as? [[String: String]])?.map { $0["path"]! } == [
                "libs/lib-one", "libs/preprocessing", "projects/serving",
            ])
        let changed = try #require(json.first { $0["reason"] as? String == "changed" })
        #expect((changed["trail"] as? [[String: String]])?.map { $0["name"]! } == ["lib-one"])
    }

    @Test func explainNamesWhatAnAffectedModuleNeeds() throws {
        let run = trellis(
            "affected", "--files", "projects/serving/x.py", "projects/serving/y.py", "--include-dependencies",
            "--explain")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.hasPrefix("serving ") && $0.hasSuffix("projects/serving/x.py (+1)") })
        #expect(
            rows.contains {
                $0.hasPrefix("logger ") && $0.hasSuffix("needed: serving → preprocessing → lib-one → logger")
            })
    }

    @Test func githubMatrixIsTheObjectFromJSONTakes() throws {
        let run = trellis("affected", "--files", Self.libOneFile, "--kind", "project", "--format", "github-matrix")
        #expect(run.status == 0, "\(run.stderr)")
        // One line, so `echo "matrix=$(…)" >> "$GITHUB_OUTPUT"` is one output.
        #expect(run.stdout.hasSuffix("}\n") && run.stdout.dropLast().allSatisfy { $0 != "\n" })
        let object = try #require(try run.json() as? [String: [[String: String]]])
        #expect(Array(object.keys) == ["include"])
        #expect(object["include"]?.map { $0["name"]! } == ["project-one", "project-two", "serving", "training"])
        #expect(
            object["include"]?.first == [
                "name": "project-one", "path": "projects/project-one", "kind": "project", "reason": "depends",
            ])
        let none = trellis("affected", "--files", "README.md", "--format", "github-matrix")
        #expect(none.stdout == #"{"include":[]}"# + "\n")
    }

    /// The YAML is read back by PyYAML (from the test venv; GitLab's own parser is Ruby's
    /// Psych, a YAML 1.1 reader like PyYAML): a job per module extending `.trellis-module`, and
    /// a job of its own when nothing is affected, since GitLab rejects a pipeline without jobs.
    @Test(.enabled(if: Self.yamlReader != nil, "no python with PyYAML: run tools/install-test-deps.sh"))
    func gitlabChildPipelineParses() throws {
        let run = trellis(
            "affected", "--files", Self.libOneFile, "--kind", "project", "--format", "gitlab", "--gitlab-include",
            "ci/module.yml")
        #expect(run.status == 0, "\(run.stderr)")
        let pipeline = try Self.readYAML(run.stdout)
        #expect((pipeline["include"] as? [[String: String]]) == [["local": "ci/module.yml"]])
        let jobs = pipeline.filter { $0.key != "include" }
        #expect(jobs.keys.sorted() == ["project-one", "project-two", "serving", "training"])
        let serving = try #require(jobs["serving"] as? [String: Any])
        #expect(serving["extends"] as? String == ".trellis-module")
        #expect(
            serving["variables"] as? [String: String] == [
                "TRELLIS_MODULE": "serving", "TRELLIS_PATH": "projects/serving", "TRELLIS_KIND": "project",
                "TRELLIS_REASON": "depends",
            ])
        let none = try Self.readYAML(trellis("affected", "--files", "README.md", "--format", "gitlab").stdout)
        #expect(Array(none.keys) == ["trellis-nothing-affected"])
    }

    /// Names YAML or GitLab would misread keep their text, and a name GitLab reserves for a
    /// keyword (`variables`) does not become one.
    @Test(.enabled(if: Self.yamlReader != nil, "no python with PyYAML: run tools/install-test-deps.sh"))
    func gitlabJobNamesSurviveHostileModuleNames() throws {
        let hostile = [#"odd": {x}"#, "variables", "line\u{2028}break"]
        let modules = hostile.enumerated().map { Module.test($0.element, path: "libs/m\($0.offset)") }
        let entries = AffectedModules(graph: DependencyGraph(modules: modules, edges: []))
            .affected(by: modules.map { "\($0.path)/a.py" })
        let pipeline = try Self.readYAML(AffectedPipelines.gitlab(entries, include: "x.yml"))
        let names = pipeline.compactMap { ($0.value as? [String: Any])?["variables"] as? [String: String] }
            .compactMap { $0["TRELLIS_MODULE"] }
        #expect(Set(names) == Set(hostile))
        #expect(pipeline["variables"] == nil)
    }

    @Test func formatsAreOneAtATime() {
        #expect(trellis("affected", "--format", "gitlab", "--json").status == 64)
        #expect(trellis("affected", "--format", "github-matrix", "--explain").status == 64)
        #expect(trellis("affected", "--format", "yaml").status == 64)
    }

    static let yamlReader: String? = {
        let venv =
            ProcessInfo.processInfo.environment["TRELLIS_E2E_VENV"] ?? "\(ProjectPaths.packageRoot)/.build/e2e-venv"
        let python = "\(venv)/bin/python"
        guard let check = try? Subprocess.run([python, "-c", "import yaml"], in: "/"), check.status == 0 else {
            return nil
        }
        return python
    }()

    /// The YAML as PyYAML reads it, through JSON.
    static func readYAML(_ text: String) throws -> [String: Any] {
        let python = try #require(yamlReader)
        let result = try Subprocess.run(
            [python, "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], in: "/",
            input: Data(text.utf8))
        #expect(result.status == 0, "\(result.stderr)\n\(text)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(text)")
    }
}
