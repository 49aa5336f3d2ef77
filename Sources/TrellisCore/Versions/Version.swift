/// A PEP 440 version (`1!2.0.1rc3.post4.dev5+ubuntu.1`), parsed with PEP 440's normalization
/// rules and ordered as PEP 440 (and `packaging`) orders versions.
public struct Version: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A pre-release phase, in PEP 440 order.
    public enum Phase: Int, Sendable, Comparable {
        case alpha, beta, candidate
        public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }
        var spelling: String { ["a", "b", "rc"][rawValue] }
    }

    /// One dot-separated part of a local version label: numbers sort after strings.
    public enum LocalPart: Hashable, Sendable, Comparable {
        case text(String)
        case number(Int)

        public static func < (a: LocalPart, b: LocalPart) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): x < y
            case (.text(let x), .text(let y)): x < y
            case (.text, .number): true
            case (.number, .text): false
            }
        }

        var spelling: String {
            switch self {
            case .number(let n): "\(n)"
            case .text(let t): t
            }
        }
    }

    public var epoch: Int
    /// The release numbers as written (`1.0` keeps its zero; comparison ignores trailing zeros).
    public var release: [Int]
    public var pre: (phase: Phase, number: Int)?
    public var post: Int?
    public var dev: Int?
    /// The local label after `+`, empty when there is none.
    public var local: [LocalPart]

    public init(
        epoch: Int = 0, release: [Int], pre: (phase: Phase, number: Int)? = nil, post: Int? = nil, dev: Int? = nil,
        local: [LocalPart] = []
    ) {
        self.epoch = epoch
        self.release = release.isEmpty ? [0] : release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    /// Parses any spelling PEP 440 accepts and normalizes it (`V1.0-ALPHA_1` is `1.0a1`,
    /// `1.0-1` is `1.0.post1`, `1.2.rev` is `1.2.post0`); nil when the text is not a version.
    public init?(_ text: some StringProtocol) {
        var scanner = VersionScanner(String(text).trimmed().lowercased())
        guard let version = scanner.scan() else { return nil }
        self = version
    }

    /// True for a pre-release or a development release (PEP 440 `is_prerelease`).
    public var isPrerelease: Bool { pre != nil || dev != nil }
    public var isPostrelease: Bool { post != nil }
    /// A final release: no pre, post, dev or local part.
    public var isFinal: Bool { pre == nil && post == nil && dev == nil }

    /// The version without its local label.
    public var `public`: Version { Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev) }
    /// Epoch and release only (`1.0rc1.post2` → `1.0`), as `packaging`'s `base_version`.
    public var base: Version { Version(epoch: epoch, release: release) }

    /// The release without trailing zeros: `1.0.0` and `1` compare equal.
    var trimmedRelease: ArraySlice<Int> {
        var end = release.count
        while end > 1 && release[end - 1] == 0 { end -= 1 }
        return release[..<end]
    }

    /// The normalized spelling (`1!2.0rc1.post3.dev4+abc.5`).
    public var description: String {
        var text = epoch != 0 ? "\(epoch)!" : ""
        text += release.map(String.init).joined(separator: ".")
        if let pre { text += "\(pre.phase.spelling)\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if !local.isEmpty { text += "+" + local.map(\.spelling).joined(separator: ".") }
        return text
    }

    // MARK: Order (PEP 440 "Summary of permitted suffixes and relative ordering", as packaging's _cmpkey)

    /// -1, 0, 1 as `a` sorts before, with, or after `b`.
    static func compare(_ a: Version, _ b: Version) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let release = compareRelease(a.trimmedRelease, b.trimmedRelease)
        if release != 0 { return release }
        return compareSuffix(a, b)
    }

    /// Compares two trimmed release lists, the shorter one padded with zeros.
    static func compareRelease(_ a: ArraySlice<Int>, _ b: ArraySlice<Int>) -> Int {
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[a.startIndex + i] : 0
            let y = i < b.count ? b[b.startIndex + i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// Compares pre, post, dev and local of two versions of the same epoch and release.
    static func compareSuffix(_ a: Version, _ b: Version) -> Int {
        // A dev release without pre or post sorts before every pre-release of its release (1.0.dev0 < 1.0a0).
        func preKey(_ v: Version) -> (Int, Int, Int) {
            if let pre = v.pre { return (1, pre.phase.rawValue, pre.number) }
            if v.post == nil && v.dev != nil { return (0, 0, 0) }
            return (2, 0, 0)
        }
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        let (pa, pb) = (preKey(a), preKey(b))
        if pa != pb { return pa < pb ? -1 : 1 }
        let post = cmp(a.post.map { $0 + 1 } ?? 0, b.post.map { $0 + 1 } ?? 0)
        if post != 0 { return post }
        let dev = cmp(a.dev ?? Int.max, b.dev ?? Int.max)
        if dev != 0 { return dev }
        if a.local.isEmpty != b.local.isEmpty { return a.local.isEmpty ? -1 : 1 }
        return a.local.lexicographicallyPrecedes(b.local) ? -1 : (a.local == b.local ? 0 : 1)
    }

    public static func < (a: Version, b: Version) -> Bool { compare(a, b) < 0 }
    public static func == (a: Version, b: Version) -> Bool { compare(a, b) == 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(trimmedRelease))
        hasher.combine(pre?.phase)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }

    /// True when both share epoch and release (trailing zeros ignored): the same "family".
    func sameRelease(as other: Version) -> Bool {
        epoch == other.epoch && Self.compareRelease(trimmedRelease, other.trimmedRelease) == 0
    }

    /// The smallest version of this version's release (`1.2` → `1.2.dev0`).
    var familyStart: Version { Version(epoch: epoch, release: release, dev: 0) }

    /// The first version above this one and all its local variants (this version has no local label).
    var successorOfLocals: Version {
        if let dev { return Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev + 1) }
        if let post { return Version(epoch: epoch, release: release, pre: pre, post: post + 1, dev: 0) }
        return Version(epoch: epoch, release: release, pre: pre, post: 0, dev: 0)
    }
}

