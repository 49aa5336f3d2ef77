import Foundation
import TrellisCLI
import TrellisCore

/// What one run of `trellis` printed and returned.
public struct TrellisRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The standard output's bytes, binary output (`context --tar -`) included.
    public var stdoutBytes = Data()

    /// The standard output decoded as JSON.
    public func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }
}

/// Runs `trellis` in-process with `arguments`, capturing its output; `input` is its standard input.
public func runTrellis(
    _ arguments: [String], in directory: String, environment: [String: String] = [:], input: String = ""
) -> TrellisRun {
    final class Buffer: @unchecked Sendable {
        var out = "", err = ""
        var bytes = Data()
    }
    let buffer = Buffer()
    let console = Console(
        out: {
            buffer.out += $0
            buffer.bytes.append(Data($0.utf8))
        }, err: { buffer.err += $0 + "" },
        data: {
            buffer.bytes.append($0)
            buffer.out += String(decoding: $0, as: UTF8.self)
        }, input: { Data(input.utf8) })
    let status = TrellisCommand.run(arguments, console: console, environment: environment, currentDirectory: directory)
    var run = TrellisRun(status: status, stdout: buffer.out, stderr: buffer.err)
    run.stdoutBytes = buffer.bytes
    return run
}

/// Runs the built `trellis` executable as a separate process.
public func runTrellisBinary(_ arguments: [String], in directory: String) throws -> TrellisRun {
    guard let binary = ProjectPaths.trellisBinary else {
        throw TestSupportError.missing("the trellis executable was not built")
    }
    let result = try Subprocess.run([binary] + arguments, in: directory)
    return TrellisRun(status: result.status, stdout: result.output, stderr: result.stderr)
}

/// Runs Graphviz `dot -Tsvg` on `dot` and returns the SVG; throws with dot's message when it refuses the input.
public func renderWithGraphviz(_ dot: String) throws -> String {
    let result = try Subprocess.run(["dot", "-Tsvg"], input: Data(dot.utf8))
    guard result.status == 0 else {
        throw TestSupportError.commandFailed("dot -Tsvg refused the graph: \(result.stderr)")
    }
    return result.output
}
