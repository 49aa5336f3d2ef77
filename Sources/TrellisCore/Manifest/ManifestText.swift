import Foundation

/// The text of one manifest file, and where its bytes stopped being text Trellis can decode.
///
/// Every kind is read as UTF-8, as the tools that read it do: TOML must be UTF-8 (the TOML
/// spec; `tomllib` and uv refuse anything else), setuptools reads `setup.cfg` as UTF-8 and tox
/// reads `tox.ini` as UTF-8. A requirements file is decoded as pip decodes it
/// (`pip._internal.utils.encoding.auto_decode`): a UTF-8, UTF-16 or UTF-32 byte order mark
/// names its encoding, else a `coding:` comment in its first two lines (PEP 263 style), else
/// the locale's encoding, which Trellis takes to be UTF-8. `pip freeze > requirements.txt` in
/// Windows PowerShell 5 writes UTF-16 with a byte order mark, so that case is common.
///
/// Bytes that do not decode are read as U+FFFD, so the rest of the file still counts, and
/// `undecodable` says where the first of them is: ManifestReader turns it into a diagnostic.
public struct ManifestText: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    public var undecodable: Undecodable?

    /// The first place where a file's bytes are not text in the encoding it is read in.
    public struct Undecodable: Error, Sendable, Equatable {
        /// 1-based line and byte column of the first byte that does not decode (1 and 1 when
        /// the encoding only fails as a whole, as UTF-16 and UTF-32 do here).
        public var line: Int
        public var column: Int
        /// What was wrong, in words: "byte 0xFF is not UTF-8".
        public var reason: String

        public init(line: Int, column: Int, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }

        /// The words of an invalid-TOML diagnostic: TOML must be UTF-8.
        var asTOMLError: String { "\(reason) (column \(column)), and a TOML file must be UTF-8" }
    }

    public init(_ text: String) {
        self.text = text
        self.undecodable = nil
    }

    public init(stringLiteral text: String) { self.init(text) }

    /// Decodes the bytes of the manifest at `path` (its kind is told by its file name).
    public init(decoding bytes: some Collection<UInt8>, path: String) {
        if ManifestKind.of(path: path) == .requirements {
            self = Self.decodeAsPip(Array(bytes))
        } else {
            self = Self.decodeUTF8(bytes)
        }
    }

    /// Strict UTF-8: the text, with U+FFFD for bytes that are not, and where the first one is.
    static func decodeUTF8(_ bytes: some Collection<UInt8>) -> ManifestText {
        if let text = String(validating: bytes, as: UTF8.self) { return ManifestText(text) }
        var decoded = ManifestText(String(decoding: bytes, as: UTF8.self))
        decoded.undecodable = firstInvalidUTF8(in: Array(bytes))
        return decoded
    }

    /// Where the first byte that is not UTF-8 lies.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Undecodable? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var lineStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = offset + 1
                }
                offset += encoded.count
            case .error(let length):
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                let shown = byte.count == 1 ? "0x0\(byte)" : "0x\(byte)"
                let reason =
                    length > 1 ? "a sequence starting with byte \(shown) is not UTF-8" : "byte \(shown) is not UTF-8"
                return Undecodable(line: line, column: offset - lineStart + 1, reason: reason)
            case .emptyInput:
                return nil
            }
        }
    }

    /// pip's byte order marks, in pip's order (`BOMS`): UTF-16's `FF FE` comes before UTF-32's
    /// `FF FE 00 00`, so pip reads a UTF-32 little-endian file as UTF-16, and so does Trellis.
    /// The width and byte order of the code units each one announces.
    private static let byteOrderMarks: [(bytes: [UInt8], width: Int, bigEndian: Bool, name: String)] = [
        ([0xEF, 0xBB, 0xBF], 1, false, "UTF-8"),
        ([0xFF, 0xFE], 2, false, "UTF-16"),
        ([0xFE, 0xFF], 2, true, "UTF-16"),
        ([0x00, 0x00, 0xFE, 0xFF], 4, true, "UTF-32"),
    ]

    /// UTF-16 or UTF-32 code units of `width` bytes, strictly (as Python's codecs: a truncated
    /// unit or a lone surrogate fails); nil when they are not that encoding.
    private static func decode(_ bytes: ArraySlice<UInt8>, width: Int, bigEndian: Bool) -> String? {
        guard bytes.count % width == 0 else { return nil }
        var units: [UInt32] = []
        units.reserveCapacity(bytes.count / width)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            var unit: UInt32 = 0
            for offset in 0..<width {
                let byte = UInt32(bytes[index + (bigEndian ? offset : width - 1 - offset)])
                unit = unit << 8 | byte
            }
            units.append(unit)
            index += width
        }
        if width == 4 { return String(validating: units, as: UTF32.self) }
        return String(validating: units.map { UInt16(truncatingIfNeeded: $0) }, as: UTF16.self)
    }

    /// The encodings a `coding:` comment may name that Trellis decodes, by Python codec name
    /// (lowercased, `_` as `-`): UTF-8 and the Latin-1 family people write requirements in.
    private static let declaredEncodings: [String: String.Encoding] = [
        "utf-8": .utf8, "utf8": .utf8, "ascii": .utf8, "us-ascii": .utf8,
        "latin-1": .isoLatin1, "latin1": .isoLatin1, "iso-8859-1": .isoLatin1, "iso8859-1": .isoLatin1,
        "l1": .isoLatin1, "cp1252": .windowsCP1252, "windows-1252": .windowsCP1252,
    ]

    /// A requirements file as pip decodes it (see the type's comment).
    static func decodeAsPip(_ bytes: [UInt8]) -> ManifestText {
        for mark in byteOrderMarks where bytes.starts(with: mark.bytes) {
            let body = bytes.dropFirst(mark.bytes.count)
            if mark.width == 1 { return decodeUTF8(body) }
            if let text = decode(body, width: mark.width, bigEndian: mark.bigEndian) { return ManifestText(text) }
            var decoded = ManifestText(String(decoding: body, as: UTF8.self))
            decoded.undecodable = Undecodable(
                line: 1, column: 1, reason: "it starts with a \(mark.name) byte order mark but is not \(mark.name)")
            return decoded
        }
        guard let declared = declaredCoding(in: bytes) else { return decodeUTF8(bytes) }
        guard let encoding = declaredEncodings[declared.name.lowercased().replacingOccurrences(of: "_", with: "-")]
        else {
            var decoded = decodeUTF8(bytes)
            decoded.undecodable = Undecodable(
                line: declared.line, column: 1,
                reason: "it declares the encoding \(declared.name), which Trellis does not decode; read as UTF-8")
            return decoded
        }
        if encoding == .utf8 { return decodeUTF8(bytes) }
        // Every byte is a character in Latin-1; cp1252 leaves five undefined.
        if let text = String(data: Data(bytes), encoding: encoding) { return ManifestText(text) }
        var decoded = decodeUTF8(bytes)
        decoded.undecodable = Undecodable(
            line: declared.line, column: 1,
            reason: "it declares the encoding \(declared.name) but is not \(declared.name)")
        return decoded
    }

    /// pip's `coding[:=]\s*([-\w.]+)` in one of the first two lines, when that line starts with `#`.
    private static func declaredCoding(in bytes: [UInt8]) -> (name: String, line: Int)? {
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false).prefix(2)
        {
            lineNumber += 1
            guard line.first == UInt8(ascii: "#") else { continue }
            let text = String(decoding: line, as: UTF8.self)
            var searched = text[...]
            while let marker = searched.range(of: "coding") {
                searched = searched[marker.upperBound...]
                guard let separator = searched.first, separator == ":" || separator == "=" else { continue }
                let name = searched.dropFirst().drop { $0 == " " || $0 == "\t" }.prefix {
                    $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".")
                }
                if !name.isEmpty { return (String(name), lineNumber) }
            }
        }
        return nil
    }
}
