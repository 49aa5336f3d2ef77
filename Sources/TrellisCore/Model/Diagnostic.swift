/// A problem or a notable fact found while reading the repository, tied to a file and line.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    /// The code of a manifest that is not valid TOML.
    public static let unreadableManifest = "invalid-manifest"

    public var severity: Severity
    /// A stable identifier of the kind of problem (`invalid-toml`, `broken-path`).
    public var code: String
    public var module: ModuleName?
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    public var message: String

    public init(
        _ severity: Severity, _ code: String, module: ModuleName? = nil, file: String, line: Int = 0,
        _ message: String
    ) {
        self.severity = severity
        self.code = code
        self.module = module
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: severity: message [code]`, the shape compilers and linters print.
    public var description: String {
        let location = line > 0 ? "\(file):\(line)" : file
        return "\(location): \(severity.rawValue): \(message) [\(code)]"
    }
}
