import ArgumentParser
import Foundation
import TrellisCore

struct Pin: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "A module's manifest with its path dependencies pinned to their versions, for a release.",
        discussion: """
            Every path dependency becomes a requirement on the target's current version, in the \
            manifest's own style: a Poetry table entry gets a version (its other keys kept), a PEP \
            508 string loses its @ URL (name, extras and markers kept), its uv path source and a \
            Poetry 2 {develop = true} entry go (a uv workspace source stays: uv needs it to lock). Every other byte of the file is kept. Prints the pinned \
            manifest (several: each after a ==> path <== line), or a unified diff with --diff; \
            --write replaces the files (a temporary file renamed over each). A target without a \
            static version is an error, and nothing is written.
            """)

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A module: any spelling of its name, or its folder.")
    var module: String?

    @Flag(help: "Pin every module (a lock-step release).")
    var all = false

    @Option(help: "compatible: >=1.4.2,<1.5 (PEP 440 ~=1.4.2); exact: ==1.4.2; caret: ^1.4.2 (Poetry).")
    var style: PinStyle = .compatible

    @Flag(help: "Print a unified diff instead of the manifests.")
    var diff = false

    @Flag(help: "Write the pinned manifests in place.")
    var write = false

    func validate() throws {
        if (module == nil) == !all { throw ValidationError("give a module, or --all") }
        if diff && write { throw ValidationError("--diff prints and --write writes; choose one") }
        if globals.output.json { throw ValidationError("pin prints manifests or a diff; --json is not for it") }
        if globals.at != nil { throw ValidationError("pin rewrites the work tree's manifests; --at is not for it") }
    }

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let graph = try view.graph()
        let modules = try all ? graph.modules.sorted { $0.path < $1.path } : [view.findModule(module!)]
        let pinner = ManifestPinner(graph: graph, root: context.root)
        let pinned = try modules.flatMap { try pinner.pin($0, style: style) }
        guard !pinned.isEmpty else {
            context.console.out(
                all ? "No module has path dependencies.\n" : "\(modules[0].name) has no path dependencies.\n")
            return .success
        }
        if write {
            for manifest in pinned { try replace("\(context.root)/\(manifest.path)", with: manifest.text) }
            context.console.out(pinned.map { "Pinned \($0.path)\n" }.joined())
        } else if diff {
            context.console.out(pinned.map(\.diff).joined())
        } else if pinned.count == 1 {
            context.console.out(pinned[0].text)
        } else {
            context.console.out(pinned.map { "==> \($0.path) <==\n\($0.text)" }.joined(separator: "\n"))
        }
        return .success
    }

    /// Writes `text` beside `path` and renames it over, so a reader sees the old file or the new.
    private func replace(_ path: String, with text: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = "\(folder)/.\((path as NSString).lastPathComponent).trellis-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
            }
            guard rename(temporary, path) == 0 else { throw CLIError.tool(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError.tool("cannot write \(path): \(error)")
        }
    }
}

extension PinStyle: ExpressibleByArgument {}
