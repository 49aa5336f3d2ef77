import Foundation

extension TemporaryRepository {
    /// A Poetry monorepo made a git repository of two commits with fixed authors and dates, whose
    /// second commit changes the graph in every way a picture shows. Commit 1 (2025-05-01, tagged
    /// `before`): libs core, util (→ core), old, and one named `odd"<name>\` (quotes, `<` and a
    /// backslash, which Poetry's quoted TOML name allows) at libs/odd; projects app (→ util, old)
    /// and web (→ core); api (→ util). Commit 2 (2025-06-01): app drops old (edge removed), adds
    /// odd (edge added), takes util in its dev group, editable (edge changed); libs/old is deleted
    /// (module removed); libs/new (→ core) appears (module and edge added); core goes from 1.0.0 to
    /// 1.1.0 (module changed). web (→ core) is drawn as a neighbour of a changed module; api
    /// (→ util) does not change and touches no changed module, so a drawing leaves it out.
    public static func graphChangeHistory(prefix: String = "trellis-graph-change") throws -> TemporaryRepository {
        let core = #"core = {path = "../../libs/core"}"#
        let repository = try TemporaryRepository(
            [
                "libs/core/pyproject.toml": poetry("core"),
                "libs/util/pyproject.toml": poetry("util", dependencies: [#"core = {path = "../core"}"#]),
                "libs/old/pyproject.toml": poetry("old"),
                "libs/odd/pyproject.toml": poetry(#"odd"<name>\"#),
                "projects/app/pyproject.toml": poetry(
                    "app",
                    dependencies: [#"util = {path = "../../libs/util"}"#, #"old = {path = "../../libs/old"}"#]),
                "projects/web/pyproject.toml": poetry("web", dependencies: [core]),
                "projects/api/pyproject.toml": poetry("api", dependencies: [#"util = {path = "../../libs/util"}"#]),
            ], prefix: prefix)
        try repository.git("init", "-q")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "Five modules", date: "2025-05-01T10:00:00Z")
        try repository.git("tag", "before")
        try FileManager.default.removeItem(atPath: "\(repository.root)/libs/old")
        try repository.write([
            "libs/new/pyproject.toml": poetry("new", dependencies: [#"core = {path = "../core"}"#]),
            "libs/core/pyproject.toml": poetry("core", version: "1.1.0"),
            "projects/app/pyproject.toml": poetry(
                "app", dependencies: [#""odd\"<name>\\" = {path = "../../libs/odd"}"#])
                + "\n[tool.poetry.group.dev.dependencies]\n" + #"util = {path = "../../libs/util", develop = true}"#
                + "\n",
        ])
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "app: odd instead of old, util for dev", date: "2025-06-01T10:00:00Z")
        return repository
    }
}
