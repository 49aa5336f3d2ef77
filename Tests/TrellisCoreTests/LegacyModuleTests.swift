import Testing
import TrellisCore
import TrellisTestSupport

/// Legacy modules: `setup.cfg` read as text, `setup.py` never executed, and a nameless
/// `pyproject.toml` beside a `setup.py` (promptflow's `src/promptflow`).
@Suite struct LegacyModuleTests {
    @Test func setupCfgNameVersionAndRequirements() {
        let result = resolveRepository([
            "libs/core/pyproject.toml": project("core", version: "1.0"),
            "libs/legacy/setup.cfg": """
            [metadata]
            name = Legacy_Lib
            version = 2.3.0

            [options]
            install_requires =
                requests>=2
                core @ file:../core

            [options.extras_require]
            dev-tools =
                pytest  # tests
            """,
            "libs/dynamic/setup.cfg": "[metadata]\nname = dyn\nversion = attr: dyn.__version__\n",
        ])
        #expect(
            result.modules.map { "\($0.name) \($0.version ?? "null") \($0.manifest)" }.sorted() == [
                "core 1.0 libs/core/pyproject.toml",
                "dyn null libs/dynamic/setup.cfg",
                "legacy-lib 2.3.0 libs/legacy/setup.cfg",
            ])
        #expect(result.edgeLines == ["legacy-lib -> core main path libs/legacy/setup.cfg:8"])
        #expect(
            result.requirements.map { "\($0.package) \($0.group) \($0.optional) \($0.line)" }.sorted() == [
                "pytest dev-tools true 12", "requests main false 7",
            ])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func setupPyOnlyAndNamelessPyprojectBesideSetupPy() {
        let result = resolveRepository([
            "src/promptflow-tools/setup.py": "",
            "src/promptflow-tools/requirements.txt": "-e ../promptflow-core\n",
            "src/promptflow-core/pyproject.toml": "[tool.poetry]\nname = \"promptflow-core\"\nversion = \"1.18.0\"\n",
            "src/promptflow/setup.py": "",
            "src/promptflow/pyproject.toml": "[tool.black]\nline-length = 120\n",
            "src/azure/pyproject.toml": """
            [tool.poetry]
            name = "promptflow-azure"
            version = "1.18.0"

            [tool.poetry.group.dev.dependencies]
            promptflow = {path = "../promptflow"}
            promptflow-tools = {path = "../promptflow-tools"}
            """,
            // A setup.cfg with only tool settings (promptflow's root) is no module.
            "setup.cfg": "[flake8]\nmax-line-length = 120\n",
        ])
        #expect(
            result.modules.map { "\($0.name) \($0.path) \($0.manifest) \($0.version ?? "null")" }.sorted() == [
                "promptflow src/promptflow src/promptflow/pyproject.toml null",
                "promptflow-azure src/azure src/azure/pyproject.toml 1.18.0",
                "promptflow-core src/promptflow-core src/promptflow-core/pyproject.toml 1.18.0",
                "promptflow-tools src/promptflow-tools src/promptflow-tools/setup.py null",
            ])
        #expect(
            result.edgeLines == [
                "promptflow-azure -> promptflow dev path src/azure/pyproject.toml:6",
                "promptflow-azure -> promptflow-tools dev path src/azure/pyproject.toml:7",
                "promptflow-tools -> promptflow-core requirements editable path src/promptflow-tools/requirements.txt:1",
            ])
        #expect(
            result.diagnosticLines == [
                "legacy-metadata-not-read src/promptflow-tools/setup.py:0",
                "legacy-metadata-not-read src/promptflow/setup.py:0",
            ])
    }
}
