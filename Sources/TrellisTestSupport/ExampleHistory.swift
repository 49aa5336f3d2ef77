import Foundation

extension TemporaryRepository {
    /// A copy of the bundled example made a git repository of two commits with fixed authors and
    /// dates (so commit ids are the same on every machine): the example on 2025-03-01, tagged
    /// `before`; then on 2025-04-01 project-two drops its dev edge to lib-one and logger moves
    /// from 0.3.1 to 0.4.0.
    public static func exampleWithHistory(prefix: String = "trellis-history") throws -> TemporaryRepository {
        let repository = try TemporaryRepository(prefix: prefix)
        try repository.copy(from: ProjectPaths.example)
        try repository.git("init", "-q")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "The example", date: "2025-03-01T10:00:00Z")
        try repository.git("tag", "before")
        let manifest = "\(repository.root)/projects/project-two/pyproject.toml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("lib-one = ") }
            .joined(separator: "\n").write(toFile: manifest, atomically: false, encoding: .utf8)
        let logger = "\(repository.root)/libs/logger/pyproject.toml"
        try String(contentsOfFile: logger, encoding: .utf8)
            .replacingOccurrences(of: "version = \"0.3.1\"", with: "version = \"0.4.0\"")
            .write(toFile: logger, atomically: false, encoding: .utf8)
        try repository.git("commit", "-q", "-am", "project-two drops lib-one", date: "2025-04-01T10:00:00Z")
        return repository
    }
}
