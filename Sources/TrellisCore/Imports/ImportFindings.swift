/// How one module's import of another stands against its declarations.
public enum ImportStatus: String, Sendable {
    /// A path edge in a group installed where the importing file runs.
    case declared
    /// Reachable only through another module's dependencies.
    case transitive
    case undeclared
}

/// One module importing another: every site, and whether the manifest declares it.
public struct ImportLink: Sendable {
    public var from: String
    public var to: String
    /// In file and line order.
    public var sites: [ImportSite]
    public var status: ImportStatus
    /// For `.transitive`, the modules through which it is reached (`from`, …, `to`).
    public var through: [Module]
    /// Whether only tests import it.
    public var testsOnly: Bool { sites.allSatisfy(\.inTests) }
}

extension ImportGraph {
    /// Whether an edge installs its target where code of this kind runs: package code gets the
    /// main group and extras; tests get every group (dev and test groups are installed for them).
    static func installs(_ edge: PathEdge, forTests: Bool) -> Bool {
        forTests || edge.group == "main" || edge.optional
    }

    /// Every module-to-module import of `module` (a folder), with its status, sorted by target.
    /// Package code and test code are judged apart: a test importing a module that only a dev
    /// group declares is declared; package code importing it is not.
    public func links(of module: String, in graph: DependencyGraph) -> [ImportLink] {
        links(of: module, sites: modules[module]?.sites ?? [], judge: ImportJudge(graph))
    }

    /// The links of `sites`, imports of `module`, judged against the declarations `judge` indexes.
    /// O(sites + the module's edges), and a breadth-first search of the main-group graph per
    /// import no edge of the module declares.
    func links(of module: String, sites all: [ImportSite], judge: ImportJudge) -> [ImportLink] {
        let graph = judge.graph
        var byTarget: [String: [ImportSite]] = [:]
        for site in all { byTarget[site.target, default: []].append(site) }
        let outgoing = judge.outgoing[module] ?? []
        var links: [ImportLink] = []
        for (target, sites) in byTarget.sorted(by: { $0.key < $1.key }) {
            let forTests = sites.allSatisfy(\.inTests)
            let direct = outgoing.contains {
                $0.to == target
                    && (Self.installs($0, forTests: forTests) || ($0.group != "main" && sites.allSatisfy(\.typingOnly)))
            }
            if direct {
                links.append(ImportLink(from: module, to: target, sites: sites, status: .declared, through: []))
                continue
            }
            // Through a first edge installed here, then main dependencies.
            var best: [Module]? = nil
            for edge in outgoing where Self.installs(edge, forTests: forTests) {
                guard let head = graph.module(at: module) else { continue }
                let rest: [Module]? = edge.to == target ? [] : judge.mainGraph.shortestPath(from: edge.to, to: target)
                guard let rest, let next = graph.module(at: edge.to) else { continue }
                let path = [head, next] + (rest.isEmpty ? [] : Array(rest.dropFirst()))
                if best == nil || path.count < best!.count { best = path }
            }
            links.append(
                ImportLink(
                    from: module, to: target, sites: sites, status: best == nil ? .undeclared : .transitive,
                    through: best ?? []))
        }
        return links
    }

    /// The links of `module`, package code's first, then tests' (when read), each judged for
    /// the groups installed where its files run: what `trellis imports` lists and `check` judges.
    public func judgedLinks(of module: String, in graph: DependencyGraph) -> [ImportLink] {
        judgedLinks(of: module, judge: ImportJudge(graph))
    }

    func judgedLinks(of module: String, judge: ImportJudge) -> [ImportLink] {
        guard let imports = modules[module] else { return [] }
        return [false, true].flatMap { kind in
            links(of: module, sites: imports.sites.filter { $0.inTests == kind }, judge: judge)
        }
    }

