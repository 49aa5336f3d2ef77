import Foundation
import Testing
import TrellisTestSupport

/// Name references through the CLI: a dependency on a module's name with no local source
/// (`lib-one>=1`, `lib-one @ git+https://…#subdirectory=libs/lib-one`) is listed by `show`
/// (text and `--json`) and followed by `dependents --with-name-refs`, never by plain `dependents`.
@Suite struct NameReferenceCommandTests {
    let repository: TemporaryRepository

    init() throws {
        repository = try TemporaryRepository([
            "libs/lib-one/pyproject.toml": "[project]\nname = \"lib-one\"\nversion = \"1.0\"\n",
            "libs/lib-two/pyproject.toml": """
            [project]
            name = "lib-two"
            version = "1.0"
            dependencies = ["lib-one>=1"]
            """,
            "services/api/pyproject.toml": """
            [project]
            name = "api"
            version = "1.0"
            dependencies = [
                "lib-two",
                "lib-one @ git+https://github.com/acme/mono@v1#subdirectory=libs/lib-one",
            ]

            [tool.uv.sources]
            lib-two = { path = "../../libs/lib-two" }
            """,
            "services/worker/pyproject.toml": """
            [project]
            name = "worker"
            version = "1.0"
            dependencies = ["lib-two"]

            [tool.uv.sources]
            lib-two = { path = "../../libs/lib-two" }
            """,
        ])
        try repository.commitAll()
    }

    func trellis(_ arguments: String...) -> TrellisRun {
        runTrellis(arguments + ["--root", repository.root], in: repository.root)
    }

    @Test func showListsNameReferencesBothWays() throws {
        let run = trellis("show", "lib-one", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let shape = try #require(try run.json() as? [String: Any])
        #expect((shape["dependents"] as? [Any])?.isEmpty == true, "no path edge reaches lib-one")
        let referenced = try #require(shape["referenced_by_name"] as? [[String: Any]])
        #expect(
            referenced.map {
                "\($0["name"] as? String ?? "") \($0["specifier"] as? String ?? "") \($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0)"
            } == [
                "api @ git+https://github.com/acme/mono@v1#subdirectory=libs/lib-one services/api/pyproject.toml:6",
                "lib-two >=1 libs/lib-two/pyproject.toml:4",
            ])
        let api = try #require(try trellis("show", "api", "--json").json() as? [String: Any])
        #expect((api["name_references"] as? [[String: Any]])?.map { $0["name"] as? String } == ["lib-one"])
        let text = trellis("show", "lib-one").stdout
        #expect(text.contains("Referenced by name (2):"))
    }

    @Test func dependentsFollowNameReferencesOnlyWhenAsked() throws {
        let plain = try #require(try trellis("dependents", "lib-one", "-t", "--json").json() as? [[String: Any]])
        #expect(plain.isEmpty)
        let run = trellis("dependents", "lib-one", "-t", "--with-name-refs", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let reached = try #require(try run.json() as? [[String: Any]])
        // api and lib-two name lib-one directly; worker reaches it through lib-two's name reference.
        #expect(
            reached.map {
                "\($0["name"] as? String ?? "")@\($0["depth"] as? Int ?? 0) via \($0["via"] as? String ?? "")"
            } == [
                "api@1 via name", "lib-two@1 via name", "worker@2 via name",
            ])
        // lib-two's dependents are path edges: via path.
        let two = try #require(
            try trellis("dependents", "lib-two", "--with-name-refs", "--json").json() as? [[String: Any]])
        #expect(
            two.map { "\($0["name"] as? String ?? "") via \($0["via"] as? String ?? "")" } == [
                "api via path", "worker via path",
            ])
    }
}
