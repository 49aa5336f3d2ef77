import ArgumentParser
import Foundation
import TrellisCore

/// The formats `graph` writes.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid, json, svg, png, html

    /// Formats drawn by Graphviz from the DOT text.
    var needsGraphviz: Bool { self == .svg || self == .png || self == .html }
}

/// What `--highlight` colours.
enum GraphHighlight: ExpressibleByArgument, Equatable {
    /// Every module in a dependency cycle, and the edges of the cycles.
    case cycles
    /// A module and everything that depends on it, transitively (what a change to it can break).
    case module(String)
    /// `affected:REF`: what `trellis affected --since REF` lists, with the edges between them.
    case affected(String)

    init?(argument: String) {
        if argument == "cycles" {
            self = .cycles
        } else if argument.hasPrefix("affected:") {
            self = .affected(String(argument.dropFirst("affected:".count)))
        } else if argument.isEmpty {
            return nil
        } else {
            self = .module(argument)
        }
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

struct Graph: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The graph, whole or around some modules, as DOT, Mermaid, JSON, SVG, PNG or an HTML explorer.",
        discussion: """
            --focus keeps the named modules, what depends on them and what they depend on (with \
            --reverse only what depends on them), up to --depth edges away. svg, png and html are \
            drawn by Graphviz's `dot`, which must be installed.
            """)

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Output format (--json is the same as --format json).")
    var format: GraphFormat = .dot

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Draw only the neighbourhood of these modules.", valueName: "name"))
    var focus: [String] = []

    @Option(help: "With --focus, go at most this many edges away from the focus.")
    var depth: Int?

    @Flag(help: "With --focus, keep only what depends on the focus (its dependents).")
    var reverse = false

    @Option(help: ArgumentHelp("Keep only modules of this kind (the focus is always kept).", valueName: "lib|project|module"))
    var kind: [ModuleKind] = []

    @Option(help: ArgumentHelp("Follow and draw only edges of this dependency group (main, dev, …); repeatable.", valueName: "group"))
    var group: [String] = []

    @Flag(help: "Also draw the external packages the drawn modules require.")
    var external = false

    @Option(help: ArgumentHelp("Colour a subset: cycles, or NAME (a module and everything that depends on it).", valueName: "cycles|NAME"))
    var highlight: GraphHighlight?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if focus.isEmpty && depth != nil { throw ValidationError("--depth goes with --focus") }
        if focus.isEmpty && reverse { throw ValidationError("--reverse goes with --focus") }
        if globals.json && format != .json && format != .dot {
            throw ValidationError("--json and --format \(format.rawValue) ask for two formats; choose one")
        }
        if case .affected(let ref) = highlight, ref.isEmpty {
            throw ValidationError("--highlight affected:REF needs a revision, such as affected:origin/main")
        }
        if format == .png && output == nil && isatty(1) != 0 {
            throw ValidationError("--format png writes binary data; give --output FILE or redirect standard output")
        }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let whole = try view.graph()
        let lookup = ModuleLookup(modules: whole.modules)
        let focusNames = try focus.map { try lookup.find($0).name }
        let selection = GraphFocus(
            focus: focusNames, depth: depth, reverse: reverse,
            kinds: kind.isEmpty ? nil : Set(kind), groups: group.isEmpty ? nil : Set(group)
        ).apply(to: whole)
        var slice = GraphSlice(modules: selection.modules, edges: selection.edges)
        slice.focus = Set(focusNames)
        if external { slice.addRequirements(try view.requirements()) }
        switch highlight {
        case .cycles: slice.highlightCycles()
        case .module(let name): slice.highlightDependents(of: try lookup.find(name).name)
        case .affected(let ref):
            let changed = try GitChanges(root: context.root).changedFiles(since: ref)
            let global = RepositoryScanner(root: context.root).configuration().global
            slice.highlight(AffectedModules(graph: whole, global: global).affected(by: changed).map(\.module.name))
        case nil: break
        }

