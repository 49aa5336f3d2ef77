import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// `trellis config`: the effective `[tool.trellis]` settings with their file:line or `default`,
/// and warnings with file:line for what has no effect; `check` reports the same warnings.
struct ConfigCommandTests {
    static let module = """
        [project]
        name = "a"
        version = "1.0.0"
        """

    @Test func withoutConfigurationEverySettingIsTheDefault() throws {
        let repository = try TemporaryRepository(["libs/a/pyproject.toml": Self.module])
        let run = runTrellis(["config", "--root", repository.root], in: "/")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                No trellis.toml or [tool.trellis] in pyproject.toml: every setting is the default.
                KEY       VALUE                          FROM
                libs      the folders under libs/        default
                projects  the folders under projects/    default
                exclude   none                           default
                global    none                           default
                rules     lib may not depend on project  default

                """)
        let json = try #require(
            try runTrellis(["config", "--json", "--root", repository.root], in: "/").json() as? [String: Any])
        #expect(json["file"] is NSNull)
        let settings = try #require(json["settings"] as? [[String: Any]])
        #expect(settings.map { $0["key"] as? String } == ["libs", "projects", "exclude", "global", "rules"])
        #expect(settings.allSatisfy { $0["file"] is NSNull && $0["line"] is NSNull })
        #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func eachSettingNamesItsLineAndUnknownKeysAreWarningsWithTheirLine() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": Self.module,
            "pyproject.toml": """
            [project]
            name = "root"

            [tool.trellis]
            libs = ["packages/*", "libs/*"]
            exlude = ["vendor/**"]
            global = "ci/**"

            [[tool.trellis.rules]]
            from = "lib"
            deny = ["project"]
            message = "libs stay libs"

            [[tool.trellis.rules]]
            from = "libs/core*"
            deny = "libs/ml/*"
            """,
        ])
        let run = runTrellis(["config", "--root", repository.root], in: "/")
        #expect(run.status == 0, "warnings alone exit 0: \(run.stderr)")
        #expect(
            run.stdout == """
                Configuration from pyproject.toml [tool.trellis]:
                KEY       VALUE                                   FROM
                libs      packages/*, libs/*                      pyproject.toml:5
                projects  none                                    default
                exclude   none                                    default
                global    none                                    default
                rules     lib may not depend on project           pyproject.toml:9
                rules     libs/core* may not depend on libs/ml/*  pyproject.toml:14
                pyproject.toml:6: warning: unknown key 'exlude' in [tool.trellis] (known: libs, projects, exclude, global, rules); it has no effect [unknown-configuration-key]
                pyproject.toml:7: warning: 'global' must be an array of globs; it is ignored [invalid-configuration]
                pyproject.toml:12: warning: unknown key 'message' in a [[tool.trellis.rules]] entry (known: from, deny); it has no effect [unknown-configuration-key]

                """)

        // The settings shown are the ones that apply: the kinds and rules come from the file.
        let reading = ConfigurationReading.read {
            try? String(contentsOfFile: "\(repository.root)/\($0)", encoding: .utf8)
        }
        #expect(reading.configuration.kind(ofModuleAt: "packages/x") == .lib)
        #expect(reading.configuration.kind(ofModuleAt: "projects/x") == .module)
        #expect(reading.configuration.global.isEmpty)
        #expect(reading.configuration.rules.map(\.line) == [9, 14])
        #expect(
            reading.configuration
                == TrellisConfiguration.read {
                    try? String(contentsOfFile: "\(repository.root)/\($0)", encoding: .utf8)
                })

        // check reports them as warnings, beside its other findings; they fail nothing.
        let check = runTrellis(["check", "--root", repository.root], in: "/")
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("pyproject.toml:6: warning: unknown key 'exlude' in [tool.trellis]"))
        #expect(check.stdout.hasSuffix("0 errors, 3 warnings.\n"), "\(check.stdout)")
    }

    @Test func trellisTomlWinsAndAnInvalidOneIsReportedAndPassedOver() throws {
        let repository = try TemporaryRepository([
            "libs/a/pyproject.toml": Self.module,
            "pyproject.toml": "[tool.trellis]\nexclude = [\"vendor/**\"]\n",
            "trellis.toml": "# the whole file is the configuration\n\nglobal = [\"ci/**\"]\n",
        ])
        let whole = runTrellis(["config", "--json", "--root", repository.root], in: "/")
        let json = try #require(try whole.json() as? [String: Any])
        #expect(json["file"] as? String == "trellis.toml")
        #expect(json["table"] as? String == "trellis.toml")
        let settings = try #require(json["settings"] as? [[String: Any]])
        let global = try #require(settings.first { $0["key"] as? String == "global" })
        #expect(global["values"] as? [String] == ["ci/**"])
        #expect(global["file"] as? String == "trellis.toml" && global["line"] as? Int == 3)
        let exclude = try #require(settings.first { $0["key"] as? String == "exclude" })
        #expect(exclude["file"] is NSNull, "pyproject.toml's table is not read when trellis.toml is there")

        try repository.write(["trellis.toml": "[tool.trellis]\nglobal = [\"ci/**\"\n"])
        let invalid = runTrellis(["config", "--root", repository.root], in: "/")
        #expect(invalid.status == 0)
        #expect(invalid.stdout.hasPrefix("Configuration from pyproject.toml [tool.trellis]:\n"), "\(invalid.stdout)")
        #expect(invalid.stdout.contains("exclude   vendor/**"))
        #expect(
            invalid.stdout.hasSuffix(
                "trellis.toml:2: warning: invalid TOML: unterminated array (column 10); the configuration is not read from it [invalid-configuration]\n"
            ), "\(invalid.stdout)")
    }
}
