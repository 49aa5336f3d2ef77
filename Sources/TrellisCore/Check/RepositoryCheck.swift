/// The rules of `trellis check`, run over what the registry holds for one snapshot: the scan's
/// own diagnostics, cycles, layering, path dependencies whose declared version rejects the
/// module they point at, and external requirements that cannot be met together.
public struct RepositoryCheck: Sendable {
    public var graph: DependencyGraph
    public var requirements: [Requirement]
    public var diagnostics: [Diagnostic]
    public var rules: [LayerRule]
    /// The work tree's imports, when read: adds the findings of declared against imported.
    public var imports: ImportGraph?

    public init(
        graph: DependencyGraph, requirements: [Requirement], diagnostics: [Diagnostic],
        rules: [LayerRule] = LayerRule.defaults, imports: ImportGraph? = nil
    ) {
        self.graph = graph
        self.requirements = requirements
        self.diagnostics = diagnostics
        self.rules = rules
        self.imports = imports
    }

    /// Every finding, sorted by file, line and code. Info-level scan diagnostics are left out.
    public func run() -> [Diagnostic] {
        var findings = scanFindings() + cycleFindings() + layeringFindings() + pathVersionFindings()
        findings += conflictFindings()
        findings += imports?.findings(graph: graph, rules: rules, requirements: requirements) ?? []
        return findings.sorted { ($0.file, $0.line, $0.code, $0.message) < ($1.file, $1.line, $1.code, $1.message) }
    }

    // MARK: Rules

    func scanFindings() -> [Diagnostic] {
        diagnostics.filter { $0.severity >= .warning }.map { diagnostic in
            var finding = diagnostic
            if diagnostic.code.breaksRepository { finding.severity = .error }
            return finding
        }
    }

    /// One finding per cycle component. A cycle of runtime dependencies (main group, not
    /// optional) is an error, shown by one of its runtime cycles; a component that only closes
    /// through dev groups or extras (`slim[evals] -> evals -> slim`, a common pattern that
    /// installers accept) is a warning.
    func cycleFindings() -> [Diagnostic] {
        let runtime = DependencyGraph(
            modules: graph.modules, edges: graph.edges.filter { $0.group == "main" && !$0.optional }
        ).cycles()
        return graph.cycles().map { cycle in
            let members = Set(cycle.members.map(\.path))
            let runtimeCycle = runtime.first { Set($0.members.map(\.path)).isSubset(of: members) }
            let path = runtimeCycle?.path ?? cycle.path
            let first = path[0], second = path.count > 1 ? path[1] : first
            let edge = graph.edges(from: first.path, to: second.path).first
            let others =
                cycle.members.count > path.count - 1
                ? " (component: \(cycle.members.map(\.name.rawValue).joined(separator: ", ")))" : ""
            let kind = runtimeCycle == nil ? "through dev groups or extras only" : "of runtime dependencies"
            return Diagnostic(
                .cycle, severity: runtimeCycle == nil ? .warning : .error, module: first.name,
                file: edge?.file ?? first.manifest, line: edge?.line ?? 0,
                "dependency cycle \(kind): \(graph.describe(path))\(others)")
        }
    }

