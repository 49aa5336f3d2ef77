import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@testable import TrellisCLI

/// Tab completion of module names from the registry, in-process and in a real bash in tmux.
struct ShellCompletionTests {
    @Test func moduleNamesComeFromTheRegistryTheWordsName() throws {
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        // No registry yet: nothing to offer, and nothing is created.
        #expect(
            ModuleCompletion.names(words: ["trellis", "dependents", "--root", repository.root, "li"], prefix: "li")
                == [])
        #expect(!FileManager.default.fileExists(atPath: "\(repository.root)/.trellis"))
        #expect(runTrellis(["scan", "--root", repository.root], in: "/").status == 0)
        #expect(
            ModuleCompletion.names(words: ["trellis", "dependents", "--root", repository.root, "p"], prefix: "p")
                == ["preprocessing", "project-one", "project-two"])
        #expect(
            ModuleCompletion.names(words: ["trellis", "show", "--root=\(repository.root)", ""], prefix: "").count == 7)
        // From the current folder, as the shell calls it.
        #expect(
            ModuleCompletion.names(words: ["trellis", "why", "tr"], prefix: "tr", currentDirectory: repository.root)
                == ["training"])
        // --db names the registry.
        let db = "\(repository.root)/.trellis/registry.sqlite"
        #expect(ModuleCompletion.names(words: ["trellis", "show", "--db", db, "lo"], prefix: "lo") == ["logger"])
    }

    /// `trellis dependents li<TAB>` in bash, with the script `--generate-completion-script bash`
    /// prints, completes to `lib-one`; a double Tab lists the candidates of an ambiguous prefix.
    @Test(
        .enabled(if: ProjectPaths.trellisBinary != nil, "the trellis executable is not built beside the tests"),
        .enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux)"))
    func bashCompletesModuleNamesInTmux() throws {
        let binary = try #require(ProjectPaths.trellisBinary)
        let repository = try TemporaryRepository()
        try repository.copy(from: ProjectPaths.example)
        try repository.commitAll()
        #expect(try runTrellisBinary(["scan"], in: repository.root).status == 0)
        let script = try runTrellisBinary(["--generate-completion-script", "bash"], in: "/")
        #expect(script.status == 0)
        let folder = URL(fileURLWithPath: binary).deletingLastPathComponent().path
        try repository.write([
            ".test/trellis.bash": script.stdout,
            ".test/bashrc": """
            PS1='$ '
            export PATH='\(folder)':"$PATH"
            source '\(repository.root)/.test/trellis.bash'

            """,
        ])
        let shell = try TmuxSession(
            width: 100, command: "bash --noprofile --rcfile '\(repository.root)/.test/bashrc' -i", in: repository.root)
        try shell.waitUntil("the prompt") { $0.first == "$" }

        try shell.type("trellis dependents li")
        try shell.press("Tab")
        try shell.waitUntil("the completed name") { $0.contains("$ trellis dependents lib-one") }

        try shell.press("C-u")
        try shell.type("trellis why training p")
        // The first Tab completes what the candidates share; then, as readline does, a double Tab lists them.
        try shell.press("Tab")
        try shell.waitUntil("the shared prefix") { $0.contains("$ trellis why training pr") }
        try shell.press("Tab", "Tab")
        let listing = try shell.waitUntil("the candidates") { screen in
            screen.contains { $0.contains("preprocessing") && $0.contains("project-one") && $0.contains("project-two") }
        }
        #expect(!listing.contains { $0.contains("training ") && $0.contains("lib-one") })
    }
}
