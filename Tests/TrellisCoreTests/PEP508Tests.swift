import Testing
import TrellisCore

/// One PEP 508 line and the parts it must split into.
struct PEP508Case: Sendable, CustomTestStringConvertible {
    var line: String
    var name: String
    var extras: [String] = []
    var specifier: String = ""
    var url: String? = nil
    var markers: String? = nil

    var testDescription: String { line }
}

@Suite struct PEP508Tests {
    @Test(arguments: [
        // Written by `poetry add --lock "numpy>=1.26,<2"` style tools and by hand.
        PEP508Case(line: "numpy>=1.26,<2", name: "numpy", specifier: ">=1.26,<2"),
        // Poetry 2 writes constraints in parentheses (Examples/ml-monorepo/libs/logger/pyproject.toml:11).
        PEP508Case(line: "structlog (>=26.1.0,<27.0.0)", name: "structlog", specifier: ">=26.1.0,<27.0.0"),
        PEP508Case(line: "numpy (>=1.26,<2)", name: "numpy", specifier: ">=1.26,<2"),
        // `poetry add PATH` in a PEP 621 project writes an absolute file URL (tools/e2e/FACTS.md, Poetry 1).
        PEP508Case(
            line: "lib-one @ file:///home/alice/repo/libs/lib-one", name: "lib-one",
            url: "file:///home/alice/repo/libs/lib-one"),
        // ... percent-encoded when the folder has spaces or non-ASCII letters (FACTS.md, Poetry 1).
        PEP508Case(
            line: "lib-one @ file:///tmp/sp%20ace/r%C3%A9Po/libs/lib-one", name: "lib-one",
            url: "file:///tmp/sp%20ace/r%C3%A9Po/libs/lib-one"),
        PEP508Case(
            line: "requests[socks] (>=2.0) ; python_version < '3.12'", name: "requests", extras: ["socks"],
            specifier: ">=2.0", markers: "python_version < '3.12'"),
        // The `@` of the git revision belongs to the URL; the marker follows " ;".
        PEP508Case(
            line: "pkg @ git+https://github.com/o/r.git@v1#subdirectory=libs/x ; sys_platform == 'linux'", name: "pkg",
            url: "git+https://github.com/o/r.git@v1#subdirectory=libs/x", markers: "sys_platform == 'linux'"),
        // PEP 508's own examples.
        PEP508Case(
            line: #"requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7""#, name: "requests",
            extras: ["security", "tests"], specifier: ">=2.8.1,==2.8.*", markers: #"python_version < "2.7""#),
        PEP508Case(line: "name@http://foo.com", name: "name", url: "http://foo.com"),
        PEP508Case(
            line: "name [fred,bar] @ http://foo.com ; python_version=='2.7'", name: "name", extras: ["fred", "bar"],
            url: "http://foo.com", markers: "python_version=='2.7'"),
        PEP508Case(
            line: "pywin32 >1.0 ; sys_platform == 'win32'", name: "pywin32", specifier: ">1.0",
            markers: "sys_platform == 'win32'"),
        PEP508Case(line: "A.B-C_D", name: "A.B-C_D"),
        // A bare name with its source in [tool.uv.sources] (Examples/ml-monorepo/projects/serving/pyproject.toml:9).
        PEP508Case(line: "preprocessing", name: "preprocessing"),
        PEP508Case(
            line: "  fastapi[standard, all]>=0.110  ", name: "fastapi", extras: ["standard", "all"],
            specifier: ">=0.110"),
        PEP508Case(line: "grpcio-tools~=1.70.0", name: "grpcio-tools", specifier: "~=1.70.0"),
        PEP508Case(line: "numpy;python_version<'3.12'", name: "numpy", markers: "python_version<'3.12'"),
        PEP508Case(line: "numpy>=1 ; ", name: "numpy", specifier: ">=1"),
        // PEP 508: a `;` right after a URL, with no space before it, is part of the URL.
        PEP508Case(
            line: "pkg @ https://host/pkg.whl;python_version<'3'", name: "pkg",
            url: "https://host/pkg.whl;python_version<'3'"),
        // A user name in the URL does not split the name from the URL twice.
        PEP508Case(
            line: "pkg @ https://user@host.example/pkg-1.0.tar.gz", name: "pkg",
            url: "https://user@host.example/pkg-1.0.tar.gz"),
    ])
    func splitsIntoItsParts(_ example: PEP508Case) throws {
        let requirement = try #require(PEP508Requirement(example.line))
        #expect(requirement.name == example.name)
        #expect(requirement.extras == example.extras)
        #expect(requirement.specifier == example.specifier)
        #expect(requirement.url == example.url)
        #expect(requirement.markers == example.markers)
    }

    @Test(arguments: [
        "", "   ", ">=1.0", "[extra]", "@ file:///home/alice/x", "; python_version < '3'", "-leading-dash",
    ])
    func refusesTextWithoutAName(_ line: String) {
        #expect(PEP508Requirement(line) == nil)
    }

    @Test func theNameIsKeptAsWrittenForTheCallerToNormalize() throws {
        let requirement = try #require(PEP508Requirement("Lib_One @ file:///x/libs/lib-one"))
        #expect(requirement.name == "Lib_One")
        #expect(ModuleName(requirement.name) == ModuleName("lib-one"))
    }
}