    func layeringFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for edge in graph.edges {
            guard let from = graph.module(at: edge.from), let to = graph.module(at: edge.to) else { continue }
            guard let (rule, denied, origin) = LayerRule.denial(of: from, to: to, by: rules) else { continue }
            findings.append(
                Diagnostic(
                    .layeringViolation, module: from.name, file: edge.file, line: edge.line,
                    "\(from.name) (\(rule.from)) depends on \(to.name) (\(denied)) in group \(edge.group); \(origin) denies \(rule.from) -> \(denied)"
                ))
        }
        return findings
    }

    func pathVersionFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for edge in graph.edges {
            guard let specifier = edge.declaredSpecifier, !specifier.isEmpty,
                let target = graph.module(at: edge.to), let versionText = target.version
            else { continue }
            let constraint: VersionConstraint
            do {
                constraint = try VersionConstraint(parsing: specifier)
            } catch {
                findings.append(
                    Diagnostic(
                        .invalidSpecifier, module: graph.module(at: edge.from)?.name, file: edge.file, line: edge.line,
                        "\(error)"))
                continue
            }
            guard let version = Version(versionText) else { continue }
            // The path source installs whatever version the folder holds, pre-release or not.
            if !constraint.contains(version, prereleases: true) {
                findings.append(
                    Diagnostic(
                        .pathVersionMismatch, module: graph.module(at: edge.from)?.name, file: edge.file,
                        line: edge.line,
                        "'\(target.name)\(specifier)' rejects \(target.name) \(versionText) at \(target.path): the path source installs it in development, but the published package would not accept it"
                    ))
            }
        }
        return findings
    }

    // MARK: Conflicting requirements

    /// One parsed requirement inside a closure.
    private struct Parsed {
        var requirement: Requirement
        var versions: VersionSet
        var markerKey: String?
    }

    /// For every module, its main-group closure (itself and what it installs through non-optional
    /// main path edges); inside it, requirements of different modules on one package whose version
    /// sets do not meet. Requirements whose markers differ may never apply together and are not
    /// compared; a conflict that needs one side's markers to hold is a warning. Each conflict is
    /// reported once, naming every closure it occurs in.
    /// O(modules × (modules + edges + requirements × intervals)).
    func conflictFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // By module folder; names (two folders may share one) only in the messages.
        var parsed: [String: [Parsed]] = [:]
        let name = { (folder: String) in graph.module(at: folder)?.name ?? ModuleName(folder) }
        for requirement in requirements
        where requirement.group == "main" && !requirement.optional && !requirement.specifier.hasPrefix("@") {
            do {
                let constraint = try VersionConstraint(parsing: requirement.specifier)
                let markers = requirement.markers.map {
                    $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                }
                parsed[requirement.module, default: []].append(
                    Parsed(requirement: requirement, versions: constraint.versions, markerKey: markers))
            } catch {
                findings.append(
                    Diagnostic(
                        .invalidSpecifier, module: name(requirement.module), file: requirement.file,
                        line: requirement.line,
                        "\(requirement.package): \(error); not checked for conflicts"))
            }
        }
        let mainGraph = DependencyGraph(
            modules: graph.modules, edges: graph.edges.filter { $0.group == "main" && !$0.optional })
        // Conflict key (the requirements' file:line, sorted) → the finding and the closures it occurs in.
        var found: [String: (finding: Diagnostic, roots: [ModuleName])] = [:]
        var order: [String] = []
        for root in graph.modules.sorted(by: {
            ($0.kind == .project ? 0 : 1, $0.name) < ($1.kind == .project ? 0 : 1, $1.name)
        }) {
            let closure =
                [root.path] + mainGraph.reach(.dependencies, from: root.path, transitive: true).map(\.module.path)
            var byPackage: [ModuleName: [Parsed]] = [:]
            for module in closure {
                for entry in parsed[module] ?? [] { byPackage[entry.requirement.package, default: []].append(entry) }
            }
            for (package, entries) in byPackage.sorted(by: { $0.key < $1.key })
            where Set(entries.map(\.requirement.module)).count > 1 {
                guard let (conflict, conditional) = Self.conflict(in: entries, name: name) else { continue }
                let key = conflict.map { "\($0.requirement.file):\($0.requirement.line)" }.sorted().joined(
                    separator: " ")
                if found[key] != nil {
                    found[key]!.roots.append(root.name)
                    continue
                }
                let anchor = conflict.first { $0.requirement.module == root.path } ?? conflict[0]
                let parts = conflict.map {
                    let spec = $0.requirement.specifier.isEmpty ? "*" : $0.requirement.specifier
                    let markers = $0.markerKey.map { " ; \($0)" } ?? ""
                    return
                        "'\(spec)\(markers)' (\(name($0.requirement.module)), \($0.requirement.file):\($0.requirement.line))"
                }
                let when = conditional.map { " when \($0)" } ?? ""
                found[key] = (
                    Diagnostic(
                        conditional == nil ? .conflictingRequirements : .conditionalConflict,
                        module: root.name, file: anchor.requirement.file, line: anchor.requirement.line,
                        "\(package): \(parts.joined(separator: " and ")) cannot \(parts.count == 2 ? "both" : "all") be met\(when)"
                    ), [root.name]
                )
                order.append(key)
            }
        }
        for key in order {
            guard let entry = found[key] else { continue }
            var finding = entry.finding
            finding.message += "; installed together by \(entry.roots.map(\.rawValue).joined(separator: ", "))"
            findings.append(finding)
        }
        return findings
    }

    /// The requirements (of at least two modules) whose sets do not meet, a pair when one pair
    /// suffices, and the markers under which they clash (nil: always).
    private static func conflict(in entries: [Parsed], name: (String) -> ModuleName) -> ([Parsed], String?)? {
        if let witness = emptyIntersection(entries, markers: nil, name: name) { return (witness, nil) }
        for markers in Set(entries.compactMap(\.markerKey)).sorted() {
            if let witness = emptyIntersection(entries, markers: markers, name: name) { return (witness, markers) }
        }
        return nil
    }

    /// Requirements from two or more modules with no version in common where `markers` hold
    /// (nil: in every environment, so only unconditional requirements count): a pair when one
    /// exists, else all of them; nil when they can be met together. A module's requirements with
    /// the same markers are united first (Poetry's multiple-constraint lists are alternatives);
    /// its unconditional ones and those under `markers` both apply.
    private static func emptyIntersection(
        _ entries: [Parsed], markers: String?, name: (String) -> ModuleName
    ) -> [Parsed]? {
        var byModule: [String: [Parsed]] = [:]
        for entry in entries where entry.markerKey == nil || entry.markerKey == markers {
            byModule[entry.requirement.module, default: []].append(entry)
        }
        guard byModule.count > 1 else { return nil }
        func versions(_ module: String) -> VersionSet {
            let own = byModule[module]!
            let plain = own.filter { $0.markerKey == nil }, marked = own.filter { $0.markerKey != nil }
            let a = plain.isEmpty ? VersionSet.all : plain.reduce(VersionSet.none) { $0.union($1.versions) }
            let b = marked.isEmpty ? VersionSet.all : marked.reduce(VersionSet.none) { $0.union($1.versions) }
            return a.intersection(b)
        }
        let modules = byModule.keys.sorted { (name($0), $0) < (name($1), $1) }
        let sets = Dictionary(uniqueKeysWithValues: modules.map { ($0, versions($0)) })
        guard modules.reduce(VersionSet.all, { $0.intersection(sets[$1]!) }).isEmpty else { return nil }
        for (i, a) in modules.enumerated() {
            for b in modules[(i + 1)...] where sets[a]!.intersection(sets[b]!).isEmpty {
                return byModule[a]! + byModule[b]!
            }
        }
        return modules.flatMap { byModule[$0]! }
    }
}
