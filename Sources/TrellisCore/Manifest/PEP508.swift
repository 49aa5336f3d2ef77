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
        if let url = rest.range(of: " @ ") ?? rest.range(of: "@") {
            // A `;` inside a URL is legal only before " ;" (PEP 508: markers after a URL need a space).
            let afterAt = rest[url.upperBound...]
            if let semi = afterAt.range(of: " ;") ?? afterAt.range(of: "; ") {
                markers = String(afterAt[semi.upperBound...].trimmingWhitespace())
                rest = rest[..<semi.lowerBound]
            }
        } else if let semi = rest.firstIndex(of: ";") {
            markers = String(rest[rest.index(after: semi)...].trimmingWhitespace())
            rest = rest[..<semi]
        }
        let nameEnd =
            rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } ?? rest.endIndex
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
