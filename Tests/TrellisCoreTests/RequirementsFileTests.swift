import Testing
import TrellisCore
import TrellisTestSupport

/// `requirements*.txt` and `constraints*.txt` next to a module: `-e ../x`, `../x`, `file:../x`,
/// `-r other.txt` includes (relative to the including file, as pip reads them), include cycles.
/// The group is the file name without `.txt`; a file in a folder that is no module adds nothing.
@Suite struct RequirementsFileTests {
    let libs = [
        "libs/core/pyproject.toml": project("core"),
        "libs/utils/pyproject.toml": project("utils"),
        "libs/extra/pyproject.toml": project("extra"),
        "libs/pinned/pyproject.toml": project("pinned"),
    ]

    @Test func everyLocalFormIncludesAndCycles() {
        var files = libs
        files["services/api/pyproject.toml"] = project("api")
        files["services/api/requirements.txt"] = """
            # runtime
            -e ../../libs/core
            ../../libs/utils[fast] ; python_version >= "3.10"
            requests>=2.31  # an index package
            --index-url https://pypi.org/simple
            -r requirements-base.txt
            """
        files["services/api/requirements-base.txt"] = """
            file:../../libs/extra#egg=extra
            -r requirements.txt
            """
        files["services/api/constraints.txt"] = "-e ../../libs/pinned\n"
        let result = resolveRepository(files)
        // Each file is read as its own group, following its includes: requirements-base.txt
        // includes requirements.txt back, so both groups hold both files' entries, each at the
        // file and line that declares it.
        #expect(
            result.edgeLines == [
                "api -> core requirements editable path services/api/requirements.txt:2",
                "api -> core requirements-base editable path services/api/requirements.txt:2",
                "api -> extra requirements path services/api/requirements-base.txt:1",
                "api -> extra requirements-base path services/api/requirements-base.txt:1",
                "api -> pinned constraints editable path services/api/constraints.txt:1",
                "api -> utils requirements path services/api/requirements.txt:3",
                "api -> utils requirements-base path services/api/requirements.txt:3",
            ])
        #expect(
            result.requirements.map { "\($0.package) \($0.group) \($0.file):\($0.line)" } == [
                "requests requirements services/api/requirements.txt:4",
                "requests requirements-base services/api/requirements.txt:4",
            ])
        // The cycle is found once from each start: at the `-r` line that closes it.
        #expect(
            result.diagnosticLines == [
                "requirements-include-cycle services/api/requirements-base.txt:2",
                "requirements-include-cycle services/api/requirements.txt:6",
            ])
    }

    @Test func continuationLinesAndMissingIncludes() {
        var files = libs
        files["services/api/pyproject.toml"] = project("api")
        files["services/api/dev-requirements.txt"] = "-e \\\n  ../../libs/core\n-r missing.txt\n"
        let result = resolveRepository(files)
        #expect(result.edgeLines == ["api -> core dev-requirements editable path services/api/dev-requirements.txt:1"])
        #expect(result.diagnosticLines == ["missing-requirements-include services/api/dev-requirements.txt:3"])
    }

    /// A flow folder with only a requirements file (promptflow has ~130) is no module; when it
    /// names a local folder a note says the coupling is not recorded.
    @Test func requirementsOutsideAModuleCreateNoModule() {
        var files = libs
        files["examples/flows/chat/requirements.txt"] = "promptflow[azure]\n"
        files["examples/flows/local/requirements.txt"] = "langchain\n-e ../../../libs/core\n"
        let result = resolveRepository(files)
        #expect(result.moduleNames == ["core", "extra", "pinned", "utils"])
        #expect(result.edges.isEmpty)
        #expect(result.diagnosticLines == ["requirements-outside-module examples/flows/local/requirements.txt:2"])
    }

    /// `-e .` next to the module installs the module itself (autogen-studio's requirements.txt is `.`).
    @Test func selfReferenceIsNoEdge() {
        let result = resolveRepository([
            "packages/studio/pyproject.toml": project("autogenstudio"),
            "packages/studio/requirements.txt": ".\n",
        ])
        #expect(result.edges.isEmpty)
        #expect(result.diagnosticLines == ["self-reference packages/studio/requirements.txt:1"])
    }

    /// Issue #16 (tools/fuzz/run.sh requirements timed out): files that include one another were
    /// read once per include chain, so 9 files that each include the 8 others took a scan 350 s
    /// and 1.3 million diagnostic lines. Each file is read once per read now: here 12 files, each
    /// of its 11 includes closing a cycle or naming a file already read.
    @Test func filesThatAllIncludeOneAnotherAreReadOncePerRead() {
        let count = 12
        var read: [String: Int] = [:]
        var texts: [String: String] = [:]
        for index in 0..<count {
            let others = (0..<count).filter { $0 != index }.map { "-r r\($0).txt" }
            texts["app/r\(index).txt"] = (others + ["package-\(index)"]).joined(separator: "\n")
        }
        let result = RequirementsFileParser().parse(file: "app/r0.txt", group: "main") { path in
            read[path, default: 0] += 1
            return texts[path]
        }
        #expect(read.count == count && read.values.allSatisfy { $0 == 1 }, "every file read once")
        #expect(result.dependencies.map(\.name.rawValue).sorted() == (0..<count).map { "package-\($0)" }.sorted())
        // A cycle closes at each `-r` naming a file still being read: r0 → r1 → … → r11 and back.
        let cycles = result.diagnostics.filter { $0.code == .requirementsIncludeCycle }
        #expect(cycles.count == count * (count - 1) / 2)
        #expect(result.diagnostics.count == cycles.count)

        // A diamond (two files including one base) gives the base's requirements once.
        let diamond = RequirementsFileParser().parse(file: "requirements.txt", group: "main") { path in
            [
                "requirements.txt": "-r dev.txt\n-r test.txt\n", "dev.txt": "-r base.txt\nruff\n",
                "test.txt": "-r base.txt\npytest\n", "base.txt": "requests\n",
            ][path]
        }
        #expect(diamond.dependencies.map(\.name.rawValue) == ["requests", "ruff", "pytest"])
        #expect(diamond.diagnostics.isEmpty)
    }

    /// Issue #16 (tools/fuzz/run.sh requirements overflowed the stack): each file of an include
    /// chain is read by a nested call, and `trellis scan` of a 3,000-file chain ended with signal
    /// 11. Chains are followed 64 files deep; the include past that is reported at its line.
    @Test func aLongIncludeChainStopsAt64FilesWithADiagnostic() {
        let count = 3_000
        let result = RequirementsFileParser().parse(file: "r0.txt", group: "main") { path in
            guard let index = Int(path.dropFirst().dropLast(4)), index < count else { return nil }
            return "-r r\(index + 1).txt\npackage-\(index)\n"
        }
        #expect(Set(result.dependencies.map(\.name.rawValue)) == Set((0..<64).map { "package-\($0)" }))
        #expect(
            result.diagnostics.map { "\($0.code.rawValue) \($0.file):\($0.line)" } == [
                "requirements-include-too-deep r63.txt:1"
            ])
        #expect(result.diagnostics.first?.message.contains("64 files deep") == true)
    }
}

