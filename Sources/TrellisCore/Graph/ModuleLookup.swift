/// Finds a module from what a person typed: any spelling of its name (`lib_one`, `Lib-One`)
/// or its folder (`libs/lib-one`, `./libs/lib-one/`).
public struct ModuleLookup: Sendable {
    public let modules: [Module]

    public init(modules: [Module]) {
        self.modules = modules
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknown(String, suggestions: [ModuleName])
        case ambiguous(String, paths: [String])

        public var description: String {
            switch self {
            case .unknown(let query, let suggestions):
                let hint =
                    suggestions.isEmpty
                    ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
                return "no module named '\(query)'\(hint)"
            case .ambiguous(let query, let paths):
                return "'\(query)' names several modules (\(paths.joined(separator: ", "))); name one by its folder"
            }
        }
    }

    /// The module the query names, or a failure that suggests the closest names.
    public func find(_ query: String) throws(Failure) -> Module {
        let folder = Self.folder(query)
        if let byPath = modules.first(where: { $0.path == folder }) { return byPath }
        let name = ModuleName(query)
        let named = modules.filter { $0.name == name }
        if named.count > 1 { throw .ambiguous(query, paths: named.map(\.path).sorted()) }
        if let module = named.first { return module }
        throw .unknown(query, suggestions: suggestions(for: name))
    }

    /// The folder a query would name: without a leading `./` or a trailing `/`.
    public static func folder(_ query: String) -> String {
        var folder = query
        while folder.hasPrefix("./") { folder.removeFirst(2) }
        while folder.hasSuffix("/") && folder.count > 1 { folder.removeLast() }
        return folder
    }

    /// Up to three names within a small edit distance, closest first, or containing the query.
    public func suggestions(for name: ModuleName, limit: Int = 3) -> [ModuleName] {
        let query = Array(name.rawValue.utf8)
        let threshold = max(2, query.count / 3)
        let scored = Set(modules.map(\.name)).compactMap { candidate -> (Int, ModuleName)? in
            let distance = Self.editDistance(query, Array(candidate.rawValue.utf8))
            if distance <= threshold { return (distance, candidate) }
            if !query.isEmpty && candidate.rawValue.contains(name.rawValue) { return (threshold + 1, candidate) }
            return nil
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.1)
    }

    /// Levenshtein distance, O(|a| × |b|) time and O(|b|) memory.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
