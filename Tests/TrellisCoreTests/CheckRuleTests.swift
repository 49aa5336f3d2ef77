import Testing
import TrellisCore
import TrellisTestSupport

/// The rules of `check`, one at a time, on graphs made with the factories.
@Suite struct CheckRuleTests {
    func check(
        modules: [Module], edges: [PathEdge] = [], requirements: [Requirement] = [], diagnostics: [Diagnostic] = [],
        rules: [LayerRule] = LayerRule.defaults
    ) -> [Diagnostic] {
        RepositoryCheck(
            graph: .test(modules: modules, edges: edges), requirements: requirements.map { $0.placed(among: modules) },
            diagnostics: diagnostics, rules: rules
        ).run()
    }

    @Test func scanDiagnosticsBecomeErrorsOrStayWarnings() {
        let findings = check(
            modules: [Module.test("a")],
            diagnostics: [
                Diagnostic(.brokenPath, file: "libs/a/pyproject.toml", line: 7, "'x' points at libs/x"),
                Diagnostic(.pathEscapesRoot, file: "libs/a/pyproject.toml", line: 8, "leaves the root"),
                Diagnostic(.notAWorkspaceMember, file: "libs/a/pyproject.toml", line: 9, "resolved by name"),
                Diagnostic(.resolvedByLockFile, file: "libs/a/pyproject.toml", line: 10, "fine"),
            ])
        #expect(
            findings.map { "\($0.code):\($0.severity.rawValue):\($0.line)" }
                == ["broken-path:error:7", "path-escapes-root:error:8", "not-a-workspace-member:warning:9"])
    }

    @Test func cycleIsReportedAtTheFirstEdge() {
        let findings = check(
            modules: [Module.test("a"), Module.test("b")],
            edges: [PathEdge.test("a", "b", line: 4), PathEdge.test("b", "a", line: 9)])
        #expect(findings.count == 1)
        #expect(findings.first?.code == .cycle)
        #expect(findings.first?.file == "libs/a/pyproject.toml")
        #expect(findings.first?.line == 4)
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.message == "dependency cycle of runtime dependencies: a -> b (main) -> a (main)")
    }

    @Test func aCycleThroughDevGroupsOrExtrasIsAWarning() {
        var extra = PathEdge.test("slim", "evals", group: "evals", line: 40)
        extra.optional = true
        let findings = check(
            modules: [Module.test("slim"), Module.test("evals")], edges: [extra, PathEdge.test("evals", "slim")])
        #expect(findings.map { "\($0.code):\($0.severity.rawValue)" } == ["cycle:warning"])
        #expect(
            findings.first?.message
                == "dependency cycle through dev groups or extras only: evals -> slim (main) -> evals (evals)")
        // With a runtime cycle inside the component, the runtime one is shown, as an error.
        let mixed = check(
            modules: [Module.test("a"), Module.test("b"), Module.test("c")],
            edges: [
                PathEdge.test("a", "b", group: "dev"), PathEdge.test("b", "a"), PathEdge.test("b", "c"),
                PathEdge.test("c", "b"),
            ])
        #expect(mixed.map { "\($0.code):\($0.severity.rawValue)" } == ["cycle:error"])
        #expect(
            mixed.first?.message
                == "dependency cycle of runtime dependencies: b -> c (main) -> b (main) (component: a, b, c)")
    }

    @Test func defaultLayeringForbidsALibDependingOnAProject() {
        let modules = [Module.test("lib"), Module.test("app", path: "projects/app", kind: .project)]
        let findings = check(modules: modules, edges: [PathEdge.test("lib", "app", group: "dev", line: 12)])
        #expect(findings.map(\.code) == [.layeringViolation])
        #expect(findings.first?.line == 12)
        #expect(findings.first?.message.contains("the default rule") == true)
        #expect(
            check(modules: modules, edges: [PathEdge.test("lib", "app")], rules: []).isEmpty,
            "configured with no rules: none apply")
    }

    @Test func configuredRulesByKindAndFolder() throws {
        let document = try TOMLParser.parse(
            """
            [tool.trellis]
            [[tool.trellis.rules]]
            from = "libs/core*"
            deny = ["libs/ml/*", "project"]
            """)
        let configuration = TrellisConfiguration(table: try #require(document["tool", "trellis"]?.table))
        #expect(configuration.rules.count == 1)
        #expect(configuration.rules.first?.line == 2)
        let modules = [
            Module.test("core", path: "libs/core"), Module.test("torch-utils", path: "libs/ml/torch-utils"),
            Module.test("logger"),
        ]
        let findings = check(
            modules: modules,
            edges: [
                PathEdge.test("core", "torch-utils"), PathEdge.test("core", "logger"),
                PathEdge.test("logger", "torch-utils"),
            ],
            rules: configuration.rules)
        #expect(findings.map { "\($0.module!)->\($0.message.contains("torch-utils"))" } == ["core->true"])
    }

    @Test(arguments: [
        ("lib-one>=2", ">=2"),
        ("lib-one (>=2,<3) with [tool.uv.sources] lib-one = { path = \"../lib-one\" }", ">=2,<3"),
        ("lib-one with [tool.uv.sources] lib-one = { workspace = true }", ""),
        ("lib-one>=2 with [tool.poetry.dependencies] lib-one = {path = \"../lib-one\", develop = true}", ">=2"),
        ("lib-one = {path = \"../lib-one\", version = \"^2.0\"}", "^2.0"),
        ("lib-one = {path = \"../lib-one\", develop = true}", ""),
        ("lib-one @ file:///home/alice/libs/lib-one", ""), ("lib-one[extra]>=1.4; python_version >= '3.11'", ">=1.4"),
    ])
    func declaredSpecifierIsReadBackFromTheDeclaration(declared: String, specifier: String) {
        #expect(
            PathEdge(from: "libs/a", to: "libs/lib-one", declared: declared).declaredSpecifier
                == specifier)
    }

    /// Checked with uv 0.13.9 on 2026-11-25: an app with `dependencies = ["lib-one>=2"]` and
    /// `lib-one = { path = "../../libs/lib-one", editable = true }` on lib-one 1.4.0 locks fine
    /// (`uv lock --offline`: "Resolved 2 packages", lib-one 1.4.0 from the folder, and the lock's
    /// requires-dist drops the specifier), while `uv build` writes `Requires-Dist: lib-one>=2`
    /// into the wheel: it works in development and breaks once published.
    @Test func pathDependencyWhoseSpecifierRejectsTheTarget() {
        let modules = [
            Module.test("lib-one", version: "1.4.0"), Module.test("app", path: "projects/app", kind: .project),
        ]
        func edge(_ declared: String) -> PathEdge {
            PathEdge(
                from: "projects/app", to: "libs/lib-one", declared: declared,
                file: "projects/app/pyproject.toml", line: 5)
        }
        let bad = check(
            modules: modules,
            edges: [edge("lib-one>=2 with [tool.uv.sources] lib-one = { path = \"../../libs/lib-one\" }")])
        #expect(bad.map(\.code) == [.pathVersionMismatch])
        #expect(bad.first?.line == 5)
        #expect(bad.first?.message.contains("rejects lib-one 1.4.0") == true)
        #expect(check(modules: modules, edges: [edge("lib-one>=1.4,<2")]).isEmpty)
        #expect(
            check(modules: modules, edges: [edge("lib-one = {path = \"../../libs/lib-one\", version = \"^1.2\"}")])
                .isEmpty)
        #expect(
            check(modules: modules, edges: [edge("lib-one = {path = \"../../libs/lib-one\", version = \"^2\"}")]).map(
                \.code) == [.pathVersionMismatch])
        #expect(check(modules: modules, edges: [edge("lib-one>=bogus")]).map(\.code) == [.invalidSpecifier])
        // A pre-release in the folder is what the path installs: >=1.4 accepts 1.5.0rc1 here.
        let pre = [Module.test("lib-one", version: "1.5.0rc1"), modules[1]]
        #expect(check(modules: pre, edges: [edge("lib-one>=1.4")]).isEmpty)
    }

    func requirement(
        _ module: String, _ package: String, _ specifier: String, markers: String? = nil, group: String = "main",
        line: Int = 5
    ) -> Requirement {
        Requirement(
            module: testFolder(module), package: ModuleName(package), specifier: specifier, markers: markers,
            group: group,
            file: "\(testFolder(module))/pyproject.toml", line: line)
    }

    var closure: (modules: [Module], edges: [PathEdge]) {
        (
            [Module.test("app", path: "projects/app", kind: .project), Module.test("lib"), Module.test("other")],
            [PathEdge.test("app", "lib"), PathEdge.test("app", "other", group: "dev")]
        )
    }

    @Test func conflictingRequirementsInOneClosure() {
        let findings = check(
            modules: closure.modules, edges: closure.edges,
            requirements: [
                requirement("app", "numpy", "<2", line: 8), requirement("lib", "numpy", ">=2.0", line: 3),
            ])
        #expect(findings.map(\.code) == [.conflictingRequirements])
        #expect(findings.first?.module?.rawValue == "app")
        #expect(
            findings.first?.file == "libs/app/pyproject.toml" && findings.first?.line == 8,
            "anchored at the project's own requirement")
        #expect(
            findings.first?.message
                == "numpy: '<2' (app, libs/app/pyproject.toml:8) and '>=2.0' (lib, libs/lib/pyproject.toml:3) cannot both be met; installed together by app"
        )
    }

    @Test func noConflictWhereTheyMeetOrAreNotInstalledTogether() {
        let (modules, edges) = closure
        #expect(
            check(
                modules: modules, edges: edges,
                requirements: [requirement("app", "numpy", "^1.26"), requirement("lib", "numpy", ">=1.20,<2")]
            ).isEmpty)
        // `other` is only a dev dependency of app: not in the main closure.
        #expect(
            check(
                modules: modules, edges: edges,
                requirements: [requirement("app", "numpy", "<2"), requirement("other", "numpy", ">=2")]
            ).isEmpty)
        // A dev group requirement is not installed with the project.
        #expect(
            check(
                modules: modules, edges: edges,
                requirements: [requirement("app", "numpy", "<2", group: "dev"), requirement("lib", "numpy", ">=2")]
            ).isEmpty)
        // Two requirements of one module are Poetry alternatives, not a conflict.
        #expect(
            check(
                modules: modules, edges: edges,
                requirements: [requirement("lib", "numpy", "<2"), requirement("lib", "numpy", ">=2")]
            ).isEmpty)
    }

    @Test func markersDecideHowSureAConflictIs() {
        let (modules, edges) = closure
        let exclusive = check(
            modules: modules, edges: edges,
            requirements: [
                requirement("app", "torch", "<2.3", markers: "python_version < '3.12'"),
                requirement("lib", "torch", ">=2.3", markers: "python_version >= '3.12'"),
            ])
        #expect(exclusive.isEmpty, "different markers on both sides may never hold together")
        let conditional = check(
            modules: modules, edges: edges,
            requirements: [
                requirement("app", "scipy", "<1"),
                requirement("lib", "scipy", ">=1.5", markers: "sys_platform == 'linux'"),
            ])
        #expect(conditional.map { "\($0.code):\($0.severity.rawValue)" } == ["conditional-conflict:warning"])
        #expect(conditional.first?.message.contains("when sys_platform == 'linux'") == true)
    }

    @Test func threeWayConflictWithNoConflictingPair() {
        // Pairwise these meet; together: ([0,2) ∪ [3,4)) ∩ [1.5,3.5) = [1.5,2) ∪ [3,3.5), which != 1.* and != 3.* empty.
        let (modules, edges) = closure
        let findings = check(
            modules: modules + [Module.test("third")], edges: edges + [PathEdge.test("app", "third")],
            requirements: [
                requirement("app", "pkg", "<2 || >=3,<4"), requirement("lib", "pkg", ">=1.5,<3.5"),
                requirement("third", "pkg", "!=1.*,!=3.*"),
            ])
        #expect(findings.map(\.code) == [.conflictingRequirements])
        #expect(findings.first?.message.contains("cannot all be met") == true)
    }

    @Test func oneConflictIsReportedOnceAndNamesEveryClosure() {
        let modules = [
            Module.test("a", path: "projects/a", kind: .project), Module.test("b", path: "projects/b", kind: .project),
            Module.test("x"), Module.test("y"),
        ]
        let edges = [
            PathEdge.test("a", "x"), PathEdge.test("a", "y"), PathEdge.test("b", "x"), PathEdge.test("b", "y"),
        ]
        let findings = check(
            modules: modules, edges: edges,
            requirements: [requirement("x", "pydantic", "^1.10"), requirement("y", "pydantic", ">=2")])
        #expect(findings.count == 1)
        #expect(findings.first?.message.hasSuffix("installed together by a, b") == true)
    }
}
