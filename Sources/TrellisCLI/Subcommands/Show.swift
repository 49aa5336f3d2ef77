import ArgumentParser
import TrellisCore
import TrellisStore

struct Show: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One module: path, version, kind, path dependencies, dependents, requirements.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A module: any spelling of its name, or its folder.", completion: ModuleCompletion.kind)
    var module: String

    func execute(_ context: CommandContext) throws -> ExitCode {
        let detail = try context.view().detail(of: module)
        // The import names come from the work tree's files, or those of --at's revision (none for a snapshot).
        let graph = try context.view().graph()
        let provides =
            globals.at == nil
            ? ImportGraph.provided(root: context.root, module: detail.module, graph: graph)
            : try context.importGraph(of: graph, tests: false, reading: [])?.modules[detail.module.path]?.provides
        try context.render(.show(detail, provides: provides))
        return .success
    }
}

extension Report {
    /// `show`: a header, then a titled section per kind of link, then the requirements.
    fileprivate static func show(_ detail: ModuleDetail, provides: [ProvidedName]?) -> Report {
        let module = detail.module
        var header = [
            "\(module.name) \(module.version ?? "(no version)") (\(module.kind.rawValue))",
            "  path:      \(module.path)", "  manifest:  \(module.manifest)",
        ]
        if let description = module.description, !description.isEmpty { header.append("  about:     \(description)") }
        if let provides {
            let names = provides.isEmpty ? "(no Python package found)" : provides.map(\.name).joined(separator: ", ")
            header.append("  provides:  \(names)")
        }
        var blocks: [Block] = [.lines(header)]
        blocks += section("Path dependencies", detail.dependencies)
        blocks += section("Dependents", detail.dependents)
        blocks += section("Name references (not path edges)", detail.nameReferences)
        blocks += section("Referenced by name", detail.referencedByName)
        let requirements = detail.requirements
        blocks.append(.lines(["", "Requirements (\(requirements.count)):"]))
        if !requirements.isEmpty {
            blocks.append(
                .table(
                    Table(
                        columns: ["PACKAGE", "SPECIFIER", "GROUP", "DECLARED AT"],
                        rows: requirements.map {
                            [$0.package.rawValue, specifier($0.specifier), $0.group, "\($0.file):\($0.line)"]
                        },
                        indent: 2)))
        }
        return Report(blocks, json: ShowJSON(detail, provides: provides))
    }

    /// A section of edges, always shown, with its count.
    private static func section(_ title: String, _ links: [ModuleDetail.Link<PathEdge>]) -> [Block] {
        let table = Table(
            columns: ["NAME", "PATH", "GROUP", "EDITABLE", "DECLARED AT"],
            rows: links.map {
                [
                    $0.other.name.rawValue, $0.other.path, $0.item.group, $0.item.editable ? "yes" : "no",
                    // A lock file's edge (dynamic dependencies Trellis cannot read) says so.
                    "\($0.item.file):\($0.item.line)\($0.item.declaredBy == .lock ? " (declared-by: lock)" : "")",
                ]
            },
            indent: 2)
        return [.lines(["", "\(title) (\(links.count)):"])] + (links.isEmpty ? [] : [.table(table)])
    }

    /// A section of name references, left out when there are none.
    private static func section(_ title: String, _ links: [ModuleDetail.Link<NameReference>]) -> [Block] {
        guard !links.isEmpty else { return [] }
        let table = Table(
            columns: ["NAME", "PATH", "SPECIFIER", "GROUP", "DECLARED AT"],
            rows: links.map {
                [
                    $0.other.name.rawValue, $0.other.path, specifier($0.item.specifier), $0.item.group,
                    "\($0.item.file):\($0.item.line)",
                ]
            },
            indent: 2)
        return [.lines(["", "\(title) (\(links.count)):"]), .table(table)]
    }

    private static func specifier(_ text: String) -> String { text.isEmpty ? "*" : text }
}

private struct ShowJSON: Encodable {
    var name: String
    var path: String
    @NullEncoded var version: String?
    var kind: String
    var manifest: String
    @NullEncoded var description: String?
    var dependencies: [EdgeJSON]
    var dependents: [EdgeJSON]
    var requirements: [RequirementJSON]
    /// Requirements of this module on other modules' names that are not path edges.
    var nameReferences: [NameReferenceJSON]
    /// Other modules' requirements on this module's name that are not path edges.
    var referencedByName: [NameReferenceJSON]
    /// The import names the module's wheel would install, from the work tree; null with `--at`.
    @NullEncoded var provides: [ProvidedNameJSON]?

    init(_ detail: ModuleDetail, provides: [ProvidedName]?) {
        let module = detail.module
        name = module.name.rawValue
        path = module.path
        version = module.version
        kind = module.kind.rawValue
        manifest = module.manifest
        description = module.description
        dependencies = detail.dependencies.map { EdgeJSON($0.item, other: $0.other) }
        dependents = detail.dependents.map { EdgeJSON($0.item, other: $0.other) }
        requirements = detail.requirements.map(RequirementJSON.init)
        nameReferences = detail.nameReferences.map { NameReferenceJSON($0.item, other: $0.other) }
        referencedByName = detail.referencedByName.map { NameReferenceJSON($0.item, other: $0.other) }
        self.provides = provides?.map(ProvidedNameJSON.init)
    }

    enum CodingKeys: String, CodingKey {
        case name, path, version, kind, manifest, description, dependencies, dependents, requirements, provides
        case nameReferences = "name_references"
        case referencedByName = "referenced_by_name"
    }
}

/// `{"name", "location", "source"}`: an import name, the folder or file that holds it (relative
/// to the module's folder) and the configuration or layout that gave it.
struct ProvidedNameJSON: Encodable {
    var name: String
    var location: String
    var source: String

    init(_ provided: ProvidedName) {
        name = provided.name
        location = provided.location
        source = provided.source
    }
}