    /// Package code's imports as edges, one per importing and imported module (at its first
    /// import; `declared` is the name imported there), each with its judged link: the graph the
    /// code really has, as `graph --imports` draws it. Tests' imports are left out.
    public func importEdges(in graph: DependencyGraph) -> [(edge: PathEdge, link: ImportLink)] {
        let judge = ImportJudge(graph)
        return graph.modules.flatMap { module in
            judgedLinks(of: module.path, judge: judge).filter { !$0.testsOnly }.map { link in
                let site = link.sites[0]
                return (
                    PathEdge(from: module.path, to: link.to, declared: site.imported, file: site.file, line: site.line),
                    link
                )
            }
        }
    }

    /// The findings `check` adds from the code's imports: `undeclared-dependency`,
    /// `transitive-only-dependency`, `unused-dependency`, `import-cycle`, layering rules applied
    /// to imports, and `duplicate-import-name`. O(modules × (edges + sites)).
    public func findings(graph: DependencyGraph, rules: [LayerRule], requirements: [Requirement] = []) -> [Diagnostic] {
        var findings = diagnostics
        var importEdges: [PathEdge] = []
        let judge = ImportJudge(graph)
        for module in graph.modules {
            guard let imports = modules[module.path] else { continue }
            for link in judgedLinks(of: module.path, judge: judge) {
                findings += finding(
                    for: link, module: module, graph: graph, requirements: requirements, tests: link.testsOnly)
                if !link.testsOnly, let site = link.sites.first(where: { !$0.typingOnly && !$0.optional }) {
                    importEdges.append(
                        PathEdge(
                            from: module.path, to: link.to, declared: site.imported, file: site.file, line: site.line))
                }
            }
            findings += unusedFindings(module, imports, judge)
        }
        findings += cycleFindings(DependencyGraph(modules: graph.modules, edges: importEdges))
        findings += layeringFindings(importEdges, graph, rules)
        return findings
    }

    private func finding(
        for link: ImportLink, module: Module, graph: DependencyGraph, requirements: [Requirement], tests: Bool
    ) -> [Diagnostic] {
        guard link.status != .declared, let target = graph.module(at: link.to) else { return [] }
        let site = link.sites.first { !$0.typingOnly && !$0.optional } ?? link.sites[0]
        let others =
            link.sites.count > 1 ? " (and \(link.sites.count - 1) more import\(link.sites.count == 2 ? "" : "s"))" : ""
        let change = Self.change(
            declaring: target, path: Self.relativePath(from: module.path, to: target.path), in: module, tests: tests,
            graph: graph, requirements: requirements)
        if link.status == .transitive {
            return [
                Diagnostic(
                    .transitiveOnlyDependency, module: module.name, file: site.file, line: site.line,
                    "\(module.name) imports \(site.imported) from \(target.name), installed only through \(graph.describe(link.through))\(others); \(change)"
                )
            ]
        }
        // Code that cannot fail at run time without it (typing-only, or guarded by except ImportError) warns.
        let soft = link.sites.allSatisfy { $0.typingOnly || $0.optional }
        let how =
            link.sites.allSatisfy(\.typingOnly) ? " under TYPE_CHECKING" : soft ? " guarded by except ImportError" : ""
        return [
            Diagnostic(
                .undeclaredDependency, severity: soft ? .warning : .error, module: module.name, file: site.file,
                line: site.line,
                "\(module.name) imports \(site.imported)\(how) from \(target.name) without declaring it\(others); \(change)"
            )
        ]
    }

    /// The manifest line to change so that `module` declares `target`: an edge in a group not
    /// installed there is moved; otherwise the declaration goes next to the first one of the
    /// group (main for package code, a dev group for tests), or into the manifest.
    static func change(
        declaring target: Module, path: String, in module: Module, tests: Bool, graph: DependencyGraph,
        requirements: [Requirement]
    ) -> String {
        if !tests, let misplaced = graph.edges(from: module.path, to: target.path).first {
            return
                "\(misplaced.file):\(misplaced.line) declares it in group \(misplaced.group), which is not installed with package code; move it to the main dependencies"
        }
        let group = tests ? "a dev or test group" : "the main dependencies"
        let fits: (String, Bool) -> Bool = { group, optional in tests ? group != "main" : group == "main" && !optional }
        let lines =
            graph.edges.filter { $0.from == module.path && $0.declaredBy == .manifest && fits($0.group, $0.optional) }
            .map { ($0.file, $0.line) }
            + requirements.filter { $0.module == module.path && fits($0.group, $0.optional) }.map { ($0.file, $0.line) }
        let declare = "declare \(target.name) (path \(path)) in \(group) of \(module.manifest)"
        guard let first = lines.filter({ $0.0 == module.manifest && $0.1 > 0 }).min(by: { $0.1 < $1.1 }) else {
            return declare
        }
        return declare + " (next to line \(first.1))"
    }

