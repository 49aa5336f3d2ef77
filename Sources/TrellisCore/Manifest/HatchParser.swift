import Foundation

/// Reads Hatch's dependency declarations from its table: `[tool.hatch]` of a `pyproject.toml`, or
/// the whole of a `hatch.toml` (same keys without the `tool.hatch` prefix).
///
/// - `[envs.<env>] dependencies` / `extra-dependencies`: PEP 508 strings, where Hatch's context
///   formatting `x @ {root:uri}/../x` names a local folder; group `hatch:<env>`.
/// - `[envs.<env>] pre-install-commands`, `post-install-commands` and `scripts`: commands that run
///   `pip install [-e] ../x` (or `uv pip install`) declare local folders too; group `hatch:<env>`.
/// - `[metadata.hooks.<hook>] dependencies` and `optional-dependencies`: the dependencies of a
///   project whose `[project] dynamic` lists them (hatch-requirements-txt, uv-dynamic-versioning);
///   group `main`, or the extra's name (optional).
public struct HatchParser: Sendable {
    public init() {}

    /// The declarations of `hatch`, the Hatch table of `file`.
    public func dependencies(in hatch: TOMLTable, file: String) -> (
        dependencies: [DeclaredDependency], diagnostics: [Diagnostic]
    ) {
        var dependencies: [DeclaredDependency] = []
        var diagnostics: [Diagnostic] = []
        func strings(_ value: TOMLValue?, group: String, optional: Bool) {
            for item in value?.array ?? [] {
                guard let text = item.string,
                    let dependency = RequirementLine.dependency(
                        text, group: group, optional: optional, line: item.line, file: file)
                else {
                    diagnostics.append(
                        Diagnostic(
                            .invalidRequirement, file: file, line: item.line, "not a PEP 508 requirement: \(item.kind)")
                    )
                    continue
                }
                dependencies.append(dependency)
            }
        }
        for (hook, value) in hatch["metadata", "hooks"]?.table?.entries ?? [] {
            guard let table = value.table else { continue }
            strings(table["dependencies"], group: "main", optional: false)
            for (extra, list) in table["optional-dependencies"]?.table?.entries ?? [] {
                strings(list, group: extra, optional: true)
            }
            _ = hook
        }
        for (env, value) in hatch["envs"]?.table?.entries ?? [] {
            guard let table = value.table else { continue }
            let group = "hatch:\(env)"
            strings(table["dependencies"], group: group, optional: false)
            strings(table["extra-dependencies"], group: group, optional: false)
            var commands: [TOMLValue] = []
            for key in ["pre-install-commands", "post-install-commands"] { commands += table[key]?.array ?? [] }
            for (_, script) in table["scripts"]?.table?.entries ?? [] { commands += script.array ?? [script] }
            for command in commands {
                guard let text = command.string else { continue }
                dependencies += Self.pipInstalls(in: text, group: group, line: command.line, file: file)
            }
        }
        return (dependencies, diagnostics)
    }

    /// The local folders that `pip install` (or `uv pip install`) commands in `command` install.
    static func pipInstalls(in command: String, group: String, line: Int, file: String) -> [DeclaredDependency] {
        var found: [DeclaredDependency] = []
        // Commands may be chained: `pip install -e ../x && pytest`.
        for part in command.split(whereSeparator: { $0 == "&" || $0 == ";" || $0 == "|" }) {
            let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let pip = words.firstIndex(where: { $0 == "pip" || $0.hasSuffix("/pip") || $0 == "pip3" }),
                pip + 1 < words.count, words[pip + 1] == "install"
            else { continue }
            var editable = false
            var index = pip + 2
            while index < words.count {
                let word = words[index].trimmingCharacters(in: ["\"", "'"])
                index += 1
                if word == "-e" || word == "--editable" {
                    editable = true
                    continue
                }
                if word == "-r" || word == "-c" || word == "--requirement" || word == "--constraint" {
                    index += 1
                    continue
                }
                if word.hasPrefix("-") { continue }
                let text = editable ? "-e \(word)" : word
                if let dependency = RequirementLine.dependency(text, group: group, line: line, file: file),
                    dependency.isLocal
                {
                    var dependency = dependency
                    dependency.declared = part.trimmed()
                    found.append(dependency)
                }
                editable = false
            }
        }
        return found
    }
}
