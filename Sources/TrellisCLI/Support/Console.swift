import Foundation

/// Where a command writes: results to `out`, progress and diagnostics to `err`. Injected so
/// tests run commands in-process and read what they printed.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private let writeData: ((Data) -> Void)?
    private let readIn: () -> Data
    /// True when `err` is a terminal (colour and progress are allowed there only).
    public let errIsTerminal: Bool

    /// `data` receives binary output (`graph --format png`); without it, bytes go to `out` as UTF-8.
    /// `input` gives standard input, read when a command is asked to (`affected --files -`).
    public init(
        out: @escaping (String) -> Void, err: @escaping (String) -> Void, errIsTerminal: Bool = false,
        data: ((Data) -> Void)? = nil, input: @escaping () -> Data = { Data() }
    ) {
        writeOut = out
        writeErr = err
        writeData = data
        readIn = input
        self.errIsTerminal = errIsTerminal
    }

    /// The process's standard output and error.
    public static func standard() -> Console {
        Console(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) },
            errIsTerminal: isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
            data: { FileHandle.standardOutput.write($0) },
            input: { FileHandle.standardInput.readDataToEndOfFile() })
    }

    /// Standard input, read to its end.
    public func readInput() -> String { String(decoding: readIn(), as: UTF8.self) }

    /// Writes `text` to standard output as is (renderers end their lines themselves).
    public func out(_ text: String) { writeOut(text) }

    /// Writes bytes to standard output as they are.
    public func out(_ data: Data) {
        if let writeData { writeData(data) } else { writeOut(String(decoding: data, as: UTF8.self)) }
    }

    /// Writes one line to standard error.
    public func err(_ line: String) { writeErr(line + "\n") }

    /// Writes to standard error as is (progress lines that rewrite themselves with `\r`).
    public func errRaw(_ text: String) { writeErr(text) }
}
