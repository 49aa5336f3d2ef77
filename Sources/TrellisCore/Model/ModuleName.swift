/// A distribution name normalized as PEP 503 says: lowercase, runs of `-`, `_` and `.` become `-`.
public struct ModuleName: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The normalized spelling.
    public let rawValue: String

    /// Normalizes any spelling (`Lib_One`, `lib.one`) to its PEP 503 form (`lib-one`).
    public init(_ spelling: some StringProtocol) {
        rawValue = Self.normalize(spelling)
    }

    private static func normalize(_ spelling: some StringProtocol) -> String {
        // Names read back from the registry are already normalized, and most names are ASCII:
        // a byte loop handles them; only other scripts take the Unicode path.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(spelling.utf8.count)
        var pendingSeparator = false
        var changed = false
        for byte in spelling.utf8 {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                changed = changed || byte != UInt8(ascii: "-") || pendingSeparator || bytes.isEmpty
                pendingSeparator = true
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                changed = true
                if pendingSeparator && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                bytes.append(byte + 32)
            case 0x80...:
                return normalizeUnicode(spelling)
            default:
                if pendingSeparator && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                bytes.append(byte)
            }
            pendingSeparator = false
        }
        changed = changed || pendingSeparator
        return changed ? String(decoding: bytes, as: UTF8.self) : String(spelling)
    }

    private static func normalizeUnicode(_ spelling: some StringProtocol) -> String {
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
        return out
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
