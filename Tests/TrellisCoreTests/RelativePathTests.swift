import Testing
import TrellisCore

@Suite struct RelativePathTests {
    /// The byte-level fast path and the component walk must agree on every shape.
    @Test(
        arguments: [
            ("libs/a", "libs/a"),
            ("/home/alice/repo/libs/a", "home/alice/repo/libs/a"),
            ("libs/./a", "libs/a"),
            ("libs/b/../a", "libs/a"),
            ("a//b", "a/b"),
            ("libs/a/", "libs/a"),
            (".hidden/x", ".hidden/x"),
            ("libs/.a/x", "libs/.a/x"),
            ("libs/a.b/c", "libs/a.b/c"),
            (".", "."),
            ("", "."),
            ("a/..", "."),
        ] as [(String, String)])
    func normalizes(path: String, expected: String) {
        #expect(RelativePath.normalize(path) == expected)
    }

    @Test(arguments: ["..", "../a", "a/../../b", "/.."])
    func refusesToClimbAboveTheRoot(path: String) {
        #expect(RelativePath.normalize(path) == nil)
    }
}