/// A hand-written scanner for PEP 440's permissive syntax (the regular expression of its appendix).
private struct VersionScanner {
    let chars: [Character]
    var i = 0

    init(_ text: String) { chars = Array(text) }

    mutating func scan() -> Version? {
        if peek("v") { i += 1 }
        guard var first = number() else { return nil }
        var epoch = 0
        if peek("!") {
            i += 1
            epoch = first
            guard let n = number() else { return nil }
            first = n
        }
        var release = [first]
        while peek("."), i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber {
            i += 1
            guard let n = number() else { return nil }
            release.append(n)
        }
        var version = Version(epoch: epoch, release: release)
        // Pre-release: [-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?N?
        let save = i
        skipSeparator()
        let phases: [(String, Version.Phase)] = [
            ("alpha", .alpha), ("beta", .beta), ("preview", .candidate), ("pre", .candidate),
            ("rc", .candidate), ("a", .alpha), ("b", .beta), ("c", .candidate),
        ]
        if let phase = word(phases) {
            version.pre = (phase, optionalNumber())
        } else {
            i = save
        }
        // Post-release: -N, or [-_.]?(post|rev|r)[-_.]?N?
        let beforePost = i
        if peek("-"), i + 1 < chars.count, chars[i + 1].isNumber {
            i += 1
            version.post = number()
        } else {
            skipSeparator()
            if word([("post", 0), ("rev", 0), ("r", 0)]) != nil {
                version.post = optionalNumber()
            } else {
                i = beforePost
            }
        }
        // Development release: [-_.]?dev[-_.]?N?
        let beforeDev = i
        skipSeparator()
        if word([("dev", 0)]) != nil {
            version.dev = optionalNumber()
        } else {
            i = beforeDev
        }
        if peek("+") {
            i += 1
            var parts: [Version.LocalPart] = []
            var current = ""
            while i < chars.count {
                let c = chars[i]
                if c == "." || c == "-" || c == "_" {
                    guard !current.isEmpty else { return nil }
                    parts.append(Self.localPart(current))
                    current = ""
                } else if c.isASCII && (c.isLetter || c.isNumber) {
                    current.append(c)
                } else {
                    return nil
                }
                i += 1
            }
            guard !current.isEmpty else { return nil }
            parts.append(Self.localPart(current))
            version.local = parts
        }
        return i == chars.count ? version : nil
    }

    static func localPart(_ text: String) -> Version.LocalPart {
        if text.allSatisfy(\.isNumber), let n = Int(text) { return .number(n) }
        return .text(text)
    }

    func peek(_ c: Character) -> Bool { i < chars.count && chars[i] == c }

    mutating func skipSeparator() {
        if i < chars.count, chars[i] == "-" || chars[i] == "_" || chars[i] == "." { i += 1 }
    }

    /// Consumes the first of `words` found at the cursor (longest listed first).
    mutating func word<T>(_ words: [(String, T)]) -> T? {
        for (spelling, value) in words {
            let end = i + spelling.count
            if end <= chars.count && String(chars[i..<end]) == spelling {
                i = end
                return value
            }
        }
        return nil
    }

    /// An implicit number after a pre, post or dev label: `[-_.]?N`, 0 when absent.
    mutating func optionalNumber() -> Int {
        let save = i
        skipSeparator()
        if let n = number() { return n }
        i = save
        return 0
    }

    mutating func number() -> Int? {
        var value = 0
        var digits = 0
        while i < chars.count, let digit = chars[i].wholeNumberValue, chars[i].isASCII {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = sum
            digits += 1
            i += 1
        }
        // Numbers stay below 2^62 so a successor (`dev + 1`, `post + 1`) can never overflow.
        return digits > 0 && value < 1 << 62 ? value : nil
    }
}
