import ArgumentParser

/// Options every command that reads the registry accepts.
public struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The repository root (default: the enclosing git work tree, or the current folder).", valueName: "dir"))
    var root: String?

    @Option(
        help: ArgumentHelp(
            "The registry database (default: $TRELLIS_DB, or .trellis/registry.sqlite under the root).",
            valueName: "file"))
    var db: String?

    @OptionGroup var output: OutputOptions

    @Flag(help: "Answer from the registry as it is, without checking the manifests for changes first.")
    var noRefresh = false

    @Option(
        help: ArgumentHelp(
            "Answer as of a past state: a git revision, a date (2025-01-01), or a snapshot (#12). Never refreshes.",
            valueName: "rev|date|#snapshot"))
    var at: String?

    @Flag(help: "Find manifests by walking the folders even inside a git work tree.")
    var noGit = false

    @Option(
        help: ArgumentHelp(
            "Colour the text: auto (on a terminal, unless NO_COLOR is set), always, or never.",
            valueName: "auto|always|never"))
    var color: ColorChoice = .auto

    public init() {}
}
