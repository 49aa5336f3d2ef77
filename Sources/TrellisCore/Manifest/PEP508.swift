import Foundation

/// A PEP 508 dependency specification, split into its parts without judging the version syntax.
public struct PEP508Requirement: Equatable, Sendable {
    /// The name as written.
    public var name: String
    public var extras: [String]
    /// The version specifier as written (`>=1.26,<2`), empty when absent.
    public var specifier: String
    /// The direct reference after `@` (`file:///…`, `git+https://…`), when present.
    public var url: String?
    public var markers: String?

    /// Parses `name [extras] (specifier | @ url) ; markers`. Returns nil when no name starts the text.
    public init?(_ text: String) {
        var rest = Substring(text).trimmingWhitespace()
        var markers: String?
        if let url = rest.firstByteRange(of: " @ ") ?? rest.firstByteRange(of: "@") {
            // A `;` inside a URL is legal only before " ;" (PEP 508: markers after a URL need a space).
            let afterAt = rest[url.upperBound...]
            if let semi = afterAt.firstByteRange(of: " ;") ?? afterAt.firstByteRange(of: "; ") {
                markers = String(afterAt[semi.upperBound...].trimmingWhitespace())
                rest = rest[..<semi.lowerBound]
            }
        } else if let semi = rest.firstIndex(of: ";") {
            markers = String(rest[rest.index(after: semi)...].trimmingWhitespace())
            rest = rest[..<semi]
        }
        let nameEnd = Self.nameEnd(of: rest)
        let name = rest[..<nameEnd]
        guard let first = name.first, first.isLetter || first.isNumber else { return nil }
        self.name = String(name)
        rest = rest[nameEnd...].trimmingWhitespace()
        var extras: [String] = []
        if rest.first == "[", let close = rest.firstIndex(of: "]") {
            extras = rest[rest.index(after: rest.startIndex)..<close]
                .split(separator: ",").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
            rest = rest[rest.index(after: close)...].trimmingWhitespace()
        }
        self.extras = extras
        if rest.first == "@" {
            url = String(rest.dropFirst().trimmingWhitespace())
            specifier = ""
        } else {
            url = nil
            var spec = rest
            if spec.first == "(" && spec.last == ")" { spec = spec.dropFirst().dropLast() }
            specifier = spec.filter { !$0.isWhitespace }
        }
        self.markers = markers?.isEmpty == true ? nil : markers
    }
}

extension PEP508Requirement {
    /// Where the name that starts `text` ends: letters, digits, `-`, `_`, `.`. Over the bytes
    /// while they are ASCII (nearly always); from the start by `Character` otherwise.
    fileprivate static func nameEnd(of text: Substring) -> Substring.Index {
        let bytes = text.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x80 {
                return text.firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
                    ?? text.endIndex
            }
            let isNamePart =
                (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            if !isNamePart { return index }
            index = bytes.index(after: index)
        }
        return text.endIndex
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}

extension StringProtocol {
    func trimmed() -> String { String(Substring(self).trimmingWhitespace()) }
}

extension Substring {
    /// The first occurrence of the ASCII text `needle`, found over the UTF-8 bytes: what
    /// Foundation's `range(of:)` finds for such a needle, without its locale-aware search, which
    /// took 3 % of a cold scan (every requirement is searched for ` @ `, `@` and ` ;`).
    func firstByteRange(of needle: StaticString) -> Range<Index>? {
        let bytes = utf8
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let head = pattern.first else { return nil }
        var from = bytes.startIndex
        while let start = bytes[from...].firstIndex(of: head) {
            var end = bytes.index(after: start)
            var matched = true
            for byte in pattern.dropFirst() {
                guard end < bytes.endIndex, bytes[end] == byte else {
                    matched = false
                    break
                }
                end = bytes.index(after: end)
            }
            if matched { return start..<end }
            from = bytes.index(after: start)
        }
        return nil
    }
}
