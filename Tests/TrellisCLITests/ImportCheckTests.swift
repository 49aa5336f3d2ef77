import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Declared against imported, end to end: a monorepo with one planted case per finding, built
/// by the test, then `check`, `check --tests`, `imports`, `graph --imports` and `show` on it.
///
/// Planted: app imports core, installed only through util (transitive-only); flatlib, declared
/// only in app's dev group, from package code (undeclared) and from a test (declared there);
/// acme.alpha under `if TYPE_CHECKING:` and acme.beta inside `try/except ImportError` (undeclared,
/// warnings), acme.alpha from a test at run time (undeclared, `--tests` only); single, declared
/// and never imported (unused); single importing the project app inside a function (undeclared
/// and a layering violation); pong importing ping, which declares pong (undeclared, and an
/// import cycle); `dup` provided by two modules. Relative imports (`from . import helpers`,
/// `from ..sub import …`) stay inside their module and find nothing. The layouts: Poetry
/// `packages` with `from = "src"` (core), Hatch wheel `packages` (util, `acme_util`), setuptools
/// flat layout (flatlib), `py-modules` (single) and explicit `packages` (dup-*), uv `module-name`
/// namespace portions (acme.alpha, acme.beta), Poetry's flat layout without `packages` (ping,
/// pong) and the src layout of a uv project (app).
@Suite struct ImportCheckTests {
    static let fixture: [String: String] = [
        "libs/core/pyproject.toml": #"""
        [tool.poetry]
        name = "core"
        version = "1.0.0"
        description = "Models; importing it writes a marker file."
        packages = [{include = "core", from = "src"}]

        """#,
        "libs/core/src/core/__init__.py": #"""
        import pathlib

        # Importing this package writes a marker: no Trellis command may ever run it.
        pathlib.Path(__file__).with_name("IMPORTED").write_text("core was imported")

        """#,
        "libs/core/src/core/models.py": #"""
        from . import helpers
        from .helpers import shout


        class Model:
            name = shout("model")

        """#,
        "libs/core/src/core/helpers.py": #"""
        def shout(text: str) -> str:
            return text.upper()

        """#,
        "libs/util/pyproject.toml": #"""
        [project]
        name = "util"
        version = "1.0.0"
        dependencies = [
            "core",
        ]

        [tool.uv.sources]
        core = { path = "../core", editable = true }

        [tool.hatch.build.targets.wheel]
        packages = ["src/acme_util"]

        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        """#,
        "libs/util/src/acme_util/__init__.py": #"""
        from core.models import Model

        """#,
        "libs/flat/pyproject.toml": #"""
        [project]
        name = "flatlib"
        version = "1.0.0"

        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        """#,
        "libs/flat/flatlib/__init__.py": #"""
        thing = 1

        """#,
        "libs/flat/tests/test_flat.py": #"""
        import flatlib

        """#,
        "libs/ns-alpha/pyproject.toml": #"""
        [project]
        name = "acme-alpha"
        version = "1.0.0"

        [tool.uv.build-backend]
        module-name = "acme.alpha"

        [build-system]
        requires = ["uv_build>=0.13,<0.14"]
        build-backend = "uv_build"

        """#,
        "libs/ns-alpha/src/acme/alpha/__init__.py": #"""
        class Alpha: ...

        """#,
        "libs/ns-beta/pyproject.toml": #"""
        [project]
        name = "acme-beta"
        version = "1.0.0"

        [tool.uv.build-backend]
        module-name = "acme.beta"

        [build-system]
        requires = ["uv_build>=0.13,<0.14"]
        build-backend = "uv_build"

        """#,
        "libs/ns-beta/src/acme/beta/__init__.py": #"""
        fast = True

        """#,
        "libs/single/pyproject.toml": #"""
        [project]
        name = "single"
        version = "1.0.0"

        [tool.setuptools]
        py-modules = ["single"]

        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        """#,
        "libs/single/single.py": #"""
        def late():
            # A lib importing a project, lazily: still an import, and the layering rule denies it.
            import app

            return app

        """#,
        "libs/ping/pyproject.toml": #"""
        [tool.poetry]
        name = "ping"
        version = "1.0.0"
        description = ""

        [tool.poetry.dependencies]
        pong = { path = "../pong", develop = true }

        """#,
        "libs/ping/ping/__init__.py": #"""
        import pong

        """#,
        "libs/pong/pyproject.toml": #"""
        [tool.poetry]
        name = "pong"
        version = "1.0.0"
        description = ""

        """#,
        "libs/pong/pong/__init__.py": #"""
        import ping

        """#,
        "libs/dup-one/pyproject.toml": #"""
        [project]
        name = "dup-one"
        version = "1.0.0"

        [tool.setuptools]
        packages = ["dup"]

        """#,
        "libs/dup-one/dup/__init__.py": "",
        "libs/dup-two/pyproject.toml": #"""
        [project]
        name = "dup-two"
        version = "1.0.0"

        [tool.setuptools]
        packages = ["dup"]

        """#,
        "libs/dup-two/dup/__init__.py": "",
        "projects/app/pyproject.toml": #"""
        [project]
        name = "app"
        version = "1.0.0"
        dependencies = [
            "util",
            "single",
        ]

        [dependency-groups]
        dev = [
            "flatlib",
        ]

        [tool.uv.sources]
        util = { path = "../../libs/util", editable = true }
        single = { path = "../../libs/single", editable = true }
        flatlib = { path = "../../libs/flat", editable = true }

        """#,
        "projects/app/src/app/__init__.py": #"""
        """The app.

        import not_an_import
        """
        from typing import TYPE_CHECKING

        import acme_util
        from core import models
        from flatlib import (
            thing,
        )
        from .sub import helper

        if TYPE_CHECKING:
            from acme.alpha import Alpha

        try:
            import acme.beta
        except ImportError:
            acme = None

        text = "import dup"  # import dup in a comment is no import either

        """#,
        "projects/app/src/app/sub/__init__.py": "",
        "projects/app/src/app/sub/helper.py": #"""
        from ..sub import __name__ as here

        """#,
        "projects/app/tests/test_app.py": #"""
        import flatlib
        from acme.alpha import Alpha

        """#,
    ]

    static let planted = [
        "libs/dup-one/pyproject.toml: warning: import name dup is provided by 2 modules: libs/dup-one, libs/dup-two; its imports are matched to none [duplicate-import-name]",
        "libs/ping/ping/__init__.py:1: error: import cycle between modules: ping -> pong (libs/ping/ping/__init__.py:1) -> ping (libs/pong/pong/__init__.py:1); each arrow a runtime import of package code [import-cycle]",
        "libs/pong/pong/__init__.py:1: error: pong imports ping from ping without declaring it; declare ping (path ../ping) in the main dependencies of libs/pong/pyproject.toml [undeclared-dependency]",
        "libs/single/single.py:3: error: single (lib) imports app from app (project); the default rule denies lib -> project [layering-violation]",
        "libs/single/single.py:3: error: single imports app from app without declaring it; declare app (path ../../projects/app) in the main dependencies of libs/single/pyproject.toml [undeclared-dependency]",
        "projects/app/pyproject.toml:6: warning: app declares single (group main) but none of its 3 Python files imports single; remove this line or import it [unused-dependency]",
        "projects/app/src/app/__init__.py:8: warning: app imports core from core, installed only through app -> util (main) -> core (main); declare core (path ../../libs/core) in the main dependencies of projects/app/pyproject.toml (next to line 5) [transitive-only-dependency]",
        "projects/app/src/app/__init__.py:9: error: app imports flatlib from flatlib without declaring it; projects/app/pyproject.toml:11 declares it in group dev, which is not installed with package code; move it to the main dependencies [undeclared-dependency]",
        "projects/app/src/app/__init__.py:15: warning: app imports acme.alpha under TYPE_CHECKING from acme-alpha without declaring it; declare acme-alpha (path ../../libs/ns-alpha) in the main dependencies of projects/app/pyproject.toml (next to line 5) [undeclared-dependency]",
        "projects/app/src/app/__init__.py:18: warning: app imports acme.beta guarded by except ImportError from acme-beta without declaring it; declare acme-beta (path ../../libs/ns-beta) in the main dependencies of projects/app/pyproject.toml (next to line 5) [undeclared-dependency]",
    ]

    func repository() throws -> TemporaryRepository {
        try TemporaryRepository(Self.fixture, prefix: "trellis-imports")
    }

    @Test func checkFindsExactlyThePlantedProblemsWithFileAndLine() throws {
        let repository = try repository()
        let run = runTrellis(["check", "--root", repository.root], in: repository.root)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").map(String.init) == Self.planted + ["5 errors, 5 warnings."])
    }

    @Test func testsAreReadWithTheFlagAndJudgedForDevGroups() throws {
        let repository = try repository()
        let run = runTrellis(["check", "--tests", "--json", "--root", repository.root], in: repository.root)
        #expect(run.status == 1)
        let findings = try #require(try run.json() as? [[String: Any]])
        let inTests = findings.filter { ($0["file"] as? String ?? "").contains("/tests/") }
        // flatlib is declared in app's dev group: its test may import it; acme.alpha is declared nowhere.
        #expect(
            inTests.map {
                "\($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0) \($0["severity"] as? String ?? "") \($0["code"] as? String ?? "")"
            }
                == ["projects/app/tests/test_app.py:2 error undeclared-dependency"])
        #expect(
            (inTests.first?["message"] as? String ?? "").contains(
                "in a dev or test group of projects/app/pyproject.toml"))
        #expect(findings.count == Self.planted.count + 1)
    }

    @Test func importsListsEveryImportWithItsStatus() throws {
        let repository = try repository()
        let run = runTrellis(["imports", "app", "--tests", "--json", "--root", repository.root], in: repository.root)
        #expect(run.status == 0, "\(run.stderr)")
        let shape = try #require(try run.json() as? [String: Any])
        #expect(shape["files_read"] as? Int == 4)
        let rows = (shape["imports"] as? [[String: Any]] ?? []).map { link in
            let sites = (link["sites"] as? [[String: Any]] ?? []).map {
                "\($0["line"] as? Int ?? 0)\($0["typing_only"] as? Bool == true ? " typing" : "")\($0["optional"] as? Bool == true ? " optional" : "")"
            }
            return
                "\(link["name"] as? String ?? "") \(link["code"] as? String ?? "") \(link["status"] as? String ?? "") \(sites.joined(separator: ","))"
        }
        #expect(
            rows == [
                "core package transitive 8", "flatlib package undeclared 9", "acme-alpha package undeclared 15 typing",
                "acme-beta package undeclared 18 optional", "util package declared 7", "flatlib tests declared 1",
                "acme-alpha tests undeclared 2",
            ])
        let text = runTrellis(["imports", "util", "--root", repository.root], in: repository.root)
        #expect(
            text.stdout.split(separator: "\n").map(String.init) == [
                "util imports 1 module (1 Python file read; provides: acme_util)",
                "  MODULE  PATH       STATUS    CODE     IMPORTED     AT",
                "  core    libs/core  declared  package  core.models  libs/util/src/acme_util/__init__.py:1",
            ])
    }

    @Test func graphImportsDrawsTheUndeclaredInRedAndDotAcceptsIt() throws {
        let repository = try repository()
        let dot = runTrellis(["graph", "--imports", "--root", repository.root], in: repository.root)
        #expect(dot.status == 0, "\(dot.stderr)")
        _ = try renderWithGraphviz(dot.stdout)
        let red = dot.stdout.split(separator: "\n").filter { $0.contains("->") && $0.contains("#dc2626") }.map {
            String($0.split(separator: "[")[0]).trimmingCharacters(in: .whitespaces)
        }
        #expect(
            red == [
                #""app" -> "acme-alpha""#, #""app" -> "acme-beta""#, #""app" -> "core""#, #""app" -> "flatlib""#,
                #""pong" -> "ping""#, #""single" -> "app""#,
            ])
        // Declared imports are drawn plain; a declared edge nothing imports (app -> single) is not drawn.
        #expect(
            dot.stdout.contains(
                #""app" -> "util" [tooltip="projects/app/src/app/__init__.py:7: import acme_util (declared)"]"#))
        #expect(!dot.stdout.contains(#""app" -> "single""#))
        let json = runTrellis(["graph", "--imports", "--json", "--root", repository.root], in: repository.root)
        let edges = try #require((try json.json() as? [String: Any])?["edges"] as? [[String: Any]])
        #expect(
            edges.map {
                "\($0["from"] as? String ?? "") \($0["to"] as? String ?? "") \($0["status"] as? String ?? "") \($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0)"
            }
            .contains("app core transitive projects/app/src/app/__init__.py:8"))
        let misuse = runTrellis(
            ["graph", "--imports", "--highlight", "cycles", "--root", repository.root], in: repository.root)
        #expect(misuse.status != 0)
    }

    @Test func showSaysWhichImportNamesAModuleProvides() throws {
        let repository = try repository()
        let text = runTrellis(["show", "core", "--root", repository.root], in: repository.root)
        #expect(text.stdout.contains("\n  provides:  core\n"))
        let json = runTrellis(["show", "acme-alpha", "--json", "--root", repository.root], in: repository.root)
        let provides = try #require((try json.json() as? [String: Any])?["provides"] as? [[String: Any]])
        #expect(
            provides.map {
                "\($0["name"] as? String ?? "") \($0["location"] as? String ?? "") \($0["source"] as? String ?? "")"
            }
                == ["acme.alpha src/acme/alpha uv module-name"])
    }

    /// `core/__init__.py` writes a marker file when imported. Every command that reads imports
    /// runs, and the marker stays absent; then the real Python imports core, and it appears (the
    /// marker works, so its absence means something).
    /// setup.py is never run, so a module whose only package configuration is there has its
    /// import names guessed from the layout: `check` says so (`provides-guessed`), once per module;
    /// a static setup.cfg `[options] packages` is read instead, and no warning is given.
    @Test func aSetupPyModuleIsToldItsNamesAreGuessed() throws {
        let repository = try TemporaryRepository(
            [
                "libs/legacy/setup.py": "from setuptools import setup\nsetup(packages=['legacy_pkg'])\n",
                "libs/legacy/legacy_pkg/__init__.py": "",
                "libs/static/setup.py": "from setuptools import setup\nsetup()\n",
                "libs/static/setup.cfg":
                    "[metadata]\nname = static\nversion = 1.0\n\n[options]\npackages = static_pkg\n",
                "libs/static/static_pkg/__init__.py": "import legacy_pkg\n",
            ], prefix: "trellis-guessed")
        let run = runTrellis(["check", "--root", repository.root], in: repository.root)
        #expect(
            run.stdout.split(separator: "\n").map(String.init) == [
                "libs/legacy/setup.py: warning: setup.py is never run, so the import names legacy provides are guessed from its layout (legacy_pkg); list its packages in libs/legacy/setup.cfg [options] packages or in pyproject.toml [tool.setuptools] packages [provides-guessed]",
                "libs/static/static_pkg/__init__.py:1: error: static imports legacy_pkg from legacy without declaring it; declare legacy (path ../legacy) in the main dependencies of libs/static/setup.cfg [undeclared-dependency]",
                "1 error, 1 warning.",
            ], "\(run.stderr)")
    }

    @Test func noRepositoryCodeIsExecuted() throws {
        let repository = try repository()
        let marker = "\(repository.root)/libs/core/src/core/IMPORTED"
        for arguments in [
            ["check"], ["check", "--tests"], ["imports", "app", "--tests"], ["imports", "util"],
            ["graph", "--imports"],
            ["show", "core"],
        ] {
            let run = runTrellis(arguments + ["--root", repository.root], in: repository.root)
            #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "a Trellis command ran core/__init__.py")
        let python = try Subprocess.run(
            ["env", "PYTHONPATH=\(repository.root)/libs/core/src", "python3", "-c", "import core"])
        try #require(python.status == 0, "python3 could not import core: \(python.stderr)")
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    /// `--at REV` reads the code of that revision from git, without a checkout: an import added
    /// to the work tree after the commit is found by `check`, and not by `check --at HEAD`. The
    /// monorepo sits in a subfolder of the git repository (the path inside it is prefixed).
    @Test func atARevisionTheCodeOfThatCommitIsRead() throws {
        let repository = try TemporaryRepository(
            Dictionary(uniqueKeysWithValues: Self.fixture.map { ("mono/\($0.key)", $0.value) }),
            prefix: "trellis-imports-at")
        _ = try repository.git("init", "-q")
        _ = try repository.git("add", "-A")
        _ = try repository.git("commit", "-q", "-m", "the planted monorepo")
        let root = "\(repository.root)/mono"
        let file = "\(root)/libs/util/src/acme_util/__init__.py"
        try (try String(contentsOfFile: file, encoding: .utf8) + "import flatlib\n").write(
            toFile: file, atomically: true, encoding: .utf8)
        let added =
            "libs/util/src/acme_util/__init__.py:2: error: util imports flatlib from flatlib without declaring it; "
            + "declare flatlib (path ../flat) in the main dependencies of libs/util/pyproject.toml (next to line 5) [undeclared-dependency]"

        let now = runTrellis(["check", "--root", root], in: root)
        #expect(now.stdout.split(separator: "\n").map(String.init).contains(added))
        let then = runTrellis(["check", "--at", "HEAD", "--root", root], in: root)
        #expect(then.stderr.isEmpty, "\(then.stderr)")
        #expect(then.stdout.split(separator: "\n").map(String.init) == Self.planted + ["5 errors, 5 warnings."])
        let imports = runTrellis(["imports", "util", "--at", "HEAD", "--json", "--root", root], in: root)
        let links = try #require((try imports.json() as? [String: Any])?["imports"] as? [[String: Any]])
        #expect(links.compactMap { $0["name"] as? String } == ["core"])
        #expect(!FileManager.default.fileExists(atPath: "\(root)/libs/core/src/core/IMPORTED"))
    }
}
