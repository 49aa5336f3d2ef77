import Foundation
import TrellisCore

/// A composite GitHub Action (`action.yml`) run here as the runner runs one: each `run:` step is
/// a script given to `bash --noprofile --norc -eo pipefail` (what `shell: bash` means), in its
/// `working-directory` under the workspace, with the step's `env:`, and with `GITHUB_OUTPUT`,
/// `GITHUB_ENV` and `GITHUB_PATH` files read back after it as the runner reads them. A `uses:`
/// step (another action) is not run: it is recorded for the test to look at.
///
/// Expressions are evaluated only in the forms the runner gives the values of:
/// `inputs.NAME`, `steps.ID.outputs.NAME`, `github.action_path`, `github.workspace`; any other
/// expression is an error, so an action cannot lean on something this runner does not do.
public struct CompositeAction: Sendable {
    public struct Step: Sendable {
        public var id: String?
        public var run: String?
        public var shell: String?
        public var uses: String?
        public var with: [String: String]
        public var env: [String: String]
        public var workingDirectory: String?
    }

    /// Each input's default.
    public var inputs: [String: String]
    /// Each output's value expression.
    public var outputs: [String: String]
    public var steps: [Step]

    /// Reads `file` with PyYAML (`python` must have it), as the runner reads YAML.
    public init(file: String, python: String) throws {
        let script = "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)"
        let read = try Subprocess.run([python, "-c", script, file])
        guard read.status == 0 else {
            throw TestSupportError.commandFailed("PyYAML cannot read \(file): \(read.stderr)")
        }
        let document = try JSONSerialization.jsonObject(with: read.stdout) as? [String: Any] ?? [:]
        func strings(_ value: Any?) -> [String: String] {
            (value as? [String: Any] ?? [:]).mapValues { "\($0)" }
        }
        inputs = (document["inputs"] as? [String: Any] ?? [:]).mapValues {
            ($0 as? [String: Any])?["default"].map { "\($0)" } ?? ""
        }
        outputs = (document["outputs"] as? [String: Any] ?? [:]).mapValues {
            ($0 as? [String: Any])?["value"].map { "\($0)" } ?? ""
        }
        let runs = document["runs"] as? [String: Any] ?? [:]
        guard runs["using"] as? String == "composite" else {
            throw TestSupportError.missing("\(file) is not composite")
        }
        steps = (runs["steps"] as? [[String: Any]] ?? []).map { step in
            Step(
                id: step["id"] as? String, run: step["run"] as? String, shell: step["shell"] as? String,
                uses: step["uses"] as? String, with: strings(step["with"]), env: strings(step["env"]),
                workingDirectory: step["working-directory"] as? String)
        }
    }

    /// What one run of the action did.
    public struct Run: Sendable {
        /// The action's outputs, evaluated from its steps' outputs.
        public var outputs: [String: String] = [:]
        /// Each step's outputs, by step id.
        public var stepOutputs: [String: [String: String]] = [:]
        /// The `uses:` steps, not run.
        public var used: [Step] = []
        /// Standard output and error of every script, in order.
        public var log = ""
        /// The exit status of the step that failed, or 0 when every step succeeded.
        public var status: Int32 = 0
    }

