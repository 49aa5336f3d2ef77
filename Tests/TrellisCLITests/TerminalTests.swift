import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@testable import TrellisCLI

/// Tables fit the terminal, colour only on one, progress on a terminal's stderr: in-process for
/// the rules (`TableFitting`, `TerminalStyle`), and the real binary in tmux at 60 and 200 columns.
struct TerminalTests {
    static let changed = "libs/preprocessing/src/preprocessing/__init__.py"

    @Test func narrowTablesShortenPathColumnsFirstInTheMiddle() {
        #expect(TableFitting.shorten("libs/preprocessing", to: 12) == "libs/…essing")
        #expect(TableFitting.shorten("short", to: 12) == "short")
        // NAME 13, KIND 7, PATH 18 and TRAIL 40 in 50 columns: PATH and TRAIL give, the names keep.
        let widths = TableFitting.widths([13, 7, 18, 40], indent: 0, width: 50, preferred: [2, 3])
        #expect(widths == [13, 7, 12, 12])
        let total: Int = widths.reduce(0, +) + 6
        #expect(total == 50)
        // Wide enough: nothing changes.
        #expect(TableFitting.widths([13, 7, 18, 40], indent: 0, width: 200, preferred: [2, 3]) == [13, 7, 18, 40])
        // When paths are at their narrowest, the others give too.
        #expect(TableFitting.widths([10, 10], indent: 2, width: 20, preferred: [1]) == [10, 6])
        #expect(TableFitting.widths([10, 10], indent: 2, width: 16, preferred: [1]) == [6, 6])
    }

    @Test func colourFollowsTheTerminalNoColorAndTheOption() {
        func style(_ choice: ColorChoice, tty: Bool, _ environment: [String: String] = [:]) -> TerminalStyle {
            let console = Console(out: { _ in }, err: { _ in }, errIsTerminal: tty, outIsTerminal: tty, outColumns: 90)
            return TerminalStyle.decide(color: choice, console: console, environment: environment)
        }
        #expect(style(.auto, tty: true) == TerminalStyle(width: 90, color: true, progress: true))
        #expect(style(.auto, tty: false) == .plain)
        #expect(style(.auto, tty: true, ["NO_COLOR": "1"]).color == false)
        // no-color.org: an empty NO_COLOR does not count.
        #expect(style(.auto, tty: true, ["NO_COLOR": ""]).color == true)
        #expect(style(.auto, tty: true, ["TERM": "dumb"]).color == false)
        #expect(style(.never, tty: true).color == false)
        #expect(style(.always, tty: false).color == true)
        #expect(style(.always, tty: false).width == nil, "a pipe keeps the natural width")
        #expect(style(.auto, tty: true, ["COLUMNS": "120"]).width == 120)
        #expect(style(.auto, tty: false, ["COLUMNS": "120"]).width == nil)
    }

    /// The example, committed, scanned, in a folder of its own.
    static func example() throws -> TemporaryRepository {
        let repository = try TemporaryRepository(prefix: "trellis-terminal")
        try repository.copy(from: ProjectPaths.example)
        try repository.commitAll()
        #expect(runTrellis(["scan"], in: repository.root).status == 0)
        return repository
    }

