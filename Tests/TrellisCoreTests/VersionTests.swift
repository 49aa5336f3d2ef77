import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// PEP 440 (https://peps.python.org/pep-0440/): normalization, ordering and specifiers, with the
/// examples the PEP itself gives. Where a case says "packaging", it was run on packaging 26.4
/// (the reference implementation pip and uv follow) in the e2e venv on 2026-11-25.
@Suite struct VersionTests {
    // MARK: Normalization ("Normalization" section of PEP 440)

    @Test(arguments: [
        ("1.0a1", "1.0a1"), ("1.0.a1", "1.0a1"), ("1.0-a1", "1.0a1"), ("1.0_a1", "1.0a1"),
        ("1.1alpha1", "1.1a1"), ("1.1beta2", "1.1b2"), ("1.1c3", "1.1rc3"), ("1.1pre3", "1.1rc3"),
        ("1.1preview3", "1.1rc3"), ("1.2a", "1.2a0"), ("1.2.post", "1.2.post0"), ("1.2-post2", "1.2.post2"),
        ("1.2post2", "1.2.post2"), ("1.2.rev2", "1.2.post2"), ("1.2.r2", "1.2.post2"), ("1.0-1", "1.0.post1"),
        ("1.2-dev2", "1.2.dev2"), ("1.2.dev", "1.2.dev0"), ("1.2dev2", "1.2.dev2"), ("1.0+ubuntu-1", "1.0+ubuntu.1"),
        ("1.0+ubuntu_1", "1.0+ubuntu.1"), ("v1.0", "1.0"), ("V1.0", "1.0"), ("01.02", "1.2"), ("1.0.00", "1.0.0"),
        ("1.0A1", "1.0a1"), ("  1.0  ", "1.0"), ("1!2.0", "1!2.0"), ("0!1.0", "1.0"),
        ("1.0RC1.POST2.DEV3", "1.0rc1.post2.dev3"),
    ])
    func normalizes(spelling: String, normalized: String) throws {
        let version = try #require(Version(spelling), "\(spelling) must parse")
        #expect(version.description == normalized)
    }

    @Test(arguments: [
        "", "1.0+", "1.0+ab..c", "a1.0", "1.0-", "1..0", "1.0 beta", "1.0.x", "1.0+ü", "99999999999999999999",
        "1.0.post9223372036854775807",
    ])
    func rejects(text: String) {
        #expect(Version(text) == nil, "\(text) is not a PEP 440 version")
    }