    /// Runs the steps in order, stopping at the first that fails (as the runner does).
    /// `environment` is the runner's own (`HOME`, `PATH`, `RUNNER_OS`, `GITHUB_BASE_REF` ...);
    /// `actionPath` is where the action's repository is (`github.action_path`).
    public func run(
        inputs given: [String: String], actionPath: String, workspace: String, environment: [String: String]
    ) throws -> Run {
        let files = try TemporaryRepository(prefix: "trellis-runner")
        let pathFile = "\(files.root)/path", envFile = "\(files.root)/env"
        FileManager.default.createFile(atPath: pathFile, contents: nil)
        FileManager.default.createFile(atPath: envFile, contents: nil)
        var result = Run()
        for (name, _) in given where self.inputs[name] == nil {
            throw TestSupportError.missing("the action has no input '\(name)'")
        }
        let values = self.inputs.merging(given) { _, new in new }
        func evaluate(_ text: String) throws -> String {
            try Self.evaluate(text) { expression in
                let parts = expression.split(separator: ".").map(String.init)
                switch parts.first {
                case "inputs" where parts.count == 2: return values[parts[1]] ?? ""
                case "steps" where parts.count == 4 && parts[2] == "outputs":
                    return result.stepOutputs[parts[1]]?[parts[3]] ?? ""
                case "github" where expression == "github.action_path": return actionPath
                case "github" where expression == "github.workspace": return workspace
                default: return nil
                }
            }
        }
        var addedEnvironment: [String: String] = [:]
        for (index, step) in steps.enumerated() {
            guard let script = step.run else {
                var used = step
                used.with = try step.with.mapValues(evaluate)
                result.used.append(used)
                continue
            }
            guard step.shell == "bash" else {
                throw TestSupportError.missing("step \(index) has shell \(step.shell ?? "none")")
            }
            let scriptFile = "\(files.root)/step-\(index).sh", outputFile = "\(files.root)/output-\(index)"
            try script.write(toFile: scriptFile, atomically: false, encoding: .utf8)
            FileManager.default.createFile(atPath: outputFile, contents: nil)
            let added = try String(contentsOfFile: pathFile, encoding: .utf8).split(separator: "\n").reversed()
            var variables = environment.merging(addedEnvironment) { _, new in new }
            variables["PATH"] = (added.map(String.init) + [environment["PATH"] ?? "/usr/bin:/bin"]).joined(
                separator: ":")
            variables["GITHUB_OUTPUT"] = outputFile
            variables["GITHUB_PATH"] = pathFile
            variables["GITHUB_ENV"] = envFile
            variables["GITHUB_ACTION_PATH"] = actionPath
            variables["GITHUB_WORKSPACE"] = workspace
            for (name, value) in step.env { variables[name] = try evaluate(value) }
            let folder = try step.workingDirectory.map(evaluate).map { $0.hasPrefix("/") ? $0 : "\(workspace)/\($0)" }
            let ran = try Subprocess.run(
                ["env", "-i"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [
                    "bash", "--noprofile", "--norc", "-eo", "pipefail", scriptFile,
                ], in: folder ?? workspace)
            result.log += ran.output + ran.stderr
            if let id = step.id {
                let written = try Self.commandFile(String(contentsOfFile: outputFile, encoding: .utf8))
                result.stepOutputs[id] = written
            }
            addedEnvironment.merge(try Self.commandFile(String(contentsOfFile: envFile, encoding: .utf8))) { _, new in
                new
            }
            if ran.status != 0 {
                result.status = ran.status
                return result
            }
        }
        let evaluated = try outputs.mapValues(evaluate)
        result.outputs = evaluated
        return result
    }

    /// Replaces each `${{ expression }}` in `text` by `value(expression)`; throws on one it
    /// returns nil for.
    static func evaluate(_ text: String, _ value: (String) -> String?) throws -> String {
        var rest = Substring(text), evaluated = ""
        while let open = rest.range(of: "${{") {
            evaluated += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TestSupportError.missing("an unclosed expression in \(text)")
            }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let replacement = value(expression) else {
                throw TestSupportError.missing("this runner does not evaluate ${{ \(expression) }}")
            }
            evaluated += replacement
            rest = rest[close.upperBound...]
        }
        return evaluated + rest
    }

    /// The `name=value` and `name<<DELIMITER` … `DELIMITER` lines of a GITHUB_OUTPUT or GITHUB_ENV file.
    static func commandFile(_ text: String) throws -> [String: String] {
        var values: [String: String] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        while let line = lines.next() {
            if let heredoc = line.range(of: "<<"), !line[..<heredoc.lowerBound].contains("=") {
                let delimiter = line[heredoc.upperBound...]
                var body: [Substring] = []
                while let next = lines.next(), next != delimiter { body.append(next) }
                values[String(line[..<heredoc.lowerBound])] = body.joined(separator: "\n")
            } else if let equals = line.firstIndex(of: "=") {
                values[String(line[..<equals])] = String(line[line.index(after: equals)...])
            } else if !line.isEmpty {
                throw TestSupportError.missing("a line of a command file the runner would reject: \(line)")
            }
        }
        return values
    }
}