    /// A declared path edge no file imports. Judged only where the code was read: a module with
    /// no `.py` file, a target that provides no import name, or a dev group while tests were not
    /// read says nothing.
    private func unusedFindings(_ module: Module, _ imports: ModuleImports, _ judge: ImportJudge) -> [Diagnostic] {
        let graph = judge.graph
        guard imports.filesRead > 0 else { return [] }
        var findings: [Diagnostic] = []
        let used = Set(imports.sites.map(\.target))
        var seen: Set<String> = []
        for edge in judge.outgoing[module.path] ?? [] where edge.declaredBy == .manifest {
            guard !used.contains(edge.to), modules[edge.to]?.provides.isEmpty == false,
                edge.group == "main" || edge.optional || tests, !seen.contains(edge.to),
                let target = graph.module(at: edge.to)
            else { continue }
            seen.insert(edge.to)
            findings.append(
                Diagnostic(
                    .unusedDependency, module: module.name, file: edge.file, line: edge.line,
                    "\(module.name) declares \(target.name) (group \(edge.group)) but none of its \(imports.filesRead) Python file\(imports.filesRead == 1 ? "" : "s") imports \(modules[edge.to]!.provides.map(\.name).joined(separator: ", ")); remove this line or import it"
                ))
        }
        return findings
    }

    /// The path from one module folder to another, as a path dependency writes it (`../lib-two`).
    static func relativePath(from: String, to: String) -> String {
        let a = from == "." ? [] : from.split(separator: "/"), b = to == "." ? [] : to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    private func cycleFindings(_ importGraph: DependencyGraph) -> [Diagnostic] {
        importGraph.cycles().map { cycle in
            let path = cycle.path
            let edge = importGraph.edges(from: path[0].path, to: path.count > 1 ? path[1].path : path[0].path).first
            var steps = path[0].name.rawValue
            for (a, b) in zip(path, path.dropFirst()) {
                let step = importGraph.edges(from: a.path, to: b.path).first
                steps += " -> \(b.name)" + (step.map { " (\($0.file):\($0.line))" } ?? "")
            }
            return Diagnostic(
                .importCycle, module: path[0].name, file: edge?.file ?? path[0].manifest, line: edge?.line ?? 0,
                "import cycle between modules: \(steps); each arrow a runtime import of package code")
        }
    }

    private func layeringFindings(_ edges: [PathEdge], _ graph: DependencyGraph, _ rules: [LayerRule]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for edge in edges {
            guard let from = graph.module(at: edge.from), let to = graph.module(at: edge.to) else { continue }
            guard let (rule, denied, origin) = LayerRule.denial(of: from, to: to, by: rules) else { continue }
            findings.append(
                Diagnostic(
                    .layeringViolation, module: from.name, file: edge.file, line: edge.line,
                    "\(from.name) (\(rule.from)) imports \(edge.declared) from \(to.name) (\(denied)); \(origin) denies \(rule.from) -> \(denied)"
                ))
        }
        return findings
    }
}

/// What judging imports against declarations needs, built once per graph: each module's edges,
/// and the graph of main-group, non-optional edges (what installing a module brings along).
struct ImportJudge {
    let graph: DependencyGraph
    let mainGraph: DependencyGraph
    /// By importing module's folder, in the graph's order.
    let outgoing: [String: [PathEdge]]

    init(_ graph: DependencyGraph) {
        self.graph = graph
        mainGraph = DependencyGraph(
            modules: graph.modules, edges: graph.edges.filter { $0.group == "main" && !$0.optional })
        outgoing = Dictionary(grouping: graph.edges, by: \.from)
    }
}
