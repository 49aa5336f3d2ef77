/// How `pin` writes the requirement that replaces a path dependency, from the target's version.
public enum PinStyle: String, Sendable, CaseIterable {
    /// `>=1.4.2,<1.5`: this release or a later one of the same minor series (PEP 440's
    /// `~=1.4.2`); `>=2,<3` for a one-part version.
    case compatible
    /// `==1.4.2`.
    case exact
    /// Poetry's `^1.4.2` in a Poetry table; in a PEP 508 string, what it means there:
    /// `>=1.4.2,<2.0.0` (`^0.3.1` is `>=0.3.1,<0.4.0`: the first non-zero part may not change).
    case caret

    /// The specifier for `version`, for a PEP 508 string (`poetryTable` false) or a Poetry
    /// dependency table's version (`poetryTable` true, where `^` is written as it is).
    public func specifier(for version: Version, text: String, poetryTable: Bool) -> String {
        let release = version.release
        let epoch = version.epoch == 0 ? "" : "\(version.epoch)!"
        switch self {
        case .exact:
            return "==\(text)"
        case .compatible:
            let bump = release.count >= 2 ? [release[0], release[1] + 1] : [release[0] + 1]
            return ">=\(text),<\(epoch)\(bump.map(String.init).joined(separator: "."))"
        case .caret:
            if poetryTable { return "^\(text)" }
            // Poetry: ^0.0 is <0.1.0 and ^0 is <1.0.0; the part that may not change is the first
            // non-zero one, or the last one given.
            let fixed = release.firstIndex { $0 != 0 } ?? release.count - 1
            var upper = Array(release[...fixed])
            upper[fixed] += 1
            upper += Array(repeating: 0, count: max(0, release.count - upper.count))
            return ">=\(text),<\(epoch)\(upper.map(String.init).joined(separator: "."))"
        }
    }
}
