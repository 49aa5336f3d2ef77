/// A distribution name normalized as PEP 503 says: lowercase, runs of `-`, `_` and `.` become `-`.
public struct ModuleName: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The normalized spelling.
    public let rawValue: String

    /// Normalizes any spelling (`Lib_One`, `lib.one`) to its PEP 503 form (`lib-one`).
    public init(_ spelling: some StringProtocol) {
        rawValue = Self.normalize(spelling)
    }

    /// The same, for a `String`: called from other modules, the generic initializer runs
    /// unspecialized; names read back from the registry come through here.
    public init(_ spelling: String) {
        rawValue = Self.normalize(spelling)
    }

    private static func normalize(_ spelling: some StringProtocol) -> String {
        // Names read back from the registry are already normalized: one pass that allocates
        // nothing recognizes them. Most other names are ASCII: a byte loop handles them; only
        // other scripts take the Unicode path.
        if isNormalizedASCII(spelling.utf8) { return String(spelling) }
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

    /// True when `utf8` is ASCII already in normalized form: no capital letter, no `_` or `.`,
    /// and no `-` at either end or next to another.
    private static func isNormalizedASCII(_ utf8: some Sequence<UInt8>) -> Bool {
        // Starting as if after a `-` refuses a leading one.
        var previous = UInt8(ascii: "-")
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "."), 0x80...: return false
            case UInt8(ascii: "-") where previous == UInt8(ascii: "-"): return false
            default: previous = byte
            }
        }
        return previous != UInt8(ascii: "-")
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
