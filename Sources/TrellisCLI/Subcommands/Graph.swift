import ArgumentParser
import Foundation
import TrellisCore

/// The formats `graph` writes.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid, json, svg, png, html

    /// Formats drawn by Graphviz from the DOT text (svg and html unless the layout is layered).
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
            --reverse only what depends on them), up to --depth edges away. png is drawn by Graphviz's \
            `dot`, which must be installed; so are svg and html up to \(GraphLayout.dotLimit) nodes and edges \
            (about 300 modules), above which Trellis lays them out itself in seconds (--layout).
            """)

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Output format (--json is the same as --format json).")
    var format: GraphFormat = .dot

    @Option(
        parsing: .upToNextOption, help: ArgumentHelp("Draw only the neighbourhood of these modules.", valueName: "name")
    )
    var focus: [String] = []

    @Option(help: "With --focus, go at most this many edges away from the focus.")
    var depth: Int?

    @Flag(help: "With --focus, keep only what depends on the focus (its dependents).")
    var reverse = false

    @Option(
        help: ArgumentHelp(
            "Keep only modules of this kind (the focus is always kept).", valueName: "lib|project|module"))
    var kind: [ModuleKind] = []

    @Option(
        help: ArgumentHelp(
            "Follow and draw only edges of this dependency group (main, dev, …); repeatable.", valueName: "group"))
    var group: [String] = []

    @Option(
        help: ArgumentHelp(
            "Who places the nodes of svg and html: Graphviz's dot up to \(GraphLayout.dotLimit) nodes and edges, then Trellis's layered layout (auto), or always one.",
            valueName: "auto|dot|layered"))
    var layout: GraphLayout = .auto

    @Flag(help: "Also draw the external packages the drawn modules require.")
    var external = false

    @Option(
        help: ArgumentHelp(
            "Colour a subset: cycles, or NAME (a module and everything that depends on it).", valueName: "cycles|NAME"))
    var highlight: GraphHighlight?

    @Flag(
        help:
            "Draw what the package code imports (with --at, at that revision) instead of the declared edges; undeclared imports in red."
    )
    var imports = false

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if focus.isEmpty && depth != nil { throw ValidationError("--depth goes with --focus") }
        if focus.isEmpty && reverse { throw ValidationError("--reverse goes with --focus") }
        if globals.output.json && format != .json && format != .dot {
            throw ValidationError("--json and --format \(format.rawValue) ask for two formats; choose one")
        }
        if imports && highlight != nil {
            throw ValidationError("--imports colours the undeclared imports; it does not go with --highlight")
        }
        if case .affected(let ref) = highlight, ref.isEmpty {
            throw ValidationError("--highlight affected:REF needs a revision, such as affected:origin/main")
        }
        if layout != .auto && format != .svg && format != .html {
            throw ValidationError("--layout goes with --format svg or html")
        }
        if format == .png && output == nil && isatty(1) != 0 {
            throw ValidationError("--format png writes binary data; give --output FILE or redirect standard output")
        }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let selection = GraphSelection(
            focus: focus, depth: depth, reverse: reverse, kinds: kind, groups: group, external: external,
            highlight: highlight, imports: imports)
        let slice = try selection.slice(of: try context.view(), in: context)
        try context.write(
            try GraphRenderer.render(slice, as: globals.output.json ? .json : format, layout: layout), to: output)
        return .success
    }
}
