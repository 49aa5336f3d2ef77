import ArgumentParser

/// How a command prints its answer: text and tables for people, or JSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `--json`, which every command accepts: part of `GlobalOptions`, so the flag stays where the
/// documented contract and `--help` have it. `graph` adds its own formats (`GraphOutputOptions`).
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON for scripts instead of tables.")
    var json = false

    /// The format `--json` asks for.
    var format: OutputFormat { json ? .json : .table }
}
