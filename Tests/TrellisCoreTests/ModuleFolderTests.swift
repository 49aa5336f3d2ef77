import Testing
import TrellisCore
import TrellisTestSupport

/// Which folders are modules when a name is a placeholder or a setup.py is package data.
@Suite struct ModuleFolderTests {
    func scan() throws -> Snapshot {
        try RepositoryScanner(root: "\(ProjectPaths.packageRoot)/Tests/Fixtures/module-folders", useGit: false)
            .scan().snapshot
    }

    /// `name = "<REPLACE ME>"` (a template) is no PEP 508 name: a warning says so and the module
    /// stays, under the name as declared (hostile names must still reach the renderers, which
    /// GraphRenderingTests and GraphHTMLTests check) and its folder.
    @Test func anInvalidNameIsWarnedAndTheModuleStays() throws {
        let snapshot = try scan()
        let starter = try #require(snapshot.modules.first { $0.path == "templates/starter" })
        #expect(starter.name == ModuleName("<REPLACE ME>"))
        #expect(snapshot.edgeLines.contains("<replace me> -> stepper main path templates/starter/pyproject.toml:4"))
        let warning = try #require(snapshot.diagnostics.first { $0.code == .invalidName })
        #expect(warning.severity == .warning && warning.file == "templates/starter/pyproject.toml" && warning.line == 2)
    }

    /// A 0-byte setup.py under stepper's package folder (tools/stepper/stepper/…) and a setup.cfg
    /// under my-pkg's src/my_pkg are files those packages ship; a setup.py under tests/ is not in
    /// a package folder and stays a module (as promptflow's tests/…/tool_package does).
    @Test func aSetupFileInsideAPackageFolderIsNoModule() throws {
        let snapshot = try scan()
        #expect(snapshot.moduleNames == ["<replace me>", "my-pkg", "plugin", "stepper"])
        #expect(
            snapshot.diagnosticLines.filter { $0.hasPrefix("inside-package-data") } == [
                "inside-package-data libs/my-pkg/src/my_pkg/scaffold/setup.cfg:0",
                "inside-package-data tools/stepper/stepper/templates/step/setup.py:0",
            ])
        #expect(
            !snapshot.diagnostics.contains {
                $0.code == .legacyMetadataNotRead && $0.file.contains("/templates/step/")
            })
        #expect(snapshot.edges.count == 1, "the scaffold's `stepper` requirement is no edge")
    }

    /// A cookiecutter template (`{{cookiecutter.package_name}}/pyproject.toml`, Jinja until
    /// rendered, as autogen keeps one) is no manifest to read: a note, no module, no
    /// `invalid-manifest` error.
    @Test func aTemplateFolderIsNotRead() {
        let snapshot = resolveRepository([
            "templates/new-package/{{cookiecutter.package_name}}/pyproject.toml": """
            [project]
            name = "{{ cookiecutter.package_name }}"
            {%- if cookiecutter.uv %}
            dependencies = ["lib"]
            {%- endif %}
            """,
            "templates/new-package/{{cookiecutter.package_name}}/requirements-dev.txt": "-e ../../../libs/lib\n",
            "libs/lib/pyproject.toml": project("lib"),
        ])
        #expect(snapshot.moduleNames == ["lib"])
        #expect(
            snapshot.diagnosticLines == [
                "template-not-read templates/new-package/{{cookiecutter.package_name}}/pyproject.toml:0"
            ])
        #expect(snapshot.diagnostics.first?.severity == .info)
    }
}
