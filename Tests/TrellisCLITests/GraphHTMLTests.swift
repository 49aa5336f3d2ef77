import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The HTML explorer opened in real headless Chromium (Debian's `chromium`). The page reads
/// `#search=…&click=…` and drives the same handlers a person does (an `input` event on the
/// search box, a `click` event on the node), then writes what it shows into `<body data-…>`,
/// which `--dump-dom` prints after the page's scripts ran.
@Suite(.serialized) struct GraphHTMLTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
    }

    static var chromium: String? { ProjectPaths.which("chromium") ?? ProjectPaths.which("chromium-browser") }

    /// Runs headless Chromium on `url` with `arguments` and a throw-away profile; returns stdout.
    static func chromium(_ arguments: [String], url: String) throws -> String {
        let binary = try #require(chromium)
        let profile = try TemporaryRepository(prefix: "trellis-chromium")
        let result = try Subprocess.run(
            [
                binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=\(profile.root)", "--virtual-time-budget=5000",
            ] + arguments + [url])
        guard result.status == 0 else {
            throw TestSupportError.commandFailed("chromium failed (\(result.status)): \(result.stderr)")
        }
        return result.output
    }

    /// Both layouts: Graphviz's (small graphs) and Trellis's layered one (large graphs) must
    /// give a page the same script drives.
    static let layouts = ["dot", "layered"]

    func exportHTML(in repository: TemporaryRepository, layout: String = "auto") throws -> String {
        let file = "\(repository.root)/graph-\(layout).html"
        let run = runTrellis(
            ["graph", "--format", "html", "--layout", layout, "--output", file, "--root", repository.root],
            in: repository.root)
        #expect(run.status == 0, "\(run.stderr)")
        return file
    }

    /// The attributes of `<body>` in a DOM dump, unescaped.
    static func bodyAttributes(_ dom: String) throws -> [String: String] {
        let start = try #require(dom.range(of: "<body"))
        let end = try #require(dom.range(of: ">", range: start.upperBound..<dom.endIndex))
        let tag = String(dom[start.upperBound..<end.lowerBound])
        var attributes: [String: String] = [:]
        let pattern = try NSRegularExpression(pattern: #"([a-z-]+)="([^"]*)""#)
        for match in pattern.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
            let key = String(tag[Range(match.range(at: 1), in: tag)!])
            attributes[key] = GraphRenderingTests.unescapeXML(String(tag[Range(match.range(at: 2), in: tag)!]))
        }
        return attributes
    }

    static func jsonList(_ text: String?) throws -> [String] {
        let text = try #require(text)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    }

    /// The class of every SVG node group, by the module name the page put on it.
    static func nodeClasses(_ dom: String) throws -> [String: Set<String>] {
        let pattern = try NSRegularExpression(pattern: #"<g id="n\d+" class="([^"]*)" data-name="([^"]*)""#)
        var classes: [String: Set<String>] = [:]
        for match in pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
            let name = GraphRenderingTests.unescapeXML(String(dom[Range(match.range(at: 2), in: dom)!]))
            classes[name] = Set(dom[Range(match.range(at: 1), in: dom)!].split(separator: " ").map(String.init))
        }
        return classes
    }

    @Test(arguments: layouts) func searchingAndClickingLibOneHighlightsItsDependents(layout: String) throws {
        guard Self.chromium != nil else {
            print("skipped: Chromium is not installed (tools/install-test-deps.sh installs Debian's chromium)")
            return
        }
        let file = try exportHTML(in: repository, layout: layout)
        let dom = try Self.chromium(["--dump-dom"], url: "file://\(file)#search=lib-one&click=lib-one")
        let body = try Self.bodyAttributes(dom)
        #expect(body["data-ready"] == "true", "the page's script did not finish: \(body)")
        #expect(body["data-error"] == nil)
        #expect(try Self.jsonList(body["data-matches"]) == ["lib-one"])
        #expect(body["data-selected"] == "lib-one")

        // What the page lights up is what the registry answers.
        let root = repository.root
        func names(_ arguments: String...) throws -> [String] {
            let run = runTrellis(arguments + ["--json", "--root", root], in: root)
            return try #require(try run.json() as? [[String: Any]]).compactMap { $0["name"] as? String }.sorted()
        }
        let dependents = try names("dependents", "lib-one", "-t")
        let dependencies = try names("dependencies", "lib-one", "-t")
        #expect(dependents == ["preprocessing", "project-one", "project-two", "serving", "training"])
        #expect(try Self.jsonList(body["data-dependents"]) == dependents)
        #expect(try Self.jsonList(body["data-dependencies"]) == dependencies)

        // The SVG nodes themselves carry the classes the stylesheet colours.
        let classes = try Self.nodeClasses(dom)
        #expect(classes.count == 7)
        #expect(classes["lib-one"]?.contains("selected") == true)
        for name in dependents {
            #expect(classes[name]?.contains("dependent") == true, "\(name): \(classes[name] ?? [])")
        }
        for name in dependencies { #expect(classes[name]?.contains("dependency") == true, "\(name)") }

        // The details panel shows the module's version and path.
        #expect(dom.contains(#"<dd data-field="version">1.4.0</dd>"#))
        #expect(dom.contains(#"<dd data-field="path">libs/lib-one</dd>"#))
    }

    @Test(arguments: layouts) func searchAloneMarksMatchesAndDimsTheRest(layout: String) throws {
        guard Self.chromium != nil else {
            print("skipped: Chromium is not installed (tools/install-test-deps.sh installs Debian's chromium)")
            return
        }
        let file = try exportHTML(in: repository, layout: layout)
        // Any spelling: the page normalizes the query as PEP 503 does.
        let dom = try Self.chromium(["--dump-dom"], url: "file://\(file)#search=Project_")
        let body = try Self.bodyAttributes(dom)
        #expect(try Self.jsonList(body["data-matches"]) == ["project-one", "project-two"])
        #expect(body["data-selected"] == nil)
        let classes = try Self.nodeClasses(dom)
        #expect(classes["project-one"]?.contains("match") == true)
        // Everything else is dimmed by one class on the drawing's container.
        #expect(classes["lib-one"] == ["node"])
        #expect(dom.contains(#"<div id="graph" class="dimmed""#))
    }

    @Test(arguments: layouts) func screenshotShowsThePage(layout: String) throws {
        guard Self.chromium != nil else {
            print("skipped: Chromium is not installed (tools/install-test-deps.sh installs Debian's chromium)")
            return
        }
        let file = try exportHTML(in: repository, layout: layout)
        let shot = "\(repository.root)/explorer-\(layout).png"
        _ = try Self.chromium(
            ["--screenshot=\(shot)", "--window-size=1400,800"], url: "file://\(file)#search=lib-one&click=lib-one")
        let png = try #require(FileManager.default.contents(atPath: shot))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: width and height, big-endian, at bytes 16..<24.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1400 && height == 800)
        // A blank page compresses to a few kilobytes; a drawn graph with its panel does not.
        #expect(png.count > 30_000, "screenshot is only \(png.count) bytes")
    }

    @Test(arguments: layouts) func hostileNamesStayText(layout: String) throws {
        guard Self.chromium != nil else {
            print("skipped: Chromium is not installed (tools/install-test-deps.sh installs Debian's chromium)")
            return
        }
        let names = [
            #"<img src=x onerror="document.title='pwned'">"#, "</script><script>document.title='pwned'</script>",
            #"q"uote\back"#,
        ]
        var files: [String: String] = [:]
        for (index, name) in names.enumerated() {
            files["libs/m\(index)/pyproject.toml"] = GraphRenderingTests.poetry(name)
        }
        files["projects/app/pyproject.toml"] = GraphRenderingTests.poetry("app", deps: names.indices.map { "m\($0)" })
        let hostile = try TemporaryRepository(files)
        let file = try exportHTML(in: hostile, layout: layout)
        let dom = try Self.chromium(["--dump-dom"], url: "file://\(file)#search=script&click=app")
        let body = try Self.bodyAttributes(dom)
        #expect(body["data-ready"] == "true")
        #expect(!dom.contains("<title>pwned"))
        #expect(!dom.contains("<img"))
        #expect(dom.components(separatedBy: "<script").count - 1 == 2)
        let expected = names.map { ModuleName($0).rawValue }
        #expect(try Self.jsonList(body["data-dependencies"]) == expected.sorted())
        #expect(try Self.jsonList(body["data-matches"]).count == 1)
    }
}
