import ArgumentParser
import TrellisCore
import TrellisStore

struct Dependencies: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "dependencies", abstract: "What a module depends on through path dependencies.")

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var traversal: TraversalOptions

    @Flag(help: "Also list the external requirements of the module (with -t, of every module reached).")
    var external = false

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let (start, reached) = try traversal.reach(.dependencies, in: view)
        let empty = "\(start.name) has no path dependencies."
        guard external else {
            try context.render(.reached(reached, empty: empty))
            return .success
        }
        // External requirements of the start module (depth 1) and of every module reached (one deeper).
        let sources = [DependencyGraph.Reached(module: start, depth: 0)] + reached
        let requirements = try sources.flatMap { source in
            try view.requirements(of: source.module.path).map {
                (requirement: $0, depth: source.depth + 1, by: source.module.name)
            }
        }
        try context.render(.external(reached, requirements, empty: empty))
        return .success
    }
}

extension Report {
    /// `dependencies --external`: the modules reached, then the external packages they require.
    fileprivate static func external(
        _ reached: [DependencyGraph.Reached], _ requirements: [(requirement: Requirement, depth: Int, by: ModuleName)],
        empty: String
    ) -> Report {
        let packages = Table(
            columns: ["PACKAGE", "SPECIFIER", "GROUP", "DEPTH", "REQUIRED BY"],
            rows: requirements.map {
                let requirement = $0.requirement
                return [
                    requirement.package.rawValue, requirement.specifier.isEmpty ? "*" : requirement.specifier,
                    requirement.group, "\($0.depth)", $0.by.rawValue,
                ]
            })
        let json =
            reached.map { DependencyJSON($0) }
            + requirements.map { DependencyJSON($0.requirement, depth: $0.depth, by: $0.by) }
        return Report(Report.reached(reached, empty: empty).blocks + [.lines([""]), .table(packages)], json: json)
    }
}

/// `dependencies --external`: the shape of `dependencies`, with external packages as kind
/// `external` (path null) and their specifier, group and the module requiring them.
private struct DependencyJSON: Encodable {
    var name: String
    @NullEncoded var path: String?
    var kind: String
    var depth: Int
    @NullEncoded var specifier: String?
    @NullEncoded var group: String?
    @NullEncoded var requiredBy: String?

    init(_ reached: DependencyGraph.Reached) {
        name = reached.module.name.rawValue
        path = reached.module.path
        kind = reached.module.kind.rawValue
        depth = reached.depth
    }

    init(_ requirement: Requirement, depth: Int, by module: ModuleName) {
        name = requirement.package.rawValue
        kind = "external"
        self.depth = depth
        specifier = requirement.specifier
        group = requirement.group
        requiredBy = module.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case name, path, kind, depth, specifier, group
        case requiredBy = "required_by"
    }
}
