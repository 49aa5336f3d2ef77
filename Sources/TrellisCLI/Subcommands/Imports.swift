import ArgumentParser
import TrellisCore

struct Imports: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "imports",
        abstract: "What one module's Python code imports from the other modules, and whether each is declared.",
        discussion: """
            Reads the module's .py files in the work tree, or with --at REV at that revision from git \
            (never runs them): one row per import of \
            another module, with its file:line and its status: declared (a path edge in a group \
            installed where the file runs), transitive (installed only through another module's \
            dependencies) or undeclared.
            """)

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A module: any spelling of its name, or its folder.")
    var module: String

    @Flag(help: "Also read test files' imports; they count for dev and test groups.")
    var tests = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let graph = try context.view().graph()
        let target = try ModuleLookup(modules: graph.modules).find(module)
        guard let imports = try context.importGraph(of: graph, tests: tests, reading: [target.path]) else {
            throw CLIError.tool(
                "imports reads the code of the work tree or of a git revision; --at \(globals.at ?? "") names a snapshot"
            )
        }
        let links = imports.judgedLinks(of: target.path, in: graph)
        try context.render(.imports(of: target, imports.modules[target.path], links, graph: graph, tests: tests))
        return .success
    }
}

extension Report {
    /// `imports`: a summary line, then one row per import site of another module.
    fileprivate static func imports(
        of module: Module, _ own: ModuleImports?, _ links: [ImportLink], graph: DependencyGraph, tests: Bool
    ) -> Report {
        let read = own?.filesRead ?? 0
        let provides = own?.provides.map(\.name).joined(separator: ", ") ?? ""
        let targets = Set(links.map(\.to)).count
        let summary =
            "\(module.name) imports \(targets) module\(targets == 1 ? "" : "s") (\(read) Python file\(read == 1 ? "" : "s") read"
            + (tests ? ", tests included" : "") + "; provides: \(provides.isEmpty ? "nothing found" : provides))"
        var rows: [[String]] = []
        for link in links {
            let other = graph.module(at: link.to)
            let status =
                link.status == .transitive
                ? "transitive via \(link.through.dropFirst().dropLast().map(\.name.rawValue).joined(separator: ", "))"
                : link.status.rawValue
            for site in link.sites {
                let marks = (site.typingOnly ? " (typing-only)" : "") + (site.optional ? " (optional)" : "")
                rows.append([
                    other?.name.rawValue ?? link.to, link.to, status, site.inTests ? "tests" : "package",
                    site.imported + marks, "\(site.file):\(site.line)",
                ])
            }
        }
        let table = Table(columns: ["MODULE", "PATH", "STATUS", "CODE", "IMPORTED", "AT"], rows: rows, indent: 2)
        var blocks: [Block] = [.lines([summary])]
        if !rows.isEmpty { blocks.append(.table(table)) }
        return Report(
            blocks, json: ImportsJSON(module: module, own: own, links: links, graph: graph, tests: tests))
    }
}

/// `{"name", "path", "tests", "files_read", "provides", "imports": [{"name", "path", "status",
/// "code", "through", "sites": [{"file", "line", "imported", "typing_only", "optional"}]}]}`.
private struct ImportsJSON: Encodable {
    struct Site: Encodable {
        var file: String
        var line: Int
        var imported: String
        var typingOnly: Bool
        var optional: Bool

        enum CodingKeys: String, CodingKey {
            case file, line, imported, optional
            case typingOnly = "typing_only"
        }
    }

    struct Link: Encodable {
        var name: String
        var path: String
        var status: String
        /// `package` or `tests`: which code imports it (judged apart).
        var code: String
        /// For `transitive`, the modules it is installed through, from the importer to the target.
        var through: [String]
        var sites: [Site]
    }

    var name: String
    var path: String
    var tests: Bool
    var filesRead: Int
    var provides: [ProvidedNameJSON]
    var imports: [Link]

    enum CodingKeys: String, CodingKey {
        case name, path, tests, provides, imports
        case filesRead = "files_read"
    }

    init(module: Module, own: ModuleImports?, links: [ImportLink], graph: DependencyGraph, tests: Bool) {
        name = module.name.rawValue
        path = module.path
        self.tests = tests
        filesRead = own?.filesRead ?? 0
        provides = (own?.provides ?? []).map(ProvidedNameJSON.init)
        imports = links.map { link in
            Link(
                name: graph.module(at: link.to)?.name.rawValue ?? link.to, path: link.to, status: link.status.rawValue,
                code: link.testsOnly ? "tests" : "package", through: link.through.map(\.name.rawValue),
                sites: link.sites.map {
                    Site(
                        file: $0.file, line: $0.line, imported: $0.imported, typingOnly: $0.typingOnly,
                        optional: $0.optional)
                })
        }
    }
}
