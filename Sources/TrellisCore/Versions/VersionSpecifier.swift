/// One PEP 440 version clause (`>=1.26`, `==1.*`, `~=2.2`, `!=1.5.1`, `===foobar`), matched as
/// PEP 440 and `packaging` match candidates.
public struct VersionSpecifier: Equatable, Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case compatible = "~="
        case arbitrary = "==="
        case equal = "=="
        case notEqual = "!="
        case lessEqual = "<="
        case greaterEqual = ">="
        case less = "<"
        case greater = ">"
    }

    public var op: Operator
    /// The version; for `===` the parsed text when it is a version, else nil.
    public var version: Version?
    /// `==1.*` / `!=1.*`: the release prefix matched.
    public var wildcard: Bool
    /// The version text as written (for `===`, compared as a string).
    public var text: String

    /// Why a clause is not valid PEP 440.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var clause: String
        public var reason: String
        public var description: String { "'\(clause)' is not a valid version specifier: \(reason)" }
    }

    public init(op: Operator, version: Version?, wildcard: Bool = false, text: String? = nil) {
        self.op = op
        self.version = version
        self.wildcard = wildcard
        self.text = text ?? version.map { "\($0)\(wildcard ? ".*" : "")" } ?? ""
    }

    /// Parses one clause such as `>= 1.26` or `==1.1.*` (whitespace allowed after the operator).
    public init(parsing clause: some StringProtocol) throws(Invalid) {
        let raw = clause.trimmed()
        guard let op = Operator.allCases.first(where: { raw.hasPrefix($0.rawValue) }) else {
            throw Invalid(clause: raw, reason: "it does not start with an operator (~=, ==, !=, <=, >=, <, >, ===)")
        }
        var text = String(raw.dropFirst(op.rawValue.count)).trimmed()
        guard !text.isEmpty else { throw Invalid(clause: raw, reason: "the version is missing") }
        self.op = op
        self.text = text
        self.wildcard = false
        if op == .arbitrary {
            version = Version(text)
            return
        }
        if text.hasSuffix(".*") {
            guard op == .equal || op == .notEqual else {
                throw Invalid(clause: raw, reason: "only == and != take a .* wildcard")
            }
            text.removeLast(2)
            wildcard = true
        }
        guard let parsed = Version(text) else {
            throw Invalid(clause: raw, reason: "'\(text)' is not a PEP 440 version")
        }
        if wildcard && !parsed.isFinal || wildcard && !parsed.local.isEmpty {
            throw Invalid(clause: raw, reason: "a .* wildcard follows a release only (no pre, post, dev or local part)")
        }
        if !parsed.local.isEmpty && op != .equal && op != .notEqual {
            throw Invalid(clause: raw, reason: "a local version label is allowed with == and != only")
        }
        if op == .compatible && parsed.release.count < 2 {
            throw Invalid(clause: raw, reason: "~= needs at least two release numbers (~=2.2, not ~=2)")
        }
        version = parsed
    }

    public var description: String { "\(op.rawValue)\(text)" }

    /// True when the clause names a pre-release, which makes pre-releases acceptable (PEP 440).
    public var mentionsPrerelease: Bool {
        switch op {
        case .notEqual: false
        default: version?.isPrerelease ?? false
        }
    }

    // MARK: Matching one candidate (PEP 440 "Version specifiers"; packaging.specifiers.Specifier)

    /// True when `candidate` satisfies the clause, leaving the pre-release policy aside.
    public func matches(_ candidate: Version) -> Bool {
        guard let v = version else { return false }  // === with a non-version never matches a PEP 440 version
        switch op {
        case .arbitrary:
            return candidate.description.lowercased() == text.lowercased()
        case .equal:
            return equals(candidate, v)
        case .notEqual:
            return !equals(candidate, v)
        case .lessEqual:
            return candidate.public <= v
        case .greaterEqual:
            return candidate.public >= v
        case .less:
            return candidate < Self.lessBound(v)
        case .greater:
            // A final V: every later version of its release is one of its post or local versions.
            if v.isFinal { return candidate > v && !candidate.sameRelease(as: v) }
            return !(candidate < Self.greaterBound(v))
        case .compatible:
            return candidate.public >= v && Self.prefixMatches(candidate, Self.compatiblePrefix(v))
        }
    }

    /// `<V` accepts exactly the versions below this one. Unless V is a pre- or dev release, `<V`
    /// must not accept V's own pre-releases: `<3.1` stops at `3.1.dev0`, `<1.0.post1` at
    /// `1.0.post1.dev0` (and still accepts `1.0rc1`, a pre-release of 1.0, not of 1.0.post1).
    static func lessBound(_ v: Version) -> Version {
        if v.pre != nil || v.dev != nil { return v }
        return Version(epoch: v.epoch, release: v.release, post: v.post, dev: 0)
    }

    /// `>V`, V not final, accepts exactly the versions from this one up.
    /// It must not accept V's local versions, nor, unless V is a post- or dev release, V's
    /// post-releases: `>1.7` rejects `1.7.0.post1`, `>1.0a1` rejects `1.0a1.post1` but accepts
    /// `1.0.post1` (packaging 26's reading of PEP 440, checked in the tests).
    static func greaterBound(_ v: Version) -> Version {
        if v.dev != nil || v.post != nil { return v.successorOfLocals }
        let pre = v.pre ?? (.candidate, Int.max - 1)
        return Version(epoch: v.epoch, release: v.release, pre: (pre.phase, pre.number + 1), dev: 0)
    }

    private func equals(_ candidate: Version, _ v: Version) -> Bool {
        if wildcard { return Self.prefixMatches(candidate, v) }
        // Without a local label in the clause, the candidate's local label is ignored.
        return v.local.isEmpty ? candidate.public == v : candidate == v
    }

    /// `==prefix.*`: same epoch, and the release (zero-padded) starts with the prefix's release.
    /// A pre-release counts as a part after the release, as packaging's `_version_split` does.
    static func prefixMatches(_ candidate: Version, _ prefix: Version) -> Bool {
        guard candidate.epoch == prefix.epoch else { return false }
        for (i, number) in prefix.release.enumerated()
        where (i < candidate.release.count ? candidate.release[i] : 0) != number {
            return false
        }
        return true
    }

    /// `~=1.4.5a4` means `>=1.4.5a4, ==1.4.*`: the release without its last number.
    static func compatiblePrefix(_ v: Version) -> Version {
        Version(epoch: v.epoch, release: Array(v.release.dropLast()))
    }

    // MARK: As a set of versions

    /// Every version the clause accepts, as intervals: exact for every operator (the tests check
    /// it against packaging) except `===`, a string match, held as every version equal to its
    /// text (or any version when the text is none): a superset, so an empty intersection is
    /// still a proof that nothing satisfies every clause.
    public var versions: VersionSet {
        guard let v = version else { return .all }
        switch op {
        case .arbitrary:
            return VersionSet([VersionInterval(.below(v), .above(v))])
        case .equal:
            return equalSet(v)
        case .notEqual:
            return equalSet(v).complement
        case .greaterEqual:
            return VersionSet([VersionInterval(.below(v), .maximum)])
        case .lessEqual:
            return VersionSet([VersionInterval(.minimum, .below(v.successorOfLocals))])
        case .less:
            return VersionSet([VersionInterval(.minimum, .below(Self.lessBound(v)))])
        case .greater:
            let cut: VersionCut = v.isFinal ? .afterRelease(v) : .below(Self.greaterBound(v))
            return VersionSet([VersionInterval(cut, .maximum)])
        case .compatible:
            return VersionSet([VersionInterval(.below(v), .maximum)]).intersection(
                Self.prefixSet(Self.compatiblePrefix(v)))
        }
    }

    private func equalSet(_ v: Version) -> VersionSet {
        if wildcard { return Self.prefixSet(v) }
        if v.local.isEmpty { return VersionSet([VersionInterval(.below(v), .below(v.successorOfLocals))]) }
        return VersionSet([VersionInterval(.below(v), .above(v))])
    }

    /// `==1.1.*`: from `1.1.dev0` up to `1.2.dev0` (every release that starts with 1.1).
    static func prefixSet(_ prefix: Version) -> VersionSet {
        var next = prefix.release
        next[next.count - 1] += 1
        return VersionSet([
            VersionInterval(
                .below(Version(epoch: prefix.epoch, release: prefix.release, dev: 0)),
                .below(Version(epoch: prefix.epoch, release: next, dev: 0)))
        ])
    }
}
