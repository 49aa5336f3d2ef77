/// A position between versions in PEP 440 order, where an interval starts or ends.
public enum VersionCut: Comparable, Sendable, CustomStringConvertible {
    /// Before every version.
    case minimum
    /// Just before this version.
    case below(Version)
    /// Just after this exact version (its local variants, if any, lie above the cut).
    case above(Version)
    /// After every version of this version's epoch and release (`1.7`, `1.7+x`, `1.7.post9`…).
    case afterRelease(Version)
    /// After every version.
    case maximum

    /// Orders cuts: the family (epoch, release) first, then the position within it.
    public static func < (a: VersionCut, b: VersionCut) -> Bool { compare(a, b) < 0 }
    public static func == (a: VersionCut, b: VersionCut) -> Bool { compare(a, b) == 0 }

    static func compare(_ a: VersionCut, _ b: VersionCut) -> Int {
        func rank(_ cut: VersionCut) -> Int {
            switch cut {
            case .minimum: 0
            case .maximum: 2
            default: 1
            }
        }
        if rank(a) != rank(b) || rank(a) != 1 { return rank(a) == rank(b) ? 0 : (rank(a) < rank(b) ? -1 : 1) }
        let (va, oa) = a.anchor, (vb, ob) = b.anchor
        if va.epoch != vb.epoch { return va.epoch < vb.epoch ? -1 : 1 }
        let release = Version.compareRelease(va.trimmedRelease, vb.trimmedRelease)
        if release != 0 { return release }
        // Same family: an afterRelease cut is above everything of the family.
        if oa == 2 || ob == 2 { return oa == ob ? 0 : (oa < ob ? -1 : 1) }
        let suffix = Version.compareSuffix(va, vb)
        if suffix != 0 { return suffix }
        return oa == ob ? 0 : (oa < ob ? -1 : 1)
    }

    /// The version a cut is tied to and where it sits: -1 below, 1 above, 2 after the release.
    private var anchor: (Version, Int) {
        switch self {
        case .below(let v): (v, -1)
        case .above(let v): (v, 1)
        case .afterRelease(let v): (v, 2)
        case .minimum, .maximum: (Version(release: [0]), 0)
        }
    }

    /// True when this cut lies before `version`.
    func isBefore(_ version: Version) -> Bool {
        switch self {
        case .minimum: return true
        case .maximum: return false
        case .below(let v): return !(version < v)
        case .above(let v): return version > v
        case .afterRelease: return Self.compare(self, .below(version)) < 0
        }
    }

    public var description: String {
        switch self {
        case .minimum: "-inf"
        case .maximum: "+inf"
        case .below(let v): "<\(v)"
        case .above(let v): ">\(v)"
        case .afterRelease(let v): ">\(v).*"
        }
    }
}

/// The versions between two cuts: `lower < v < upper`. Empty when `lower >= upper`.
public struct VersionInterval: Equatable, Sendable, CustomStringConvertible {
    public var lower: VersionCut
    public var upper: VersionCut

    public init(_ lower: VersionCut, _ upper: VersionCut) {
        self.lower = lower
        self.upper = upper
    }

    /// An interval with no cut between its ends holds no version (conservatively: two distinct
    /// cuts are taken to have a version between them).
    public var isEmpty: Bool { !(lower < upper) }

    public func contains(_ version: Version) -> Bool { lower.isBefore(version) && !upper.isBefore(version) }

    public var description: String { "(\(lower), \(upper))" }
}

/// A set of versions as a sorted union of disjoint intervals, closed under intersection, union
/// and complement, so several requirements can be combined and tested for emptiness.
public struct VersionSet: Equatable, Sendable, CustomStringConvertible {
    /// Disjoint, non-empty, sorted intervals.
    public private(set) var intervals: [VersionInterval]

    public static let all = VersionSet([VersionInterval(.minimum, .maximum)])
    public static let none = VersionSet([])

    /// Normalizes any list of intervals: drops empty ones, sorts, merges overlapping or touching ones.
    public init(_ intervals: [VersionInterval]) {
        let sorted = intervals.filter { !$0.isEmpty }.sorted { $0.lower < $1.lower }
        var merged: [VersionInterval] = []
        for interval in sorted {
            if let last = merged.last, !(last.upper < interval.lower) {
                if last.upper < interval.upper { merged[merged.count - 1].upper = interval.upper }
            } else {
                merged.append(interval)
            }
        }
        self.intervals = merged
    }

    public var isEmpty: Bool { intervals.isEmpty }

    public func contains(_ version: Version) -> Bool { intervals.contains { $0.contains(version) } }

    /// The versions in both sets. O(n + m) over the sorted intervals.
    public func intersection(_ other: VersionSet) -> VersionSet {
        var result: [VersionInterval] = []
        var i = 0, j = 0
        while i < intervals.count && j < other.intervals.count {
            let a = intervals[i], b = other.intervals[j]
            let lower = max(a.lower, b.lower), upper = min(a.upper, b.upper)
            if lower < upper { result.append(VersionInterval(lower, upper)) }
            if a.upper < b.upper { i += 1 } else { j += 1 }
        }
        return VersionSet(result)
    }

    public func union(_ other: VersionSet) -> VersionSet { VersionSet(intervals + other.intervals) }

    /// Every version not in this set.
    public var complement: VersionSet {
        var result: [VersionInterval] = []
        var start = VersionCut.minimum
        for interval in intervals {
            result.append(VersionInterval(start, interval.lower))
            start = interval.upper
        }
        result.append(VersionInterval(start, .maximum))
        return VersionSet(result)
    }

    public var description: String { isEmpty ? "(empty)" : intervals.map(\.description).joined(separator: " ∪ ") }
}
