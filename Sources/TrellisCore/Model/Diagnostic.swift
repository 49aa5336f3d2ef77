/// A problem or a notable fact found while reading the repository, tied to a file and line.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    /// The kind of problem; its raw value is the stable identifier users and JSON see.
    public var code: DiagnosticCode
    public var module: ModuleName?
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    public var message: String

    /// A diagnostic of `code`, at the code's own severity unless `severity` says otherwise.
    public init(
        _ code: DiagnosticCode, severity: Severity? = nil, module: ModuleName? = nil, file: String, line: Int = 0,
        _ message: String
    ) {
        self.severity = severity ?? code.severity
        self.code = code
        self.module = module
        self.file = file
        self.line = line
        self.message = message
    }

    /// A diagnostic read back from storage, where the code is text. A code this version does not
    /// know (a newer Trellis recorded it) becomes `.unrecognized` and stays visible in the message,
    /// rather than failing the read or vanishing.
    public init(
        _ severity: Severity, storedCode: String, module: ModuleName?, file: String, line: Int, _ message: String
    ) {
        if let code = DiagnosticCode(rawValue: storedCode) {
            self.init(code, severity: severity, module: module, file: file, line: line, message)
        } else {
            self.init(
                .unrecognized, severity: severity, module: module, file: file, line: line,
                "\(message) [\(storedCode)]")
        }
    }

    /// `file:line: severity: message [code]`, the shape compilers and linters print.
    public var description: String {
        let location = line > 0 ? "\(file):\(line)" : file
        return "\(location): \(severity.rawValue): \(message) [\(code)]"
    }
}