    /// The ordering example of PEP 440's "Summary of permitted suffixes and relative ordering".
    @Test func ordersAsThePEPSays() throws {
        let ordered = [
            "1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
            "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
            "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "2.0", "1!0.1",
        ].map { Version($0)! }
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(a < b, "\(a) < \(b)")
            #expect(!(b < a))
        }
        #expect(ordered.shuffled().sorted() == ordered)
    }

    @Test func trailingZerosDoNotMatter() {
        #expect(Version("1.0") == Version("1.0.0"))
        #expect(Version("1") == Version("1.0.0.0"))
        #expect(Set([Version("1.0")!, Version("1.0.0")!]).count == 1, "equal versions hash alike")
        #expect(Version("1.0+a") != Version("1.0"))
    }

    // MARK: Specifiers ("Version specifiers" section)

    func matches(_ specifier: String, _ version: String, prereleases: Bool? = true) throws -> Bool {
        try VersionConstraint(parsing: specifier).contains(try #require(Version(version)), prereleases: prereleases)
    }

    @Test(arguments: [
        // Compatible release: ~=2.2 is >=2.2,==2.*; ~=1.4.5a4 is >=1.4.5a4,==1.4.*; ~=2.2.post3 is >=2.2.post3,==2.*.
        ("~=2.2", "2.2", true), ("~=2.2", "2.9", true), ("~=2.2", "3.0", false), ("~=2.2", "2.1", false),
        ("~=1.4.5", "1.4.9", true), ("~=1.4.5", "1.5.0", false), ("~=1.4.5a4", "1.4.5a4", true),
        ("~=1.4.5a4", "1.4.5", true), ("~=1.4.5a4", "1.4.5a3", false), ("~=1.4.5a4", "1.5", false),
        ("~=2.2.post3", "2.2.post3", true), ("~=2.2.post3", "2.2", false), ("~=2.2.post3", "2.9", true),
        ("~=2.2.0", "2.2.5", true), ("~=2.2.0", "2.3", false), ("~=1.4.5.0", "1.4.5.9", true),
        ("~=1.4.5.0", "1.4.6", false),
        // Version matching: zero padding, suffixes, prefix matching.
        ("==1.1", "1.1", true), ("==1.1.0", "1.1", true), ("==1.1", "1.1.dev1", false), ("==1.1", "1.1a1", false),
        ("==1.1", "1.1.post1", false), ("==1.1.*", "1.1", true), ("==1.1.*", "1.1.post1", true),
        ("==1.1.post1", "1.1.post1", true),
        ("==1.1.post1", "1.1", false), ("==1.1.*", "1.10", false), ("==1.*", "1.0a1", true), ("==1.0.*", "1", true),
        ("!=1.1", "1.1", false), ("!=1.1", "1.1.post1", true), ("!=1.1.*", "1.1.5", false), ("!=1.1.*", "1.2", true),
        // Local versions: ignored by a clause without a local label.
        ("==1.0", "1.0+local.7", true), ("==1.0+local.7", "1.0+local.7", true), ("==1.0+local.7", "1.0", false),
        ("==1.0+local", "1.0+local.7", false), ("!=1.0", "1.0+x", false), (">=1.0", "1.0+x", true),
        ("<=1.0", "1.0+x", true),
        // Exclusive ordered comparisons.
        (">1.7", "1.7.1", true), (">1.7", "1.7.0.post1", false), (">1.7", "1.7+local", false),
        (">1.7", "1.8.dev0", true),
        (">1.7.post2", "1.7.1", true), (">1.7.post2", "1.7.0.post3", true), (">1.7.post2", "1.7.0", false),
        (">1.7a1", "1.7a2", true), (">1.7a1", "1.7", true), (">1.7a1", "1.7a1.post1", false),
        (">1.7a1", "1.7a1+x", false),
        // packaging 26: a post-release of 1.7 is not one of 1.7a1, nor 1.7rc1 a pre-release of 1.7.post1.
        (">1.7a1", "1.7.post1", true), ("<1.7.post1", "1.7rc1", true), ("<1.7.post1", "1.7.post1.dev0", false),
        ("<1.7.post1", "1.7.post0+x", true), (">1.7.post1", "1.7.post1+x", false), (">1.7.dev1", "1.7.dev1+x", false),
        ("<3.1", "3.1.dev0", false), ("<3.1", "3.1a1", false), ("<3.1", "3.0.dev0", true), ("<3.1", "3.0.post9", true),
        ("<3.1rc1", "3.1a1", true), ("<3.1rc1", "3.1.dev0", true), ("<3.1", "3.1+local", false),
        // Epochs.
        (">=2.0", "1!1.0", true), ("<2.0", "1!1.0", false), ("==1!1.*", "1!1.5", true), ("==1.*", "1!1.5", false),
        // Arbitrary equality: a string match.
        ("===1.0", "1.0", true), ("===1.0", "1.0.0", false), ("===1.0", "1.0+x", false),
    ])
    func matchesAsThePEPSays(specifier: String, version: String, expected: Bool) throws {
        #expect(try matches(specifier, version) == expected, "\(specifier) vs \(version)")
        // The interval view is a superset of exact matching: whatever matches lies in it.
        let set = try VersionConstraint(parsing: specifier).versions
        if expected { #expect(set.contains(Version(version)!), "\(version) must lie in \(set)") }
    }

    /// PEP 440's compatible-release table: each `~=` clause is the same set as its expansion.
    @Test(arguments: [
        ("~=2.2", ">=2.2,==2.*"), ("~=1.4.5", ">=1.4.5,==1.4.*"), ("~=2.2.post3", ">=2.2.post3,==2.*"),
        ("~=1.4.5a4", ">=1.4.5a4,==1.4.*"), ("~=2.2.0", ">=2.2.0,==2.2.*"), ("~=1.4.5.0", ">=1.4.5.0,==1.4.5.*"),
    ])
    func compatibleReleaseIsItsExpansion(clause: String, expansion: String) throws {
        #expect(try VersionConstraint(parsing: clause).versions == VersionConstraint(parsing: expansion).versions)
    }

    /// PEP 440 "Handling of pre-releases": excluded by default unless a clause names one.
    @Test func preReleasesNeedToBeAskedFor() throws {
        #expect(try !matches(">=1.0", "1.1a1", prereleases: nil))
        #expect(try matches(">=1.0a1", "1.1a1", prereleases: nil))
        #expect(try matches(">=1.0", "1.1a1", prereleases: true))
        #expect(try !matches("!=1.0a1", "1.1a1", prereleases: nil), "!= does not opt in")
    }

    @Test(arguments: ["~=1", "==1.0a1.*", ">=1.0+local", "~=1.0+x", ">=", "foo", "<=1.*", "^", "1.2.x"])
    func invalidSpecifiers(text: String) {
        #expect(throws: VersionSpecifier.Invalid.self) { try VersionConstraint(parsing: text) }
    }

    // MARK: Poetry (https://python-poetry.org/docs/dependency-specification/; poetry-core 2.5.0's
    // parse_constraint printed the PEP 440 form of each case on 2026-11-25)

    @Test(arguments: [
        ("^1.2.3", ">=1.2.3,<2.0.0"), ("^1.2", ">=1.2,<2.0"), ("^1", ">=1,<2"), ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"), ("^0.0", ">=0.0,<0.1"), ("^0", ">=0,<1"), ("^0.0.0", ">=0.0.0,<0.0.1"),
        ("^1.2.3a1", ">=1.2.3a1,<2.0.0"), ("~1.2.3", ">=1.2.3,<1.3.0"), ("~1.2", ">=1.2,<1.3"), ("~1", ">=1,<2"),
        ("1.2.*", "==1.2.*"), ("1.2.3", "==1.2.3"), ("=1.2", "==1.2"), (">= 1.2 < 2.0", ">=1.2,<2.0"),
        (">=1.2, <2.0", ">=1.2,<2.0"),
        ("~=1.2", "~=1.2"),
    ])
    func poetryConstraintsTranslate(poetry: String, pep440: String) throws {
        let translated = try VersionConstraint(parsing: poetry)
        let expected = try VersionConstraint(parsing: pep440)
        #expect(translated.versions == expected.versions, "\(poetry) is \(pep440)")
        #expect(translated.alternatives.count == 1)
    }

    @Test func poetryAlternatives() throws {
        let either = try VersionConstraint(parsing: "^1.0 || ^3.0")
        #expect(
            either.contains(Version("1.5")!) && either.contains(Version("3.1")!) && !either.contains(Version("2.0")!))
        #expect(try VersionConstraint(parsing: ">1.2|<1.0").alternatives.count == 2)
        for any in ["*", "", "x"] { #expect(try VersionConstraint(parsing: any).versions == .all) }
    }

    // MARK: Intersections (conflict detection)

    func disjoint(_ a: String, _ b: String) throws -> Bool {
        try VersionConstraint(parsing: a).versions.intersection(VersionConstraint(parsing: b).versions).isEmpty
    }

    @Test(arguments: [
        ("<2", ">=2.0", true), ("<2", ">=2.0rc1", true), ("<2", ">=2.0.dev0", true), ("<2", ">=1.99", false),
        ("<2", ">=2.0,<3", true), ("<=2", ">2", true), ("<=2", ">=2", false), ("==1.5", "!=1.5", true),
        ("==1.5", "!=1.6", false),
        ("==1.*", ">=2", true), ("==1.*", ">=1.9,<2", false), ("~=1.4", ">=2", true), ("~=1.4", "<1.4", true),
        ("^1.2", "^2.0", true),
        ("^0.2", "^0.3", true), ("~1.2.3", ">=1.3", true), ("==1.5", "==1.5.0", false), ("==1.5+a", "==1.5+b", true),
        ("==1.5", "==1.5+b", false), (">1.7", "<=1.7.0.post5", true), (">1.7", "<1.7.1", false),
        ("!=1.*", "==1.5", true),
        ("<1 || >2", ">=1,<=2", true), ("<1 || >2", ">=1,<=2.5", false), ("<1 || >=3", ">=1,<3", true),
        ("===1.0", "==1.0", false), ("===1.0", "==2.0", true),
        ("===foo", "==1.0", false), ("", "<0.1", false), (">=1.26,<2", ">=2.0", true), ("<1!0", ">=1!0.1", true),
        ("<1!0", ">=0.1", false),
    ])
    func intersections(a: String, b: String, empty: Bool) throws {
        #expect(try disjoint(a, b) == empty, "\(a) and \(b) are\(empty ? "" : " not") disjoint")
        #expect(try disjoint(b, a) == empty, "intersection is symmetric")
    }

    @Test func complementAndUnionRoundTrip() throws {
        let set = try VersionConstraint(parsing: ">=1.0,!=1.5,<2").versions
        #expect(set.complement.complement == set)
        #expect(set.union(set.complement) == .all)
        #expect(set.intersection(set.complement).isEmpty)
        #expect(!set.contains(Version("1.5")!) && set.contains(Version("1.5.1")!) && !set.contains(Version("2.0")!))
    }

    // MARK: Against packaging itself

    /// Runs packaging 26.4 (pip's and uv's reference) on a grid of specifiers and versions and
    /// compares every answer, pre-releases allowed on both sides. Skipped where the e2e venv is
    /// absent, except in CI, which installs it and must run this.
    @Test(
        .enabled(
            if: PackagingOracle.python != nil || PackagingOracle.inCI,
            "no python with packaging: run tools/install-test-deps.sh or set TRELLIS_E2E_VENV"))
    func agreesWithPackaging() throws {
        let python = try #require(PackagingOracle.python, "CI must have the e2e venv")
        let versions = [
            "0.9", "1.0.dev0", "1.0a1", "1.0a1.post1", "1.0b2", "1.0rc1", "1.0", "1.0+local", "1.0.post1",
            "1.0.post1+x",
            "1.0.1", "1.1.dev1", "1.1", "1.1.post2", "1.4.5a4", "1.4.5", "1.5", "2.0.dev1", "2.0a1", "2.0", "2.0.0.1",
            "2.2",
            "2.2.post3", "2.9", "3.0", "1!0.5", "1!1.0", "1.0a1+x", "1.0a1.dev1+y", "1.0a1.post1.dev2",
            "1.0.post1.dev0",
            "2.2.post3+z", "1.0.post0+x", "1.0a2.dev0",
        ]
        let specifiers = [
            "==1.0", "==1.0.*", "==1.*", "!=1.0", "!=1.*", "<1.0", "<=1.0", ">1.0", ">=1.0", ">1.0a1", "<2.0", "<2.0a1",
            "~=1.0", "~=1.4.5a4", "~=2.2", "~=2.2.post3", ">1.0.post1", "<1.0.post1", "==1.0+local", "===1.0", ">=1!0",
            "==1!1.*", ">0.9,<2.0,!=1.5", "<1.1.dev1", ">1.0.dev0", ">1.0a1.dev1", "<1.0a1.post1", ">2.2.post3",
            "<=1.0.post1",
        ]
        var pairs: [[String]] = []
        for specifier in specifiers { for version in versions { pairs.append([specifier, version]) } }
        let script = """
            import json, sys
            from packaging.specifiers import SpecifierSet
            pairs = json.load(sys.stdin)
            print(json.dumps([SpecifierSet(s).contains(v, prereleases=True) for s, v in pairs]))
            """
        let result = try Subprocess.run([python, "-c", script], input: try JSONEncoder().encode(pairs))
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [Bool])
        #expect(expected.count == pairs.count)
        var disagreements: [String] = []
        for (pair, answer) in zip(pairs, expected) where try matches(pair[0], pair[1]) != answer {
            disagreements.append("\(pair[0]) vs \(pair[1]): packaging says \(answer)")
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
        // The interval sets are exact: a version lies in the set exactly when packaging accepts it.
        for (pair, answer) in zip(pairs, expected) {
            let inSet = try VersionConstraint(parsing: pair[0]).versions.contains(Version(pair[1])!)
            #expect(inSet == answer, "\(pair[1]) \(answer ? "not in" : "in") the set of \(pair[0])")
        }
    }
}

/// The e2e venv's Python, which has packaging (installed with Poetry by tools/install-test-deps.sh).
enum PackagingOracle {
    static var python: String? {
        let venv =
            ProcessInfo.processInfo.environment["TRELLIS_E2E_VENV"] ?? "\(ProjectPaths.packageRoot)/.build/e2e-venv"
        return FileManager.default.isExecutableFile(atPath: "\(venv)/bin/python") ? "\(venv)/bin/python" : nil
    }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}
