import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The ground truth of Examples/ml-monorepo, read from its EXPECTED.md (written by reading the
/// manifests), so the scan is compared with the document and not with its own output.
struct ExampleGroundTruth {
    struct ExpectedModule: Equatable {
        var name: String, path: String, version: String, kind: String
    }

    struct ExpectedEdge: Equatable {
        var from: String, to: String, group: String, editable: Bool, file: String, line: Int
        /// The first quoted declaration of the row, without its quotes and trailing comma.
        var declared: String
    }

    var modules: [ExpectedModule] = []
    var edges: [ExpectedEdge] = []

    init() throws {
        let text = try String(contentsOfFile: "\(ProjectPaths.example)/EXPECTED.md", encoding: .utf8)
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { section = String(line) }
            guard line.hasPrefix("| ") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if section.hasPrefix("## Modules"), cells.count > 5, cells[2].contains("/") {
                modules.append(ExpectedModule(name: cells[1], path: cells[2], version: cells[3], kind: cells[4]))
            }
            if section.hasPrefix("## Path edges"), cells.count > 7, Int(cells[1]) != nil {
                let location = cells[6].split(separator: " ")[0].split(separator: ":")
                let quoted = cells[6].split(separator: "`", omittingEmptySubsequences: false)[1]
                var declared = quoted.trimmingCharacters(in: .whitespaces)
                if declared.hasSuffix(",") { declared.removeLast() }
                if declared.hasPrefix("\"") && declared.hasSuffix("\"") {
                    declared = String(declared.dropFirst().dropLast())
                }
                edges.append(
                    ExpectedEdge(
                        from: cells[2], to: cells[3], group: cells[4], editable: cells[5] != "no",
                        file: String(location[0]), line: Int(location[1]) ?? -1, declared: declared))
            }
        }
    }
}

@Suite struct ExampleScanTests {
    let truth: ExampleGroundTruth

    init() throws {
        truth = try ExampleGroundTruth()
    }

    @Test func theGroundTruthWasRead() {
        #expect(truth.modules.count == 7)
        #expect(truth.edges.count == 8)
    }

