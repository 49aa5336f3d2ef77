/// A version constraint as manifests write it: a PEP 440 specifier set (`>=1.26,<2`) or Poetry's
/// syntax (`^1.2`, `~1.2.3`, `1.2.*`, `*`, a bare `1.2.3`, `>=1.2 <2`, `^1.0 || ^2.0`). Poetry's
/// forms are translated to PEP 440 clauses as Poetry itself does when it writes metadata
/// (`^1.2.3` is `>=1.2.3,<2.0.0`), so both kinds combine as one set of versions.
public struct VersionConstraint: Equatable, Sendable, CustomStringConvertible {
    /// Alternatives (`||`), each a conjunction of clauses; one empty conjunction accepts everything.
    public var alternatives: [[VersionSpecifier]]
    /// The text as written.
    public var text: String

    /// Parses `text`; an empty text or `*` accepts every version.
    public init(parsing text: String) throws(VersionSpecifier.Invalid) {
        self.text = text
        var alternatives: [[VersionSpecifier]] = []
        let normalized = text.replacingOccurrences(of: "||", with: "|")
        for alternative in normalized.split(separator: "|", omittingEmptySubsequences: false) {
            var clauses: [VersionSpecifier] = []
            for token in Self.tokens(alternative) {
                clauses += try Self.clauses(token)
            }
            if alternative.trimmed().isEmpty && normalized.contains("|") {
                throw VersionSpecifier.Invalid(clause: text, reason: "an empty alternative around ||")
            }
            alternatives.append(clauses)
        }
        self.alternatives = alternatives
    }

    public var description: String { text }

    /// Every version the constraint accepts (a superset where `VersionSpecifier.versions` says so).
    public var versions: VersionSet {
        alternatives.reduce(VersionSet.none) { union, clauses in
            union.union(clauses.reduce(VersionSet.all) { $0.intersection($1.versions) })
        }
    }

    /// True when `version` satisfies the constraint. Pre-releases are accepted only when
    /// `prereleases` says so or, when it is nil, when a clause names a pre-release (PEP 440).
    public func contains(_ version: Version, prereleases: Bool? = nil) -> Bool {
        alternatives.contains { clauses in
            let allowPre = prereleases ?? clauses.contains(where: \.mentionsPrerelease)
            if version.isPrerelease && !allowPre { return false }
            return clauses.allSatisfy { $0.matches(version) }
        }
    }

    // MARK: Parsing

    /// Splits one alternative into clause texts: by commas, then by spaces, re-attaching an
    /// operator written apart from its version (`>= 1.2`).
    static func tokens(_ alternative: Substring) -> [String] {
        var tokens: [String] = []
        for part in alternative.split(separator: ",", omittingEmptySubsequences: false) {
            var pending = ""
            for word in part.split(whereSeparator: \.isWhitespace) {
                pending += word
                if pending.allSatisfy({ "<>=!~^".contains($0) }) { continue }
                tokens.append(pending)
                pending = ""
            }
            if !pending.isEmpty { tokens.append(pending) }
        }
        return tokens
    }

    /// One token as PEP 440 clauses: Poetry's `^`, `~`, wildcards and bare versions translated.
    static func clauses(_ token: String) throws(VersionSpecifier.Invalid) -> [VersionSpecifier] {
        let lowered = token.lowercased()
        // Poetry: `*`, `x`, `*.*` accept any version.
        if lowered.allSatisfy({ "*x.".contains($0) }) && lowered.first != "." { return [] }
        if token.hasPrefix("^") {
            let v = try version(String(token.dropFirst()), in: token)
            return [
                VersionSpecifier(op: .greaterEqual, version: v), VersionSpecifier(op: .less, version: caretUpper(v)),
            ]
        }
        if token.hasPrefix("~") && !token.hasPrefix("~=") {
            let v = try version(String(token.dropFirst()), in: token)
            return [
                VersionSpecifier(op: .greaterEqual, version: v), VersionSpecifier(op: .less, version: tildeUpper(v)),
            ]
        }
        if let first = token.first, first.isNumber || first == "v" || first == "V" {
            // Poetry: a bare version is an exact pin, `1.2.*` a wildcard (poetry-core 2.5 rejects `1.2.x`).
            return [try wildcardOrExact("==", token)]
        }
        if token.hasPrefix("="), !token.hasPrefix("==") && !token.hasPrefix("===") {
            return [try wildcardOrExact("==", String(token.dropFirst()))]
        }
        if token.hasPrefix("==") && !token.hasPrefix("===") || token.hasPrefix("!=") {
            return [try wildcardOrExact(String(token.prefix(2)), String(token.dropFirst(2)))]
        }
        return [try VersionSpecifier(parsing: token)]
    }

    private static func wildcardOrExact(_ op: String, _ version: String) throws(VersionSpecifier.Invalid)
        -> VersionSpecifier
    {
        try VersionSpecifier(parsing: op + version.trimmed())
    }

    private static func version(_ text: String, in token: String) throws(VersionSpecifier.Invalid) -> Version {
        guard let v = Version(text.trimmed()) else {
            throw VersionSpecifier.Invalid(clause: token, reason: "'\(text)' is not a version")
        }
        return v
    }

    /// Poetry's `next_breaking`: `^1.2.3` → 2.0.0, `^0.2.3` → 0.3.0, `^0.0.3` → 0.0.4, `^0` → 1, `^0.0` → 0.1.
    static func caretUpper(_ v: Version) -> Version {
        let r = v.release
        if r[0] > 0 || r.count == 1 {
            return Version(epoch: v.epoch, release: [r[0] + 1, 0, 0].prefix(max(1, min(3, r.count))).map { $0 })
        }
        if r[1] > 0 || r.count == 2 {
            return Version(epoch: v.epoch, release: [0, r[1] + 1, 0].prefix(min(3, r.count)).map { $0 })
        }
        return Version(epoch: v.epoch, release: [0, 0, r[2] + 1])
    }

    /// Poetry's tilde: `~1.2.3` → 1.3.0, `~1.2` → 1.3, `~1` → 2.
    static func tildeUpper(_ v: Version) -> Version {
        let r = v.release
        if r.count == 1 { return Version(epoch: v.epoch, release: [r[0] + 1]) }
        return Version(epoch: v.epoch, release: [r[0], r[1] + 1, 0].prefix(min(3, r.count)).map { $0 })
    }
}
