import ArgumentParser
import Foundation
import TrellisStore

/// Tab completion of module names (`trellis dependents li<TAB>`), from the registry as it is: the
/// shell calls `trellis ---completion …` with the words typed so far, and this reads the names of
/// the latest snapshot without refreshing or writing anything (no registry yet: no names).
enum ModuleCompletion {
    /// The completion kind of every argument that names a module.
    static let kind = CompletionKind.custom { words, _, prefix in names(words: words, prefix: prefix) }

    /// The module names starting with `prefix`, sorted, in the registry that `--root`/`--db` among
    /// `words` (or the defaults, from the current folder) name.
    static func names(
        words: [String], prefix: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> [String] {
        // Only --root and --db matter here; argument-parser's own parse fills in the rest.
        var arguments: [String] = []
        for (index, word) in words.enumerated() {
            if word == "--root" || word == "--db", index + 1 < words.count {
                arguments += [word, words[index + 1]]
            } else if word.hasPrefix("--root=") || word.hasPrefix("--db=") {
                arguments.append(word)
            }
        }
        guard let options = try? GlobalOptions.parse(arguments) else { return [] }
        let silent = Console(out: { _ in }, err: { _ in })
        guard
            let context = try? CommandContext(
                options: options, console: silent, environment: environment, currentDirectory: currentDirectory),
            let store = try? RegistryStore.openForReading(path: context.databasePath, busyTimeout: 1),
            let modules = try? store.modules()
        else { return [] }
        return modules.map(\.name.rawValue).filter { $0.hasPrefix(prefix) }.sorted()
    }
}
