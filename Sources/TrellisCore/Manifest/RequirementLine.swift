import Foundation

/// One requirement as pip-style lists write it: requirements files, PDM dev groups, PEP 735
/// groups holding PDM's forms, Hatch environments. Besides PEP 508 (`x>=1`, `x @ file:…`) it
/// accepts pip's local forms: `-e ../x`, `--editable=../x`, `../x`, `/abs/x`, `file:../x`,
/// `-e file:///${PROJECT_ROOT}/../x#egg=x`, and Hatch's `x @ {root:uri}/../x`.
enum RequirementLine {
    /// The dependency `text` declares, or nil when it is neither a local reference nor PEP 508.
    static func dependency(
        _ text: String, group: String, optional: Bool = false, line: Int, file: String? = nil
    ) -> DeclaredDependency? {
        var rest = Substring(text).trimmingWhitespace()
        var editable = false
        for flag in ["--editable=", "--editable ", "-e ", "-e"] where rest.hasPrefix(flag) {
            editable = true
            rest = rest.dropFirst(flag.count).trimmingWhitespace()
            break
        }
        // pip options after a requirement (`--hash=…`, `--config-settings …`) are not part of it.
        if let option = rest.firstByteRange(of: " --") { rest = rest[..<option.lowerBound].trimmingWhitespace() }
        guard !rest.isEmpty else { return nil }
        let isVCS = ["git+", "hg+", "svn+", "bzr+"].contains { rest.hasPrefix($0) }
        // pip's `-e` takes a folder or a VCS URL, never a bare name: `-e mylib` is the folder mylib.
        if isLocal(rest) || (editable && !isVCS && !rest.contains("://")) {
            return local(
                String(rest), editable: editable, group: group, optional: optional, declared: text, line: line,
                file: file)
        }
        if editable || isVCS {
            // `-e git+https://…#egg=x`: a remote source; the name comes from the fragment.
            let (location, egg) = splitEgg(String(rest))
            let name = egg ?? lastComponent(location).replacingOccurrences(of: ".git", with: "")
            guard !name.isEmpty else { return nil }
            return DeclaredDependency(
                name: ModuleName(name), target: .remote(url: location), group: group, editable: true,
                optional: optional, declared: text, line: line, file: file)
        }
        guard let requirement = PEP508Requirement(String(rest)) else { return nil }
        var dependency = DeclaredDependency(
            name: ModuleName(requirement.name), target: .index(specifier: requirement.specifier), group: group,
            editable: editable, optional: optional, markers: requirement.markers, declared: text, line: line, file: file
        )
        if let url = requirement.url {
            dependency.target = isFileURL(url) ? .fileURL(url) : .remote(url: url)
        }
        return dependency
    }

    /// True for a URL that names a local folder: `file:` or a Hatch `{root…}` placeholder.
    static func isFileURL(_ url: String) -> Bool {
        url.hasPrefix("file:") || url.hasPrefix("{root")
    }

    /// No PEP 508 name starts with `.`, `/` or `~`, so such an entry is a path (`.`, `.[dev]`, `../x`).
    private static func isLocal(_ text: Substring) -> Bool {
        text.first == "." || text.first == "/" || text.first == "~" || isFileURL(String(text))
    }

    /// `../x[extra] ; markers` or `file:../x#egg=x`: the name is the egg, else the folder's name.
    private static func local(
        _ text: String, editable: Bool, group: String, optional: Bool, declared: String, line: Int, file: String?
    ) -> DeclaredDependency {
        var location = text
        var markers: String?
        let whole = Substring(location)
        if let semi = whole.firstByteRange(of: " ;") ?? whole.firstByteRange(of: ";") {
            markers = whole[semi.upperBound...].trimmed()
            location = whole[..<semi.lowerBound].trimmed()
        }
        let (withoutEgg, egg) = splitEgg(location)
        location = withoutEgg
        if location.hasSuffix("]"), let open = location.lastIndex(of: "[") { location = String(location[..<open]) }
        let target: DeclaredDependency.Target = isFileURL(location) ? .fileURL(location) : .path(location)
        let name = egg ?? lastComponent(location)
        return DeclaredDependency(
            name: ModuleName(name), target: target, group: group, editable: editable, optional: optional,
            markers: markers, declared: declared, line: line, file: file)
    }

    private static func splitEgg(_ text: String) -> (String, String?) {
        guard let hash = text.firstIndex(of: "#") else { return (text, nil) }
        let fragment = text[text.index(after: hash)...]
        var egg: String?
        for part in fragment.split(separator: "&") where part.hasPrefix("egg=") {
            egg = String(part.dropFirst(4))
        }
        return (String(text[..<hash]), egg)
    }

    private static func lastComponent(_ text: String) -> String {
        RelativePath.components(text).last { $0 != "." && $0 != ".." }.map(String.init) ?? ""
    }
}