        let format = context.options.json ? .json : format
        var text = ""
        switch format {
        case .dot: DOTRenderer.render(slice, into: &text)
        case .mermaid: MermaidRenderer.render(slice, into: &text)
        case .json: try JSONRenderer.render(GraphJSON(slice), into: &text)
        case .svg, .png:
            DOTRenderer.render(slice, into: &text)
            return try write(Graphviz.render(text, format: format.rawValue), context: context)
        case .html:
            DOTRenderer.render(slice, elementIDs: true, into: &text)
            let svg = String(decoding: try Graphviz.render(text, format: "svg"), as: UTF8.self)
            var page = ""
            try HTMLRenderer.render(slice, svg: svg, into: &page)
            return try write(Data(page.utf8), context: context)
        }
        return try write(Data(text.utf8), context: context)
    }

    private func write(_ data: Data, context: CommandContext) throws -> ExitCode {
        guard let output else {
            context.console.out(data)
            return .success
        }
        let path = output.hasPrefix("/") ? output : "\(context.currentDirectory)/\(output)"
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError.tool("cannot write \(output): \(error.localizedDescription)")
        }
        return .success
    }
}


/// Graphviz's `dot`, run on DOT text; a clear message naming the package when it is missing.
enum Graphviz {
    static func render(_ dot: String, format: String) throws -> Data {
        // Look first: a `dot` that cannot start would close its input, and writing to it would
        // kill this process with SIGPIPE.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/dot") }) else {
            throw CLIError.tool(missingMessage(format))
        }
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(["dot", "-T\(format)"], input: Data(dot.utf8))
        } catch {
            throw CLIError.tool(missingMessage(format))
        }
        // /usr/bin/env exits 127 when it finds no `dot` on PATH.
        if result.status == 127 { throw CLIError.tool(missingMessage(format)) }
        guard result.status == 0 else {
            throw CLIError.tool("Graphviz's dot failed (exit \(result.status)): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.stdout
    }

    static func missingMessage(_ format: String) -> String {
        "--format \(format) needs Graphviz's `dot`, which is not installed; install the `graphviz` package "
            + "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), or use --format dot, mermaid or json"
    }
}

/// `{"nodes": [module…], "edges": [{"from", "to", "group", "editable", "optional"}]}`; with
/// `--external`, external packages are nodes of kind `external` (path and version null) and
/// their requirements are edges with a `specifier`; `highlighted` and `focus` mark nodes.
private struct GraphJSON: Encodable {
    struct Node: Encodable {
        var name: String
        @NullEncoded var path: String?
        @NullEncoded var version: String?
        var kind: String
        var focus: Bool
        var highlighted: Bool
    }

    struct Edge: Encodable {
        var from: String
        var to: String
        var group: String
        var editable: Bool
        var optional: Bool
        var highlighted: Bool
        @NullEncoded var specifier: String?
    }

    var nodes: [Node]
    var edges: [Edge]

    init(_ slice: GraphSlice) {
        nodes = slice.modules.map {
            Node(name: $0.name.rawValue, path: $0.path, version: $0.version, kind: $0.kind.rawValue,
                 focus: slice.focus.contains($0.name), highlighted: slice.highlighted.contains($0.name))
        } + slice.packages.map { Node(name: $0.rawValue, path: nil, version: nil, kind: "external", focus: false, highlighted: false) }
        edges = slice.edges.map {
            Edge(from: $0.from.rawValue, to: $0.to.rawValue, group: $0.group, editable: $0.editable, optional: $0.optional,
                 highlighted: slice.isHighlighted($0), specifier: nil)
        } + slice.requirements.map {
            Edge(from: $0.module.rawValue, to: $0.package.rawValue, group: $0.group, editable: false, optional: $0.optional,
                 highlighted: false, specifier: $0.specifier)
        }
    }
}
