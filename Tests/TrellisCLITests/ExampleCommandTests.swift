import Foundation
import Testing
import TrellisTestSupport

/// The CLI on a copy of the bundled example, in-process. The expected answers come from
/// Examples/ml-monorepo/EXPECTED.md, written by reading the manifests.
@Suite struct ExampleCommandTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root], in: repository.root)
    }

    func names(_ run: TrellisRun) throws -> [String] {
        let list = try #require(try run.json() as? [[String: Any]])
        return list.compactMap { $0["name"] as? String }
    }

    @Test func directDependentsOfLibOne() throws {
        let run = trellis("dependents", "lib-one", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try names(run) == ["preprocessing", "project-one", "project-two"])
        let depths = try #require(try run.json() as? [[String: Any]]).map { $0["depth"] as? Int }
        #expect(depths == [1, 1, 1])
    }

    @Test func transitiveDependentsCarryTheirDepth() throws {
        let run = trellis("dependents", "lib-one", "-t", "--json")
        let entries = try #require(try run.json() as? [[String: Any]])
        let pairs = entries.map { "\($0["name"] as? String ?? "?")@\($0["depth"] as? Int ?? -1)" }
        #expect(pairs == ["preprocessing@1", "project-one@1", "project-two@1", "serving@2", "training@2"])
        #expect(entries.allSatisfy { Set($0.keys) == ["name", "path", "kind", "depth"] })
    }

    @Test func depthLimitsTheTraversal() throws {
        let run = trellis("dependents", "logger", "-t", "--depth", "1", "--json")
        #expect(try names(run) == ["lib-one", "project-one", "project-two"])
    }

    @Test(arguments: ["Lib_One", "LIB.one", "libs/lib-one", "./libs/lib-one/"])
    func anySpellingNamesTheModule(spelling: String) throws {
        let run = trellis("dependents", spelling, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try names(run) == ["preprocessing", "project-one", "project-two"])
    }

    @Test func unknownModuleExitsTwoAndSuggests() {
        let run = trellis("dependents", "lib-onne")
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no module named 'lib-onne'; did you mean 'lib-one'?"))
    }

    @Test func usageErrorsExitSixtyFour() {
        #expect(trellis("dependents", "lib-one", "--depth", "2").status == 64)
        #expect(trellis("dependents").status == 64)
        #expect(trellis("graph", "--format", "gif").status == 64)
    }

    @Test func dependenciesOfAProject() throws {
        let run = trellis("dependencies", "training", "-t", "--json")
        let entries = try #require(try run.json() as? [[String: Any]])
        #expect(
            entries.map { "\($0["name"] as? String ?? "")@\($0["depth"] as? Int ?? 0)" }
                == ["preprocessing@1", "lib-one@2", "logger@3"])
    }

    @Test func dependenciesWithExternalRequirements() throws {
        let run = trellis("dependencies", "lib-one", "--external", "--json")
        let entries = try #require(try run.json() as? [[String: Any]])
        let external = entries.filter { $0["kind"] as? String == "external" }
        #expect(external.contains { $0["name"] as? String == "pydantic" && $0["required_by"] as? String == "lib-one" })
        #expect(entries.contains { $0["name"] as? String == "logger" && $0["kind"] as? String == "lib" })
    }

    @Test func showGivesEdgesWithFileAndLine() throws {
        let run = trellis("show", "lib-one", "--json")
        let shown = try #require(try run.json() as? [String: Any])
        #expect(shown["version"] as? String == "1.4.0")
        let dependencies = try #require(shown["dependencies"] as? [[String: Any]])
        #expect(dependencies.count == 1)
        #expect(dependencies.first?["name"] as? String == "logger")
        #expect(dependencies.first?["file"] as? String == "libs/lib-one/pyproject.toml")
        #expect(dependencies.first?["line"] as? Int == 11)
        #expect(dependencies.first?["editable"] as? Bool == true)
        let dependents = try #require(shown["dependents"] as? [[String: Any]])
        let groups = Dictionary(
            uniqueKeysWithValues: dependents.map { ($0["name"] as? String ?? "", $0["group"] as? String ?? "") })
        #expect(groups == ["preprocessing": "main", "project-one": "main", "project-two": "dev"])
        // The Poetry 2 edge came from an absolute URL of Alice's machine, resolved through the lock file.
        #expect(dependents.first { $0["name"] as? String == "preprocessing" }?["resolution"] as? String == "lock-file")
    }

    @Test func modulesByKind() throws {
        let run = trellis("modules", "--kind", "project", "--json")
        #expect(try names(run) == ["project-one", "project-two", "serving", "training"])
        let all = trellis("modules")
        #expect(
            all.stdout.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "NAME", "VERSION", "KIND", "PATH",
            ])
        #expect(all.stdout.split(separator: "\n").count == 8)
    }

    @Test func graphIsValidDOTWithEveryModule() throws {
        let run = trellis("graph")
        #expect(run.status == 0)
        // Graphviz writes `-` in SVG titles as the entity &#45;.
        let svg = try renderWithGraphviz(run.stdout).replacingOccurrences(of: "&#45;", with: "-")
        for name in ["lib-one", "logger", "preprocessing", "project-one", "project-two", "training", "serving"] {
            #expect(svg.contains("<title>\(name)</title>"), "node \(name) missing from the SVG")
        }
        #expect(run.stdout.contains("subgraph \"cluster_libs\""))
        #expect(run.stdout.contains("\"project-two\" -> \"lib-one\" [arrowhead=empty, style=dashed, label=\"dev\""))
        #expect(trellis("graph").stdout == run.stdout, "two runs must give identical bytes")
    }

    @Test func dbPathDefaultsUnderTheRoot() {
        #expect(trellis("db", "path").stdout == "\(repository.root)/.trellis/registry.sqlite\n")
        let custom = runTrellis(
            ["db", "path", "--root", repository.root], in: repository.root, environment: ["TRELLIS_DB": "/tmp/x.sqlite"]
        )
        #expect(custom.stdout == "/tmp/x.sqlite\n")
    }

    @Test func queriesRefreshAfterAManifestChanges() throws {
        #expect(try names(trellis("dependents", "lib-one", "--json")).contains("project-one"))
        let manifest = "\(repository.root)/projects/project-one/pyproject.toml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        let edited = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("lib-one = ") }.joined(separator: "\n")
        #expect(edited != text)
        try edited.write(toFile: manifest, atomically: false, encoding: .utf8)
        #expect(try names(trellis("dependents", "lib-one", "--json")) == ["preprocessing", "project-two"])
        // --no-refresh answers from the registry as it is (already refreshed above).
        #expect(
            try names(trellis("dependents", "lib-one", "--json", "--no-refresh")) == ["preprocessing", "project-two"])
    }

    @Test func scanRecordsOnlyWhenSomethingChanged() throws {
        let first = trellis("scan")
        #expect(first.status == 0)
        #expect(first.stdout.contains("Scanned 8 manifests: 7 modules, 8 path edges"))
        #expect(first.stdout.contains("Recorded snapshot #1"))
        let second = trellis("scan")
        #expect(second.stdout.contains("No change since snapshot #1."))
        let json = try #require(try trellis("scan", "--json").json() as? [String: Any])
        #expect(json["recorded"] is NSNull)
        #expect(
            (json["diagnostics"] as? [[String: Any]])?.map { $0["code"] as? String } == [
                "resolved-by-lock-file", "resolved-by-lock-file",
            ])
    }

    @Test func aBrokenManifestLosesNothing() throws {
        #expect(trellis("scan").status == 0)
        try repository.write(["libs/lib-one/pyproject.toml": "[tool.poetry]\nname = \"lib-one\"\nversion = \n"])
        let run = trellis("dependents", "lib-one", "--json")
        #expect(run.status == 0)
        #expect(try names(run) == ["preprocessing", "project-one", "project-two"])
        #expect(run.stderr.contains("libs/lib-one/pyproject.toml:3: error: invalid TOML"))
        let dependencies = trellis("dependencies", "lib-one", "--json")
        #expect(try names(dependencies) == ["logger"], "lib-one keeps its edge from the last snapshot")
    }

    @Test func answersSurviveAMoveToAnotherFolder() throws {
        let before = trellis("dependents", "logger", "-t", "--json").stdout
        let moved = try TemporaryRepository(prefix: "trellis-moved")
        try moved.copy(from: repository.root)
        #expect(!FileManager.default.fileExists(atPath: "\(moved.root)/.trellis"), "the copy starts without a registry")
        let after = runTrellis(["dependents", "logger", "-t", "--json", "--root", moved.root], in: moved.root)
        #expect(after.status == 0)
        #expect(after.stdout == before)
    }
}
