import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// `trellis graph` on a copy of the bundled example and on small hostile repositories: goldens for
/// DOT and Mermaid, every DOT through the real `dot -Tsvg`, the options and their usage errors.
@Suite struct GraphRenderingTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
    }

    func trellis(_ arguments: String..., in repository: TemporaryRepository? = nil) -> TrellisRun {
        let root = (repository ?? self.repository).root
        return runTrellis(arguments + ["--root", root], in: root)
    }

    /// Names from a JSON list answer (`modules`, `dependents`).
    func names(_ run: TrellisRun) throws -> [String] {
        try #require(try run.json() as? [[String: Any]]).compactMap { $0["name"] as? String }
    }

    /// The node names of an SVG drawn by Graphviz: the `<title>` of each `class="node"` group.
    static func svgNodeTitles(_ svg: String) -> Set<String> {
        var titles: Set<String> = []
        for part in svg.components(separatedBy: "class=\"node\"").dropFirst() {
            guard let start = part.range(of: "<title>"),
                let end = part.range(of: "</title>", range: start.upperBound..<part.endIndex)
            else { continue }
            titles.insert(unescapeXML(String(part[start.upperBound..<end.lowerBound])))
        }
        return titles
    }

    /// Every `<text>` of an SVG drawn by Graphviz, unescaped: the labels a person reads.
    static func svgTexts(_ svg: String) -> Set<String> {
        var texts: Set<String> = []
        for part in svg.components(separatedBy: "<text ").dropFirst() {
            guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</text>") else { continue }
            texts.insert(unescapeXML(String(part[part.index(after: start)..<end.lowerBound])))
        }
        return texts
    }

    static func unescapeXML(_ text: String) -> String {
        var result = text
        // Graphviz writes `-` as `&#45;` inside titles; numeric references first, `&amp;` last.
        while let range = result.range(of: "&#[0-9]+;", options: .regularExpression) {
            let code = UInt32(result[range].dropFirst(2).dropLast()) ?? 63
            result.replaceSubrange(range, with: String(Character(Unicode.Scalar(code) ?? "?")))
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }

    // MARK: Goldens, byte-stable

    static let variants: [(golden: String, arguments: [String])] = [
        ("example.dot", []),
        ("example-focus-lib-one-reverse.dot", ["--focus", "lib-one", "--reverse"]),
        ("example-external-highlight-lib-one.dot", ["--external", "--highlight", "lib-one"]),
        ("example.mmd", ["--format", "mermaid"]),
        ("example-focus-lib-one-reverse.mmd", ["--focus", "lib-one", "--reverse", "--format", "mermaid"]),
        ("example-external-highlight-lib-one.mmd", ["--format", "mermaid", "--external", "--highlight", "lib-one"]),
    ]

    @Test(arguments: variants.map(\.golden))
    func goldenAndByteStable(golden: String) throws {
        let arguments = try #require(Self.variants.first { $0.golden == golden }).arguments
        let first = runTrellis(["graph"] + arguments + ["--root", repository.root], in: repository.root)
        #expect(first.status == 0, "\(first.stderr)")
        // A second run, and a run on a second copy of the example elsewhere, give the same bytes.
        let second = runTrellis(["graph"] + arguments + ["--root", repository.root], in: repository.root)
        let elsewhere = try TemporaryRepository(prefix: "trellis-other")
        try elsewhere.copy(from: ProjectPaths.example)
        let third = runTrellis(["graph"] + arguments + ["--root", elsewhere.root], in: elsewhere.root)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout == third.stdout)
        try assertGolden(first.stdout, named: golden)
    }

    // MARK: Every DOT through Graphviz

    @Test func wholeGraphDrawsEveryModule() throws {
        let expected = try names(trellis("modules", "--json"))
        #expect(expected.count == 7)
        let svg = try renderWithGraphviz(trellis("graph").stdout)
        #expect(Self.svgNodeTitles(svg) == Set(expected))
    }

    @Test func focusReverseDrawsTheFocusAndItsDependentsOnly() throws {
        let dependents = try names(trellis("dependents", "lib-one", "-t", "--json"))
        let run = trellis("graph", "--focus", "lib-one", "--reverse")
        let svg = try renderWithGraphviz(run.stdout)
        #expect(Self.svgNodeTitles(svg) == Set(dependents + ["lib-one"]))
        #expect(!Self.svgNodeTitles(svg).contains("logger"))
        // `--format svg` gives the same drawing straight away.
        let direct = trellis("graph", "--focus", "lib-one", "--reverse", "--format", "svg")
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.contains("<svg"))
        #expect(Self.svgNodeTitles(direct.stdout) == Set(dependents + ["lib-one"]))
    }

    @Test func focusDepthDrawsTheNeighbourhood() throws {
        // training → preprocessing → lib-one → logger: one edge away from preprocessing.
        let run = trellis("graph", "--focus", "preprocessing", "--depth", "1")
        let expected =
            try names(trellis("dependents", "preprocessing", "--json"))
            + names(trellis("dependencies", "preprocessing", "--json"))
        #expect(Self.svgNodeTitles(try renderWithGraphviz(run.stdout)) == Set(expected + ["preprocessing"]))
    }

    @Test func kindAndGroupNarrowTheGraph() throws {
        let projects = try names(trellis("modules", "--kind", "project", "--json"))
        let run = trellis("graph", "--kind", "project")
        #expect(Self.svgNodeTitles(try renderWithGraphviz(run.stdout)) == Set(projects))
        // The only dev edge of the example is project-two → lib-one (EXPECTED.md, edge 6).
        let dev = try #require(try trellis("graph", "--group", "dev", "--json").json() as? [String: Any])
        let edges = try #require(dev["edges"] as? [[String: Any]])
        #expect(edges.map { "\($0["from"] as? String ?? "")>\($0["to"] as? String ?? "")" } == ["project-two>lib-one"])
        let main = trellis("graph", "--group", "main")
        #expect(!main.stdout.contains("style=dashed"))
        _ = try renderWithGraphviz(main.stdout)
    }

    @Test func externalPackagesAreSeparateNodes() throws {
        let run = trellis("graph", "--focus", "serving", "--depth", "1", "--external")
        let svg = try renderWithGraphviz(run.stdout)
        // serving requires fastapi and uvicorn; preprocessing (its dependency) requires numpy.
        #expect(
            Self.svgNodeTitles(svg).isSuperset(of: [
                "serving", "preprocessing", "external:fastapi", "external:uvicorn", "external:numpy",
            ]))
        #expect(run.stdout.contains("\"external:fastapi\" [shape=ellipse"))
        let json = try #require(
            try trellis("graph", "--focus", "serving", "--depth", "1", "--external", "--json").json() as? [String: Any])
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(
            nodes.filter { $0["kind"] as? String == "external" }.compactMap { $0["name"] as? String }.sorted()
                == ["fastapi", "numpy", "uvicorn"])
        // Off by default.
        #expect(!trellis("graph").stdout.contains("external:"))
    }

    @Test func jsonShapeIsNodesAndEdges() throws {
        let json = try #require(try trellis("graph", "--format", "json", "--focus", "lib-one").json() as? [String: Any])
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        let edges = try #require(json["edges"] as? [[String: Any]])
        #expect(nodes.count == 7)
        #expect(Set(nodes[0].keys).isSuperset(of: ["name", "path", "version", "kind"]))
        #expect(nodes.filter { $0["focus"] as? Bool == true }.compactMap { $0["name"] as? String } == ["lib-one"])
        #expect(edges.count == 8)
        #expect(Set(edges[0].keys).isSuperset(of: ["from", "to", "group", "editable", "optional"]))
    }

    @Test func pngIsWrittenToTheOutputFile() throws {
        let file = "\(repository.root)/graph.png"
        let run = trellis("graph", "--format", "png", "--output", file)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try #require(FileManager.default.contents(atPath: file))
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(run.stdout.isEmpty)
    }

    @Test func relativeOutputIsWrittenWhereTheCommandRuns() throws {
        let run = runTrellis(
            ["graph", "--format", "mermaid", "-o", "graph.mmd", "--root", repository.root], in: repository.root)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: "\(repository.root)/graph.mmd", encoding: .utf8)
        #expect(written == trellis("graph", "--format", "mermaid").stdout)
        let unwritable = trellis("graph", "-o", "\(repository.root)/no/such/folder/graph.dot")
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("cannot write"))
    }

    @Test func pngGoesToStandardOutputAsBytes() throws {
        guard let binary = ProjectPaths.trellisBinary else {
            print("skipped: the trellis executable was not built")
            return
        }
        let run = try Subprocess.run([binary, "graph", "--format", "png", "--root", repository.root])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test func missingGraphvizNamesThePackage() throws {
        guard let binary = ProjectPaths.trellisBinary else {
            print("skipped: the trellis executable was not built")
            return
        }
        _ = trellis("scan")
        // env runs the binary with a PATH where no `dot` can be found.
        let run = try Subprocess.run([
            "PATH=/nonexistent", binary, "graph", "--format", "svg", "--root", repository.root,
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("install the `graphviz` package"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        // DOT and Mermaid need no Graphviz.
        let dot = try Subprocess.run([
            "PATH=/nonexistent", binary, "graph", "--format", "mermaid", "--root", repository.root,
        ])
        #expect(dot.status == 0, "\(dot.stderr)")
        // Nor does the layered layout: Trellis draws that SVG itself.
        let layered = try Subprocess.run([
            "PATH=/nonexistent", binary, "graph", "--format", "svg", "--layout", "layered", "--root", repository.root,
        ])
        #expect(layered.status == 0, "\(layered.stderr)")
        #expect(layered.output.contains(#"<g id="n0" class="node"><title>lib-one 1.4.0 at libs/lib-one</title>"#))
    }

    @Test func usageErrorsExitSixtyFour() {
        #expect(trellis("graph", "--highlight", "affected:").status == 64, "affected: needs a revision")
        #expect(trellis("graph", "--depth", "2").status == 64)
        #expect(trellis("graph", "--reverse").status == 64)
        #expect(trellis("graph", "--format", "gif").status == 64)
        #expect(trellis("graph", "--kind", "service").status == 64)
        #expect(trellis("graph", "--json", "--format", "mermaid").status == 64)
        let layout = trellis("graph", "--layout", "layered")
        #expect(layout.status == 64)
        #expect(layout.stderr.contains("--layout goes with --format svg or html"), "\(layout.stderr)")
        #expect(trellis("graph", "--highlight", "lib-onne").status == 2)
        let unknown = trellis("graph", "--focus", "lib-onne")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'lib-one'?"))
    }

    // MARK: Highlight

    @Test func highlightCyclesColoursOnlyTheCycle() throws {
        let cyclic = try TemporaryRepository([
            "libs/a/pyproject.toml": Self.poetry("a", deps: ["b"]),
            "libs/b/pyproject.toml": Self.poetry("b", deps: ["a"]),
            "libs/c/pyproject.toml": Self.poetry("c", deps: ["a"]),
        ])
        let run = trellis("graph", "--highlight", "cycles", in: cyclic)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let red = lines.filter { $0.contains("#dc2626") }.map {
            $0.trimmingCharacters(in: .whitespaces).prefix(while: { $0 != "[" })
        }
        #expect(
            Set(red.map { $0.trimmingCharacters(in: .whitespaces) }) == [
                "\"a\"", "\"b\"", "\"a\" -> \"b\"", "\"b\" -> \"a\"",
            ])
        _ = try renderWithGraphviz(run.stdout)
        let mermaid = trellis("graph", "--highlight", "cycles", "--format", "mermaid", in: cyclic).stdout
        #expect(mermaid.contains("class m0,m1 highlighted"))
    }

    @Test func highlightNameColoursItsDependents() throws {
        let dependents = try names(trellis("dependents", "preprocessing", "-t", "--json"))
        let json = try #require(try trellis("graph", "--highlight", "preprocessing", "--json").json() as? [String: Any])
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        let highlighted = nodes.filter { $0["highlighted"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(Set(highlighted) == Set(dependents + ["preprocessing"]))
    }

    // MARK: Escaping

    /// Names that try to break each format: quotes, backslashes, markup, Mermaid syntax, unicode.
    static let hostileNames = [
        #"q"uote\back"#, "<script>alert(1)</script>", "a|b]c[d{e}#f;g", "ünïcødé-模块", "x\\N\\G",
        "ends-with-backslash\\",
    ]

    /// A Poetry manifest of `name` depending, editable, on the modules in the folders `libs/<dep>`.
    static func poetry(_ name: String, deps: [String] = []) -> String {
        TrellisTestSupport.poetry(
            name,
            dependencies: deps.enumerated().map { index, dep in
                "dep\(index) = {path = \"../../libs/\(dep)\", develop = true}"
            })
    }

    func hostileRepository() throws -> TemporaryRepository {
        var files: [String: String] = [:]
        for (index, name) in Self.hostileNames.enumerated() {
            files["libs/m\(index)/pyproject.toml"] = Self.poetry(name)
        }
        files["projects/app/pyproject.toml"] = Self.poetry("app", deps: Self.hostileNames.indices.map { "m\($0)" })
        return try TemporaryRepository(files)
    }

    @Test func hostileNamesSurviveDOT() throws {
        let hostile = try hostileRepository()
        let modules = try names(trellis("modules", "--json", in: hostile))
        #expect(modules.count == Self.hostileNames.count + 1)
        let run = trellis("graph", "--external", in: hostile)
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try renderWithGraphviz(run.stdout)
        // Node ids are the quoted names (DOT keeps `\\` as two characters in an id); the labels,
        // which DOT unescapes, show every name exactly as declared.
        #expect(Self.svgNodeTitles(svg).count == modules.count)
        #expect(Self.svgTexts(svg).isSuperset(of: modules))
        #expect(!svg.contains("<script>"))
        #expect(trellis("graph", "--highlight", "app", in: hostile).status == 0)
    }

    @Test func hostileNamesSurviveMermaid() throws {
        let hostile = try hostileRepository()
        let run = trellis("graph", "--format", "mermaid", in: hostile)
        #expect(run.status == 0, "\(run.stderr)")
        // Every label is one quoted string without a raw quote, markup or Mermaid syntax in it.
        let labels = run.stdout.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("m") && $0.contains("[\"")
        }
        #expect(labels.count == Self.hostileNames.count + 1)
        for label in labels {
            let inner = label.drop(while: { $0 != "\"" }).dropFirst().dropLast(2)
            #expect(
                !inner.contains("\"") && !inner.contains("<script") && !inner.contains("|") && !inner.contains("]"),
                "\(label)")
        }
        #expect(run.stdout.contains("#60;script#62;alert#40;1#41;#60;/script#62;"))
        #expect(run.stdout.contains("#252;n#239;c#248;d#233;-#27169;#22359;"))
    }

    @Test func htmlDataCannotCloseItsScriptElement() throws {
        let hostile = try hostileRepository()
        let file = "\(hostile.root)/graph.html"
        let run = trellis("graph", "--format", "html", "--output", file, in: hostile)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(html.components(separatedBy: "</script>").count - 1 == 2)
        // Nothing to fetch, and a policy that would refuse any fetch.
        #expect(!html.contains(" src="))
        #expect(!html.contains("https://"))
        #expect(html.contains("default-src 'none'"))
    }
}
