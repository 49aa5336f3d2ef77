extension PathEdge {
    /// The version specifier the declaration puts on this path dependency (`">=2"` for
    /// `"lib-one>=2"` with a `[tool.uv.sources]` path, or Poetry's `version = "…"` key), read back
    /// from `declared`: the registry keeps the declaration's text, so no schema change is needed
    /// and time travel sees the specifier of its own time. Empty when there is none; nil when the
    /// text is neither a PEP 508 string nor a TOML `key = {…}` entry.
    public var declaredSpecifier: String? {
        // A lock file pins the folder it installs; its edge declares no specifier.
        if declaredBy == .lock { return nil }
        var head = Substring(declared)
        // The parser appends where the path came from: "… with [tool.uv.sources] …".
        if let with = head.range(of: " with [tool.") { head = head[..<with.lowerBound] }
        let text = String(head).trimmed()
        if text.isEmpty { return nil }
        if let document = try? TOMLParser.parse(text), document.count == 1, let value = document.entries.first?.value {
            if let table = value.table { return table["version"]?.string ?? "" }
            return nil
        }
        guard let parsed = PEP508Requirement(text) else { return nil }
        // A direct reference (`x @ file:///…`) carries no version specifier.
        return parsed.url == nil ? parsed.specifier : ""
    }
}