    func checkAgainstGroundTruth(_ snapshot: Snapshot) {
        #expect(snapshot.modules.count == 7)
        #expect(snapshot.edges.count == 8)
        let modules = snapshot.modules.map {
            ExampleGroundTruth.ExpectedModule(
                name: $0.name.rawValue, path: $0.path, version: $0.version ?? "nil", kind: $0.kind.rawValue)
        }
        #expect(modules.sorted { $0.name < $1.name } == truth.modules.sorted { $0.name < $1.name })
        let order = { (a: ExampleGroundTruth.ExpectedEdge, b: ExampleGroundTruth.ExpectedEdge) in
            (a.from, a.to, a.group) < (b.from, b.to, b.group)
        }
        let name = { (folder: String) in snapshot.modules.first { $0.path == folder }?.name.rawValue ?? folder }
        let found = snapshot.edges.map { edge in
            ExampleGroundTruth.ExpectedEdge(
                from: name(edge.from), to: name(edge.to), group: edge.group, editable: edge.editable,
                file: edge.file, line: edge.line,
                declared: truth.edges.first { $0.from == name(edge.from) && $0.to == name(edge.to) }
                    .map { edge.declared.hasPrefix($0.declared) ? $0.declared : edge.declared } ?? edge.declared)
        }
        #expect(found.sorted(by: order) == truth.edges.sorted(by: order))
        // None is optional; how each was matched (EXPECTED.md: edges 2 and 7 through the locks'
        // relative `url`, edge 8 through the workspace, the rest by relative path).
        #expect(snapshot.edges.allSatisfy { !$0.optional })
        #expect(
            snapshot.edges.map { "\(name($0.from))>\(name($0.to)) \($0.resolution.rawValue)" }.sorted() == [
                "lib-one>logger path",
                "preprocessing>lib-one lock-file",
                "project-one>lib-one path",
                "project-one>logger path",
                "project-two>lib-one path",
                "project-two>logger path",
                "serving>preprocessing workspace",
                "training>preprocessing lock-file",
            ])
    }

    @Test(arguments: [true, false])
    func scanningTheExampleGivesTheGroundTruth(useGit: Bool) throws {
        let outcome = try RepositoryScanner(root: ProjectPaths.example, useGit: useGit).scan()
        checkAgainstGroundTruth(outcome.snapshot)
    }

    /// EXPECTED.md: "Externals are not edges", and `python` is no dependency.
    @Test func externalRequirementsAreExactlyTheExternals() throws {
        let snapshot = try RepositoryScanner(root: ProjectPaths.example).scan().snapshot
        let requirements = snapshot.requirements.map { "\(snapshot.name(of: $0.module)) \($0.package) \($0.group)" }
            .sorted()
        #expect(
            requirements == [
                "lib-one pydantic main", "lib-one pyyaml main",
                "logger structlog main",
                "preprocessing numpy main",
                "project-one click main", "project-one pytest dev",
                "project-two httpx main", "project-two pytest dev",
                "serving fastapi main", "serving uvicorn main",
                "training pytest dev", "training scikit-learn main", "training torch main",
            ])
        let moduleNames = Set(snapshot.modules.map(\.name))
        #expect(snapshot.requirements.allSatisfy { !moduleNames.contains($0.package) })
    }

    @Test func theOnlyDiagnosticsSayWhichLockResolvedAnOldURL() throws {
        let snapshot = try RepositoryScanner(root: ProjectPaths.example).scan().snapshot
        #expect(
            snapshot.diagnostics.map { "\($0.severity.rawValue) \($0.code) \($0.file):\($0.line)" } == [
                "info resolved-by-lock-file libs/preprocessing/pyproject.toml:12",
                "info resolved-by-lock-file projects/training/pyproject.toml:11",
            ])
    }

    @Test func theScanReadsEveryManifestAndLock() throws {
        let outcome = try RepositoryScanner(root: ProjectPaths.example).scan()
        #expect(
            outcome.files.map(\.path) == [
                "libs/lib-one/pyproject.toml", "libs/logger/pyproject.toml", "libs/preprocessing/poetry.lock",
                "libs/preprocessing/pyproject.toml", "projects/project-one/pyproject.toml",
                "projects/project-two/pyproject.toml",
                "projects/serving/pyproject.toml", "projects/training/poetry.lock", "projects/training/pyproject.toml",
                "pyproject.toml",
            ])
        #expect(outcome.files.allSatisfy { $0.hash.count == 16 && $0.size > 0 })
    }

    /// Alice's absolute URLs point nowhere on this machine wherever the checkout is: a copy in
    /// another folder gives the same graph, file for file and line for line.
    @Test func aCopyInAnotherFolderGivesTheSameGraph() throws {
        let original = try RepositoryScanner(root: ProjectPaths.example).scan().snapshot
        let copy = try TemporaryRepository(prefix: "moved-ml-monorepo")
        try copy.copy(from: ProjectPaths.example, to: "checkouts/bob/ml-monorepo")
        let moved = try RepositoryScanner(root: "\(copy.root)/checkouts/bob/ml-monorepo").scan().snapshot
        checkAgainstGroundTruth(moved)
        #expect(moved.edges == original.edges)
        #expect(moved.modules == original.modules)
        #expect(moved.requirements == original.requirements)
    }

    @Test func aCopyCommittedToItsOwnGitRepositoryGivesTheSameGraph() throws {
        let original = try RepositoryScanner(root: ProjectPaths.example).scan().snapshot
        let copy = try TemporaryRepository()
        try copy.copy(from: ProjectPaths.example)
        try copy.commitAll()
        let scanned = try RepositoryScanner(root: copy.root, useGit: true).scan().snapshot
        #expect(scanned.edges == original.edges)
        #expect(scanned.modules == original.modules)
    }

    /// Without the two poetry.lock files, edges 2 and 7 still resolve: the URLs' paths below
    /// Alice's root (`libs/lib-one`, `libs/preprocessing`) name modules here (EXPECTED.md).
    @Test func withoutTheLocksTheOldURLsResolveByPathSuffix() throws {
        let copy = try TemporaryRepository()
        try copy.copy(from: ProjectPaths.example)
        for lock in ["libs/preprocessing/poetry.lock", "projects/training/poetry.lock"] {
            try FileManager.default.removeItem(atPath: "\(copy.root)/\(lock)")
        }
        let snapshot = try RepositoryScanner(root: copy.root).scan().snapshot
        let original = try RepositoryScanner(root: ProjectPaths.example).scan().snapshot
        #expect(
            snapshot.edges.filter { $0.resolution == .pathSuffix }.map {
                "\(snapshot.name(of: $0.from))>\(snapshot.name(of: $0.to))"
            } == [
                "preprocessing>lib-one", "training>preprocessing",
            ])
        var unresolved = snapshot.edges
        for index in unresolved.indices { unresolved[index].resolution = original.edges[index].resolution }
        #expect(unresolved == original.edges)
        #expect(snapshot.diagnostics.map(\.code) == [.resolvedByPathSuffix, .resolvedByPathSuffix])
    }
}
