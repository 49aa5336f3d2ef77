import ArgumentParser
import Foundation
import TrellisCore

struct Context: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "The minimal build context of a module: its folder and its path dependencies', for a Docker build.",
        discussion: """
            The module's folder and the folders of every module it reaches through path \
            dependencies of the chosen groups (main by default), at their repository paths, plus \
            a uv workspace root's pyproject.toml and uv.lock. Files are those git tracks or would \
            track (ignored files, .git, .venv, __pycache__ and *.pyc stay out); outside git, a walk \
            that skips hidden folders and build output. --tar writes a reproducible tar (sorted, \
            owner root, one fixed time: SOURCE_DATE_EPOCH or 2000-01-01); `--tar -` streams it for \
            `docker build -`. --list prints the folders and root files, for a Dockerfile's COPY lines.
            """)

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A module: any spelling of its name, or its folder.")
    var module: String

    @Option(
        name: .customLong("group"),
        help: ArgumentHelp("Follow path edges of this group too (repeatable; main always).", valueName: "group"))
    var groups: [String] = []

    @Option(help: ArgumentHelp("Copy the context into this folder (new or empty).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Write the context as a tar file; - writes it to standard output.", valueName: "file"))
    var tar: String?

    @Flag(help: "Print the folders and root files instead (with --manifests-only, the files).")
    var list = false

    @Flag(help: "Only the manifests and lock files: the layer that installs the dependencies.")
    var manifestsOnly = false

    func validate() throws {
        if [output != nil, tar != nil, list].filter({ $0 }).count != 1 {
            throw ValidationError("give one of --output DIR, --tar FILE (or -), --list")
        }
        if globals.at != nil { throw ValidationError("context copies the work tree; --at is not for it") }
        if globals.output.json && !list { throw ValidationError("--json goes with --list") }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let start = try view.findModule(module)
        let build = try BuildContext(
            of: start.path, in: try view.graph(), groups: Set(["main"] + groups), root: context.root,
            useGit: !globals.noGit, manifestsOnly: manifestsOnly)
        if list {
            let lines =
                manifestsOnly
                ? build.entries.compactMap { if case .directory = $0 { nil } else { $0.path } }
                : build.folders + build.rootFiles
            try context.render(Report([.lines(lines)], json: lines))
        } else if let tar {
            try write(build, tar: tar, context)
        } else if let output {
            try build.copy(into: context.absolute(output))
        }
        return .success
    }

    /// The tar, to a file or (`-`) standard output.
    private func write(_ build: BuildContext, tar: String, _ context: CommandContext) throws {
        let mtime = context.environment["SOURCE_DATE_EPOCH"].flatMap(Int.init) ?? TarArchive.defaultTime
        guard tar != "-" else { return try build.archive(mtime: mtime) { context.console.out($0) } }
        let path = context.absolute(tar)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CLIError.tool("cannot write \(tar)") }
        defer { try? handle.close() }
        try build.archive(mtime: mtime) { try handle.write(contentsOf: $0) }
    }
}
