import Foundation
import Testing
import TrellisTestSupport

/// `graph --highlight affected:REF` colours what `affected --since REF` lists.
@Suite struct GraphHighlightAffectedTests {
    @Test func aChangeInPreprocessingHighlightsItsDependents() throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        try repository.commitAll()
        try repository.write(["libs/preprocessing/src/preprocessing/__init__.py": "SCALE = 2\n"])
        let run = runTrellis(
            ["graph", "--format", "json", "--highlight", "affected:HEAD", "--root", repository.root],
            in: repository.root)
        #expect(run.status == 0, "\(run.stderr)")
        let graph = try #require(try run.json() as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: Any]])
        let highlighted = nodes.filter { $0["highlighted"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(highlighted.sorted() == ["preprocessing", "serving", "training"])
        let edges = try #require(graph["edges"] as? [[String: Any]])
        let lit = edges.filter { $0["highlighted"] as? Bool == true }.map {
            "\($0["from"] as? String ?? "")>\($0["to"] as? String ?? "")"
        }
        #expect(lit.sorted() == ["serving>preprocessing", "training>preprocessing"])
        // The same highlight in DOT is valid Graphviz.
        let dot = runTrellis(["graph", "--highlight", "affected:HEAD", "--root", repository.root], in: repository.root)
        _ = try renderWithGraphviz(dot.stdout)
    }
}
