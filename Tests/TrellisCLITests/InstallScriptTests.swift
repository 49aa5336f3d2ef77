import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// `tools/install.sh` lays out the binary, the man page and the three completion scripts under a
/// prefix. The tests install the debug binary (TRELLIS_BINARY) so they need no release build; the
/// build step itself is the README's one command, tried by hand (see the report of issue 15).
@Suite(.enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"))
struct InstallScriptTests {
    static let script = "\(ProjectPaths.packageRoot)/tools/install.sh"

    static func install(_ arguments: [String] = [], environment: [String], in directory: String) throws
        -> Subprocess.Result
    {
        let binary = try #require(ProjectPaths.trellisBinary)
        return try Subprocess.run(
            ["env", "TRELLIS_BINARY=\(binary)"] + environment + ["bash", script] + arguments, in: directory)
    }

    @Test func installsBinaryManPageAndCompletionsUnderThePrefix() throws {
        let folder = try TemporaryRepository(prefix: "trellis-install")
        let prefix = "\(folder.root)/prefix"
        let run = try Self.install(environment: ["PREFIX=\(prefix)"], in: folder.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.output.hasPrefix("Installed trellis 0.1.0 in \(prefix):\n"))
        let files = [
            "bin/trellis", "share/man/man1/trellis.1", "share/bash-completion/completions/trellis",
            "share/zsh/site-functions/_trellis", "share/fish/vendor_completions.d/trellis.fish",
        ]
        for file in files {
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file) missing")
        }
        #expect(FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/trellis"))
        let version = try Subprocess.run(["\(prefix)/bin/trellis", "--version"])
        #expect(version.output == runTrellis(["--version"], in: "/").stdout)

        // `man trellis` finds the page through MANPATH, and man renders it without a warning.
        let found = try Subprocess.run(["env", "MANPATH=\(prefix)/share/man", "man", "-w", "trellis"])
        #expect(found.output == "\(prefix)/share/man/man1/trellis.1\n")
        let page = try Subprocess.run([
            "env", "-u", "MAN_KEEP_FORMATTING", "MANWIDTH=100", "man", "--warnings", "-E", "UTF-8", "-l",
            "\(prefix)/share/man/man1/trellis.1",
        ])
        #expect(page.status == 0)
        #expect(page.stderr.isEmpty, "\(page.stderr)")
        // Into a pipe, man-db prints plain text (no overstrike).
        let text = page.output
        #expect(text.contains("NAME\n       trellis - the dependency registry"))
        #expect(text.contains("TRELLIS DEPENDENTS"))
        #expect(text.contains("TRELLIS DB PATH"))
        // The page is the help text: each subcommand's examples are there, verbatim.
        let help = runTrellis(["dependents", "--help"], in: "/").stdout
        for line in help.split(separator: "\n") where line.hasPrefix("  trellis dependents lib-one") {
            #expect(text.contains(line), "\(line) not in the man page")
        }

        // The bash script registers the completion function of `trellis`.
        let bash = try Subprocess.run([
            "bash", "--noprofile", "--norc", "-c",
            "source '\(prefix)/share/bash-completion/completions/trellis' && complete -p trellis",
        ])
        #expect(bash.output == "complete -o filenames -F _trellis trellis\n", "\(bash.stderr)")
        let zsh = try String(contentsOfFile: "\(prefix)/share/zsh/site-functions/_trellis", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef trellis"))
        let fish = try String(
            contentsOfFile: "\(prefix)/share/fish/vendor_completions.d/trellis.fish", encoding: .utf8)
        #expect(fish.contains("---completion"), "fish completes module names through trellis itself")
    }

    @Test func theArgumentWinsOverPrefixAndRelativePathsAreTheCallers() throws {
        let folder = try TemporaryRepository(prefix: "trellis-install")
        let run = try Self.install(["here"], environment: ["PREFIX=\(folder.root)/not-this"], in: folder.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: "\(folder.root)/here/bin/trellis"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder.root)/not-this"))
    }

    @Test func aMissingBinaryIsAnErrorNamingIt() throws {
        let folder = try TemporaryRepository(prefix: "trellis-install")
        let run = try Subprocess.run(
            ["env", "TRELLIS_BINARY=\(folder.root)/nothing", "bash", Self.script, "\(folder.root)/p"])
        #expect(run.status == 2)
        #expect(run.stderr == "install.sh: TRELLIS_BINARY=\(folder.root)/nothing is not an executable file\n")
        #expect(!FileManager.default.fileExists(atPath: "\(folder.root)/p"))
    }
}