/// pip forms that are easy to get wrong, each with the line pip users write.
@Suite struct RequirementLineFormsTests {
    @Test(arguments: [
        ("-e .[dev]", "self-reference"),
        ("-e ../../libs/core", "edge"),
        ("--editable=../../libs/core", "edge"),
        ("-e git+https://github.com/acme/mono.git#egg=core&subdirectory=libs/core", "requirement"),
        ("-e git+git@github.com:acme/mono.git#egg=core", "requirement"),
        ("core @ git+https://github.com/acme/mono@v1#subdirectory=libs/core", "requirement"),
        ("core==1.0 --hash=sha256:abcdef", "requirement"),
        ("file:../../libs/core#egg=core", "edge"),
    ])
    func form(_ line: String, _ expected: String) {
        let result = resolveRepository([
            "libs/core/pyproject.toml": project("core"),
            "services/api/pyproject.toml": project("api"),
            "services/api/requirements.txt": line + "\n",
        ])
        let found =
            !result.edges.isEmpty
            ? "edge"
            : result.diagnostics.contains { $0.code == .selfReference }
                ? "self-reference"
                : result.requirements.count == 1 ? "requirement" : "nothing: \(result.diagnosticLines)"
        #expect(found == expected, "\(line)")
        if expected == "requirement" {
            #expect(result.nameReferences.count == 1, "a requirement on core names a module")
        }
    }
}
