import Foundation

/// Where a command writes: results to `out`, progress and diagnostics to `err`. Injected so
/// tests run commands in-process and read what they printed.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private let writeData: ((Data) -> Void)?
    private let readIn: () -> Data
    /// True when `err` is a terminal (progress is drawn there only).
    public let errIsTerminal: Bool
    /// True when `out` is a terminal (colour is allowed there only, and tables fit its width).
    public let outIsTerminal: Bool
    /// The width of the terminal `out` is, when the terminal says.
    public let outColumns: Int?

    /// `data` receives binary output (`graph --format png`); without it, bytes go to `out` as UTF-8.
    /// `input` gives standard input, read when a command is asked to (`affected --files -`).
    public init(
        out: @escaping (String) -> Void, err: @escaping (String) -> Void, errIsTerminal: Bool = false,
        outIsTerminal: Bool = false, outColumns: Int? = nil, data: ((Data) -> Void)? = nil,
        input: @escaping () -> Data = { Data() }
    ) {
        self.outIsTerminal = outIsTerminal
        self.outColumns = outColumns
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
            errIsTerminal: isatty(2) != 0, outIsTerminal: isatty(1) != 0, outColumns: terminalColumns(of: 1),
            data: { FileHandle.standardOutput.write($0) },
            input: { FileHandle.standardInput.readDataToEndOfFile() })
    }

    /// The columns of the terminal on `descriptor` (TIOCGWINSZ), or nil when it is none.
    private static func terminalColumns(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
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