    /// Runs `command` in a tmux window `width` columns wide and returns the screen once it printed
    /// the end marker, without the marker and what follows.
    static func screen(
        width: Int, _ command: String, in directory: String, escapes: Bool = false
    ) throws -> [String] {
        let binary = try #require(ProjectPaths.trellisBinary)
        let folder = URL(fileURLWithPath: binary).deletingLastPathComponent().path
        let script = "export PATH='\(folder)':\"$PATH\"; unset NO_COLOR COLUMNS; \(command); echo '--end--'; sleep 600"
        let session = try TmuxSession(
            width: width, command: "sh -c \"\(script.replacingOccurrences(of: "\"", with: "\\\""))\"", in: directory)
        try session.waitUntil("the end marker") { $0.contains("--end--") }
        let screen = try session.screen(escapes: escapes)
        return Array(screen.prefix { !$0.contains("--end--") })
    }

    @Test(
        .enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"),
        .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux)"),
        arguments: [60, 200])
    func tablesFitTheWindowWithoutWrappingAndStayAligned(width: Int) throws {
        let repository = try Self.example()
        let arguments = ["affected", "--files", Self.changed, "--explain"]
        let plain = runTrellis(arguments, in: repository.root).stdout.split(separator: "\n").map(String.init)
        let rows = try Self.screen(width: width, "trellis \(arguments.joined(separator: " "))", in: repository.root)
        // One screen row per table row: none wrapped.
        #expect(rows.count == plain.count, "\(rows)")
        #expect(rows.allSatisfy { $0.count <= width }, "\(rows)")
        #expect(rows.first?.hasPrefix("NAME ") == true)
        // Every column starts at the header's offset in every row.
        let header = try #require(rows.first)
        let starts = ["KIND", "REASON", "PATH", "TRAIL"].map {
            header.range(of: $0)!.lowerBound.utf16Offset(in: header)
        }
        for row in rows.dropFirst() {
            let characters: [Character] = Array(row)
            for start in starts {
                let before: Character = characters[start - 1]
                let at: Character = characters[start]
                #expect(before == " ", "\(row) at \(start)")
                #expect(at != " ", "\(row) at \(start)")
            }
        }
        let natural = try #require(plain.map(\.count).max())
        if width >= natural {
            // Wider than the table: the full rows, as a pipe gets them.
            #expect(rows == plain)
        } else {
            #expect(natural > 60)
            #expect(rows.contains { $0.contains("…") }, "long paths are shortened: \(rows)")
            #expect(rows.map { $0.prefix(13) } == plain.map { $0.prefix(13) }, "names are kept whole")
            #expect(rows.contains { $0.hasPrefix("training ") && $0.contains("…aining") }, "\(rows)")
        }
    }

    @Test(
        .enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"),
        .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux)"))
    func colourOnlyOnATerminalAndNeverWithNoColorOrColorNever() throws {
        let repository = try Self.example()
        let command = "trellis affected --files \(Self.changed)"
        let bold = "\u{1B}[1mNAME"
        let coloured = try Self.screen(width: 200, command, in: repository.root, escapes: true)
        #expect(coloured.first?.hasPrefix(bold) == true, "\(coloured)")
        for quiet in ["NO_COLOR=1 \(command)", "\(command) --color never", "\(command) | cat"] {
            let rows = try Self.screen(width: 200, quiet, in: repository.root, escapes: true)
            #expect(rows.first?.hasPrefix("NAME ") == true, "\(quiet): \(rows)")
            #expect(!rows.joined().contains("\u{1B}["), "\(quiet): \(rows)")
        }
        // A file gets the natural width however narrow the window.
        _ = try Self.screen(
            width: 60, "trellis affected --files \(Self.changed) --explain > out.txt", in: repository.root)
        let text = try String(contentsOfFile: "\(repository.root)/out.txt", encoding: .utf8)
        #expect(text == runTrellis(["affected", "--files", Self.changed, "--explain"], in: repository.root).stdout)
    }

    @Test(
        .enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"),
        .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux)"))
    func importGitDrawsProgressOnATerminalAndEndsWithOneCleanLine() throws {
        let repository = try TemporaryRepository(prefix: "trellis-progress")
        try repository.git("init", "-q")
        for index in 1...40 {
            try repository.write([
                "libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1.\(index).0\"\n",
                "projects/app/pyproject.toml":
                    "[project]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"a\"]\n\n[tool.uv.sources]\na = { path = \"../../libs/a\" }\n",
            ])
            try repository.git("add", "-A")
            try repository.git(
                "commit", "-q", "-m", "Release 1.\(index).0",
                date: "2026-01-\(String(format: "%02d", index % 28 + 1))T12:00:00Z")
        }
        let rows = try Self.screen(width: 80, "trellis import-git", in: repository.root)
        let lines = rows.filter { !$0.isEmpty }
        #expect(lines.count == 2, "one progress line and the result: \(rows)")
        let progress = try #require(lines.first)
        #expect(progress.wholeMatch(of: /40\/40 commits in \d+\.\d s, \d+ commits\/s/) != nil, "\(progress)")
        #expect(lines.last?.hasPrefix("Imported 40 commits (") == true, "\(rows)")

        // A scan's stages are erased when it ends: the summary starts the screen.
        let scan = try Self.screen(width: 80, "trellis scan --full", in: repository.root)
        #expect(scan.first?.hasPrefix("Scanned 2 manifests") == true, "\(scan)")
        #expect(!scan.joined().contains("…"), "\(scan)")

        // Standard error that is no terminal gets no progress.
        _ = try Self.screen(
            width: 80, "trellis import-git --since HEAD~1 2> err.txt; trellis scan --full 2>> err.txt",
            in: repository.root)
        #expect(try String(contentsOfFile: "\(repository.root)/err.txt", encoding: .utf8) == "")
    }
}
