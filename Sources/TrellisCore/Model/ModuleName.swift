/// A distribution name normalized as PEP 503 says: lowercase, runs of `-`, `_` and `.` become `-`.
public struct ModuleName: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The normalized spelling.
    public let rawValue: String

    /// Normalizes any spelling (`Lib_One`, `lib.one`) to its PEP 503 form (`lib-one`).
    public init(_ spelling: some StringProtocol) {
        var out = ""
        out.reserveCapacity(spelling.utf8.count)
        var pendingSeparator = false
        for scalar in spelling.unicodeScalars {
            if scalar == "-" || scalar == "_" || scalar == "." {
                pendingSeparator = true
                continue
            }
            if pendingSeparator && !out.isEmpty { out.append("-") }
            pendingSeparator = false
            out.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        rawValue = out
    }

    public var description: String { rawValue }
    public static func < (a: ModuleName, b: ModuleName) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
