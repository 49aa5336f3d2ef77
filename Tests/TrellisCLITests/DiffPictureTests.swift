import Foundation
import Testing
import TrellisTestSupport

/// `diff --format mermaid|dot|svg|html` on a real git history (`graphChangeHistory`): the change
/// drawn, its neighbours only, every DOT accepted by Graphviz, and nothing at all when the graph
/// did not change.
@Suite struct DiffPictureTests {
    let repo: TemporaryRepository

    init() throws {
        repo = try TemporaryRepository.graphChangeHistory()
        let imported = runTrellis(["import-git", "--root", repo.root], in: repo.root)
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repo.root], in: repo.root)
    }

    @Test func mermaidGolden() throws {
        let run = trellis("diff", "before", "HEAD", "--format", "mermaid")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        try assertGolden(run.stdout, named: "diff-graph-change.mmd")
        // The name with a quote, `<` and a backslash is entity-encoded, never raw.
        #expect(!run.stdout.contains("<name>"))
        #expect(run.stdout.contains("odd#34;#60;name#62;#92;"))
        // core's new version is drawn with its old one, and core is marked changed.
        #expect(run.stdout.contains(#"m1["core<br/>1.0.0 #8594; 1.1.0"]"#))
    }

    @Test func dotGoldenIsDrawnByGraphvizWithTheChangeOnly() throws {
        let run = trellis("diff", "before", "HEAD", "--format", "dot")
        #expect(run.status == 0, "\(run.stderr)")
        try assertGolden(run.stdout, named: "diff-graph-change.dot")
        let svg = try renderWithGraphviz(run.stdout)
        // The changed modules, the ends of changed edges and the neighbours of changed modules
        // (web, which depends on core), plus the legend; api (unchanged, touching no changed
        // module) is left out.
        // (Graphviz keeps a quoted id's `\\` as two backslashes in the node's title; the label,
        // an escString, shows one.)
        #expect(
            GraphRenderingTests.svgNodeTitles(svg) == [
                "app", "core", "new", "old", #"odd"<name>\\"#, "util", "web", "trellis:legend",
            ])
        #expect(GraphRenderingTests.svgTexts(svg).contains(#"odd"<name>\"#))
    }

    @Test func svgAndHTMLAreDrawnByGraphviz() throws {
        let svg = trellis("diff", "before", "HEAD", "--format", "svg")
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout.contains("<svg"))
        #expect(svg.stdout.contains("#16a34a") && svg.stdout.contains("#dc2626") && svg.stdout.contains("#d97706"))
        #expect(GraphRenderingTests.svgNodeTitles(svg.stdout).contains("new"))
        let html = trellis("diff", "before", "HEAD", "--format", "html")
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") || html.stdout.hasPrefix("<!doctype html>"))
        #expect(html.stdout.contains("<svg"))
        #expect(!html.stdout.contains(#"odd"<name>"#))
    }

    @Test(arguments: ["mermaid", "dot", "svg", "html"])
    func noGraphChangePrintsNothing(format: String) throws {
        let run = trellis("diff", "HEAD", "HEAD", "--format", format)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.isEmpty)
        let file = "\(repo.root)/change.\(format)"
        #expect(trellis("diff", "before", "before", "--format", format, "-o", file).status == 0)
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func formatAndJSONAreTwoFormats() {
        #expect(trellis("diff", "before", "--format", "dot", "--json").status == 64)
        #expect(trellis("diff", "before", "-o", "x.dot").status == 64)
    }
}
