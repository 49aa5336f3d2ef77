import ArgumentParser
import TrellisCore

struct Show: TrellisSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One module: path, version, kind, path dependencies, dependents, requirements.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "A module: any spelling of its name, or its folder.")
    var module: String

    func execute(_ context: CommandContext) throws -> ExitCode {
        let view = try context.view()
        let graph = try view.graph()
        let module = try ModuleLookup(modules: graph.modules).find(module)
        let outgoing = graph.edges.filter { $0.from == module.name }
        let incoming = graph.edges.filter { $0.to == module.name }
        let requirements = try view.requirements(of: module.name)
        // Name references are derived, not stored: requirements whose package is a module's name.
        let references = NameReference.find(requirements: try view.requirements(), modules: graph.modules)
        let referencesOut = references.filter { $0.from == module.name }
        let referencesIn = references.filter { $0.to == module.name }
        func other(_ name: ModuleName) -> Module { graph.module(name) ?? Module(name: name, path: "?", manifest: "?") }
        var output = ""
        if context.options.json {
            let shape = ShowJSON(
                module: module,
                dependencies: outgoing.map { EdgeJSON($0, other: other($0.to)) },
                dependents: incoming.map { EdgeJSON($0, other: other($0.from)) },
                requirements: requirements.map(RequirementJSON.init),
                nameReferences: referencesOut.map { NameReferenceJSON($0, other: other($0.to)) },
                referencedByName: referencesIn.map { NameReferenceJSON($0, other: other($0.from)) })
            try JSONRenderer.render(shape, into: &output)
        } else {
            output += "\(module.name) \(module.version ?? "(no version)") (\(module.kind.rawValue))\n"
            output += "  path:      \(module.path)\n  manifest:  \(module.manifest)\n"
            if let description = module.description, !description.isEmpty { output += "  about:     \(description)\n" }
            section("Path dependencies", outgoing.map { ($0, other($0.to)) }, into: &output)
            section("Dependents", incoming.map { ($0, other($0.from)) }, into: &output)
            nameSection("Name references (not path edges)", referencesOut.map { ($0, other($0.to)) }, into: &output)
            nameSection("Referenced by name", referencesIn.map { ($0, other($0.from)) }, into: &output)
            output += "\nRequirements (\(requirements.count)):\n"
            if !requirements.isEmpty {
                Table(
                    columns: ["  PACKAGE", "SPECIFIER", "GROUP", "DECLARED AT"],
                    rows: requirements.map {
                        ["  \($0.package)", $0.specifier.isEmpty ? "*" : $0.specifier, $0.group, "\($0.file):\($0.line)"]
                    }
                ).render(into: &output)
            }
        }
        context.console.out(output)
        return .success
    }

    private func nameSection(_ title: String, _ references: [(NameReference, Module)], into output: inout String) {
        guard !references.isEmpty else { return }
        output += "\n\(title) (\(references.count)):\n"
        Table(
            columns: ["  NAME", "SPECIFIER", "GROUP", "DECLARED AT"],
            rows: references.map { reference, other in
                ["  \(other.name)", reference.specifier.isEmpty ? "*" : reference.specifier, reference.group, "\(reference.file):\(reference.line)"]
            }
        ).render(into: &output)
    }

    private func section(_ title: String, _ edges: [(PathEdge, Module)], into output: inout String) {
        output += "\n\(title) (\(edges.count)):\n"
        guard !edges.isEmpty else { return }
        Table(
            columns: ["  NAME", "GROUP", "EDITABLE", "DECLARED AT"],
            rows: edges.map { edge, other in
                ["  \(other.name)", edge.group, edge.editable ? "yes" : "no", "\(edge.file):\(edge.line)"]
            }
        ).render(into: &output)
    }
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

    init(module: Module, dependencies: [EdgeJSON], dependents: [EdgeJSON], requirements: [RequirementJSON],
         nameReferences: [NameReferenceJSON], referencedByName: [NameReferenceJSON]) {
        name = module.name.rawValue
        path = module.path
        version = module.version
        kind = module.kind.rawValue
        manifest = module.manifest
        description = module.description
        self.dependencies = dependencies
        self.dependents = dependents
        self.requirements = requirements
        self.nameReferences = nameReferences
        self.referencedByName = referencedByName
    }

    enum CodingKeys: String, CodingKey {
        case name, path, version, kind, manifest, description, dependencies, dependents, requirements
        case nameReferences = "name_references"
        case referencedByName = "referenced_by_name"
    }
}
