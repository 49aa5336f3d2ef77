import TrellisCore

/// The part of the graph a renderer draws: nodes and edges, sorted, nothing else.
struct GraphSlice {
    var modules: [Module]
    var edges: [PathEdge]

    init(modules: [Module], edges: [PathEdge]) {
        self.modules = modules.sorted { ($0.name, $0.path) < ($1.name, $1.path) }
        let names = Set(modules.map(\.name))
        self.edges = edges.filter { names.contains($0.from) && names.contains($0.to) }
            .sorted { ($0.from, $0.to, $0.group) < ($1.from, $1.to, $1.group) }
    }
}
