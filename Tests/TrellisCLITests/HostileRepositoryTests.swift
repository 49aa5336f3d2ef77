import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: repositories built to break a reader. `Tests/Fixtures/hostile` holds the small
/// cases (a manifest per invalid-TOML class, bytes that are not UTF-8, paths out of the root,
/// `file:///etc/passwd`, `-r /etc/passwd`, self-dependencies, names made of quotes, backslashes,
/// newlines, markup, unicode and shell metacharacters); the test adds what is large or cannot be
/// stored (20,000-deep nesting, symbolic link loops, links out of the root, a 1,000-module
/// cycle). Each gives a diagnostic naming file and line, or a clear error; no run traps; every
/// output format stays valid. The real binary runs each command, so a trap is a signal, not a
/// test crash.
@Suite(.enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"))
struct HostileRepositoryTests {
    static let fixture = "\(ProjectPaths.packageRoot)/Tests/Fixtures/hostile"
    static let depth = 20_000

    /// The fixture, the generated cases, and a folder outside the root that links point at.
    struct Hostile {
        let repository: TemporaryRepository
        let outside: TemporaryRepository

        init() throws {
            outside = try TemporaryRepository([
                "pyproject.toml": project("outside-secret"),
                "requirements.txt": "-e ../outside-secret-dependency\n",
                "lib/pyproject.toml": project("outside-folder-module"),
            ])
            repository = try TemporaryRepository()
            try repository.copy(from: HostileRepositoryTests.fixture)
            let deep = HostileRepositoryTests.depth
            let header = "[project]\nname = \"deep\"\nversion = \"1.0.0\"\n"
            try repository.write([
                "deep/arrays/pyproject.toml": header + "x = " + String(repeating: "[", count: deep)
                    + String(repeating: "]", count: deep) + "\n",
                "deep/inline-tables/pyproject.toml": header + "x = " + String(repeating: "{a=", count: deep) + "1"
                    + String(repeating: "}", count: deep) + "\n",
                "deep/dotted-key/pyproject.toml": header + "a" + String(repeating: ".a", count: deep) + " = 1\n",
                "deep/header/pyproject.toml": header + "[" + String(repeating: "a.", count: deep) + "a]\n",
                "deep/unclosed/pyproject.toml": header + "x = " + String(repeating: "[", count: deep) + "\n",
                "links/inside/pyproject.toml": project("links-inside"),
            ])
            let files = FileManager.default
            let links = "\(repository.root)/links"
            // A folder loop, a file that links to itself, links out of the root (a manifest, a
            // requirements file, a module folder), and a link that stays inside.
            try files.createSymbolicLink(atPath: "\(links)/inside/loop", withDestinationPath: "../inside")
            try files.createDirectory(atPath: "\(links)/self", withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: "\(links)/self/pyproject.toml", withDestinationPath: "pyproject.toml")
            try files.createDirectory(atPath: "\(links)/secret", withIntermediateDirectories: true)
            try files.createSymbolicLink(
                atPath: "\(links)/secret/pyproject.toml", withDestinationPath: "\(outside.root)/pyproject.toml")
            try files.createSymbolicLink(
                atPath: "\(links)/inside/requirements.txt", withDestinationPath: "\(outside.root)/requirements.txt")
            try files.createSymbolicLink(atPath: "\(links)/folder", withDestinationPath: "\(outside.root)/lib")
            try files.createSymbolicLink(atPath: "\(links)/etc", withDestinationPath: "/etc")
            try files.createDirectory(atPath: "\(links)/linked-inside", withIntermediateDirectories: true)
            try files.createSymbolicLink(
                atPath: "\(links)/linked-inside/pyproject.toml",
                withDestinationPath: "../../accepted/multiline-inline-table/pyproject.toml")
        }

        func run(_ arguments: [String]) throws -> TrellisRun {
            try runTrellisBinary(arguments + ["--root", repository.root], in: repository.root)
        }
    }

    /// A run that ended as a command ends (0, 1 or 2) and said nothing of an internal error.
    static func expectNoTrap(_ run: TrellisRun, _ command: [String]) {
        #expect([0, 1, 2].contains(run.status), "trellis \(command) exited \(run.status): \(run.stderr.prefix(2_000))")
        #expect(!run.stderr.contains("internal error"), "trellis \(command): \(run.stderr.prefix(2_000))")
        #expect(!run.stderr.contains("Fatal error"), "trellis \(command): \(run.stderr.prefix(2_000))")
    }

    static func diagnostics(_ run: TrellisRun) throws -> [(code: String, file: String, line: Int, message: String)] {
        try #require(try run.json() as? [[String: Any]]).map {
            (
                $0["code"] as? String ?? "", $0["file"] as? String ?? "", $0["line"] as? Int ?? -1,
                $0["message"] as? String ?? ""
            )
        }
    }

    @Test func everyCaseGivesADiagnosticWithFileAndLine() throws {
        let hostile = try Hostile()
        let scan = try hostile.run(["scan"])
        Self.expectNoTrap(scan, ["scan"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let check = try hostile.run(["check", "--json", "--no-refresh"])
        #expect(check.status == 1)
        let found = try Self.diagnostics(check)
        func expect(_ code: String, _ file: String, line: Int? = nil, _ message: String = "") {
            let match = found.contains { diagnostic in
                diagnostic.code == code && diagnostic.file == file
                    && (line.map { diagnostic.line == $0 } ?? (diagnostic.line >= 1))
                    && (message.isEmpty || diagnostic.message.contains(message))
            }
            #expect(match, "no \(code) at \(file):\(line.map(String.init) ?? "a line") \(message)")
        }
        // Every invalid TOML class: invalid-manifest at a line of its own file.
        let classes = try FileManager.default.contentsOfDirectory(atPath: "\(Self.fixture)/toml").sorted()
        #expect(classes.count >= 15)
        for name in classes { expect("invalid-manifest", "toml/\(name)/pyproject.toml", "invalid TOML") }
        // Nesting 20,000 deep: the same, at the line of the value.
        for name in ["arrays", "inline-tables", "dotted-key", "header", "unclosed"] {
            expect("invalid-manifest", "deep/\(name)/pyproject.toml", line: 4, "nested too deeply")
        }
        // Paths out of the root, absolute paths, URLs to system files, self-dependencies.
        expect("unresolved-absolute-path", "paths/escaper/pyproject.toml", line: 5, "/etc/passwd")
        expect("path-escapes-root", "paths/escaper/pyproject.toml", line: 6)
        expect("unresolved-absolute-path", "paths/escaper/pyproject.toml", line: 7)
        expect("requirements-include-escapes", "paths/escaper/requirements.txt", line: 1, "an absolute path")
        expect("requirements-include-escapes", "paths/escaper/requirements.txt", line: 2, "leaves the repository root")
        expect("requirements-include-escapes", "paths/escaper/requirements.txt", line: 4, "a URL")
        expect("unresolved-absolute-path", "paths/escaper/requirements.txt", line: 5, "/etc")
        expect("unresolved-absolute-path", "paths/escaper/requirements.txt", line: 6, "/etc/passwd")
        expect("path-escapes-root", "paths/poetry-escaper/pyproject.toml", line: 8)
        expect("broken-path", "paths/poetry-escaper/pyproject.toml", line: 9)
        // Names no installer accepts stay modules, with a warning at their line.
        for folder in try FileManager.default.contentsOfDirectory(atPath: "\(Self.fixture)/names") where folder != "app"
        {
            expect("invalid-name", "names/\(folder)/pyproject.toml", line: 2)
        }
        // Bytes that are not text: TOML must be UTF-8; a requirements file is read as pip reads it
        // (a UTF-16 one is read whole), else what does not decode is named at its line.
        expect("invalid-manifest", "encoding/latin1/pyproject.toml", line: 2, "byte 0xE9 is not UTF-8 (column 12)")
        expect("invalid-encoding", "encoding/latin1-requirements/requirements.txt", line: 1, "byte 0xE9")
        #expect(!found.contains { $0.file == "encoding/utf16-requirements/requirements.txt" })
        // A link out of the root is named and never read: no module from outside.
        expect("symlink-outside-root", "links/secret/pyproject.toml", line: 0, hostile.outside.root)
        let modules = try #require(try hostile.run(["modules", "--json", "--no-refresh"]).json() as? [[String: Any]])
        let names = Set(modules.compactMap { $0["name"] as? String })
        let paths = Set(modules.compactMap { $0["path"] as? String })
        #expect(!names.contains("outside-secret") && !names.contains("outside-folder-module"))
        #expect(!paths.contains { $0.hasPrefix("links/folder") || $0.hasPrefix("links/etc") })
        #expect(names.isSuperset(of: ["links-inside", "app", "escaper", "multiline-inline-table"]))
        #expect(!check.stdout.contains("outside-secret-dependency"), "the linked requirements file was read")
        let utf16 = try hostile.run(["dependents", "latin1-requirements", "--json", "--no-refresh"])
        #expect(utf16.stdout.contains("\"utf16-requirements\""), "the UTF-16 requirements file's edge: \(utf16.stdout)")
        // A link inside the root is read like the file it names (a second module of that name).
        expect("duplicate-name", "links/linked-inside/pyproject.toml")
    }

    /// Every command on the hostile repository ends as a command ends, and every output format is
    /// valid: Graphviz accepts the DOT, the JSON parses, the SVG is XML, the HTML and Mermaid hold
    /// no markup from a name.
    @Test func everyOutputFormatStaysValid() throws {
        let hostile = try Hostile()
        #expect(try hostile.run(["scan"]).status == 0)
        let markup = ["<script>alert", "</script><script>", "<img src=x"]
        for command in NeverRunsRepositoryCodeTests.commands
        where !["scan", "import-git", "history", "diff"].contains(command[0]) && !command.contains("--at") {
            let run = try hostile.run(command)
            Self.expectNoTrap(run, command)
        }
        for name in ["app", #"q"uote"#, "new\nline", "</script><script>alert(1)</script>", "ünï-çødé-名前-🚀"] {
            for arguments in [
                ["show", name], ["show", name, "--json"], ["dependents", name, "-t"], ["why", "app", name],
            ] {
                let run = try hostile.run(arguments + ["--no-refresh"])
                Self.expectNoTrap(run, arguments)
                #expect(run.status == 0, "trellis \(arguments): \(run.stderr)")
            }
        }
        let dot = try hostile.run(["graph", "--no-refresh"])
        #expect(dot.status == 0)
        let svg = try renderWithGraphviz(dot.stdout)
        #expect(svg.contains("<svg"))
        let json = try hostile.run(["graph", "--format", "json", "--no-refresh"])
        let graph = try #require(try json.json() as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(nodes.contains("</script><script>alert(1)</script>") && nodes.contains("new\nline"))
        for layout in ["dot", "layered"] {
            let drawn = try hostile.run(["graph", "--format", "svg", "--layout", layout, "--no-refresh"])
            #expect(drawn.status == 0, "\(drawn.stderr)")
            let parser = XMLParser(data: Data(drawn.stdout.utf8))
            #expect(parser.parse(), "the \(layout) SVG is not XML: \(String(describing: parser.parserError))")
            for text in markup { #expect(!drawn.stdout.contains(text), "\(layout) SVG holds \(text)") }
        }
        let mermaid = try hostile.run(["graph", "--format", "mermaid", "--no-refresh"])
        #expect(mermaid.status == 0)
        for text in markup { #expect(!mermaid.stdout.contains(text), "Mermaid holds \(text)") }
        // A name never starts a statement of its own (a `click` binds a callback).
        let statements = mermaid.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!statements.contains { $0.hasPrefix("click") || $0.hasPrefix("line") })
        let html = try hostile.run(["graph", "--format", "html", "--no-refresh"])
        #expect(html.status == 0)
        for text in markup { #expect(!html.stdout.contains(text), "HTML holds \(text)") }
        // The page's own scripts only: as many as on a repository with harmless names.
        let plain = try TemporaryRepository(["libs/a/pyproject.toml": project("a")])
        let benign = try runTrellisBinary(["graph", "--format", "html", "--root", plain.root], in: plain.root)
        let scripts = { (page: String) in page.components(separatedBy: "<script").count - 1 }
        #expect(scripts(html.stdout) == scripts(benign.stdout))
    }

    /// A 1,000-module cycle: `check` reports it once with its members, `order` and `cycles` answer.
    @Test func aBigCycleIsOneFinding() throws {
        let count = 1_000
        var files: [String: String] = [:]
        for index in 0..<count {
            let next = (index + 1) % count
            files["libs/c\(index)/pyproject.toml"] = poetry(
                "c\(index)", dependencies: ["c\(next) = { path = \"../c\(next)\" }"])
        }
        let repository = try TemporaryRepository(files)
        let run = { (arguments: [String]) in
            try runTrellisBinary(arguments + ["--root", repository.root], in: repository.root)
        }
        #expect(try run(["scan"]).status == 0)
        let check = try run(["check", "--json", "--no-refresh"])
        #expect(check.status == 1)
        let cycles = try Self.diagnostics(check).filter { $0.code == "cycle" }
        #expect(cycles.count == 1)
        #expect(cycles.first.map { $0.line >= 1 && $0.file.hasPrefix("libs/c") } == true)
        let components = try #require(try run(["cycles", "--json", "--no-refresh"]).json() as? [[String: Any]])
        #expect(components.count == 1)
        #expect((components.first?["members"] as? [Any])?.count == count)
        let order = try run(["order", "--no-refresh"])
        Self.expectNoTrap(order, ["order"])
        let dot = try run(["graph", "--no-refresh"])
        #expect(try renderWithGraphviz(dot.stdout).contains("<svg"))
    }
}
