import Foundation
import Testing
import TrellisCore

/// PEP 503: "the name should be lowercased with all runs of the characters `.`, `-`, or `_`
/// replaced with a single `-` character" (`re.sub(r"[-_.]+", "-", name).lower()`).
@Suite struct ModuleNameTests {
    @Test(arguments: [
        ("Lib_One", "lib-one"),
        ("lib.one", "lib-one"),
        ("LIB--one", "lib-one"),
        ("a__b-_c", "a-b-c"),
        ("lib-one", "lib-one"),
        // The spellings PEP 503 lists as equivalent.
        ("friendly-bard", "friendly-bard"),
        ("Friendly-Bard", "friendly-bard"),
        ("FRIENDLY-BARD", "friendly-bard"),
        ("friendly.bard", "friendly-bard"),
        ("friendly_bard", "friendly-bard"),
        ("friendly--bard", "friendly-bard"),
        ("FrIeNdLy-._.-bArD", "friendly-bard"),
        // Real distributions.
        ("zope.interface", "zope-interface"),
        ("ruamel.yaml.clib", "ruamel-yaml-clib"),
        ("pydantic_ai_slim", "pydantic-ai-slim"),
        ("autodoc_pydantic", "autodoc-pydantic"),
        ("Django", "django"),
        ("PyYAML", "pyyaml"),
        ("scikit-learn", "scikit-learn"),
        ("py3-tools2", "py3-tools2"),
        ("x", "x"),
    ])
    func normalizesLikePEP503(spelling: String, normalized: String) {
        #expect(ModuleName(spelling).rawValue == normalized)
        #expect(ModuleName(spelling).description == normalized)
    }

    /// The same names checked against PEP 503's own regular expression, so the table above
    /// cannot drift from the rule it claims to follow.
    @Test(arguments: ["Lib_One", "lib.one", "LIB--one", "a__b-_c", "FrIeNdLy-._.-bArD", "Ruamel.Yaml..CLIB", "a-_-_-b"])
    func agreesWithTheReferenceRegularExpression(spelling: String) {
        let reference = spelling.replacingOccurrences(of: "[-_.]+", with: "-", options: .regularExpression).lowercased()
        #expect(ModuleName(spelling).rawValue == reference)
    }

    @Test(arguments: ["Lib_One", "lib.one", "LIB--one", "lib__one", "lib-._one"])
    func everySpellingIsTheSameName(spelling: String) {
        #expect(ModuleName(spelling) == ModuleName("lib-one"))
        #expect(Set([ModuleName(spelling), ModuleName("lib-one")]).count == 1)
        #expect(ModuleName(spelling) != ModuleName("lib-two"))
    }

    @Test func normalizingTwiceChangesNothing() {
        for spelling in ["Lib_One", "a__b-_c", "Zope.Interface"] {
            let once = ModuleName(spelling)
            #expect(ModuleName(once.rawValue) == once)
            #expect(ModuleName(once.rawValue).rawValue == once.rawValue)
        }
    }

    @Test func ordersByNormalizedSpelling() {
        let names = ["Zeta", "alpha_b", "Alpha-A", "beta"].map { ModuleName($0) }.sorted()
        #expect(names.map(\.rawValue) == ["alpha-a", "alpha-b", "beta", "zeta"])
    }

    @Test func codesAsItsNormalizedStringAndNormalizesWhatItDecodes() throws {
        let encoded = try JSONEncoder().encode([ModuleName("Lib_One")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["lib-one"]"#)
        let decoded = try JSONDecoder().decode([ModuleName].self, from: Data(#"["LIB..One"]"#.utf8))
        #expect(decoded == [ModuleName("lib-one")])
        #expect(decoded.first?.rawValue == "lib-one")
    }
}
