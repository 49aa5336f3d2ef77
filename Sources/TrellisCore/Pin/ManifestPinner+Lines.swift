import Foundation

/// The line rewrites of `ManifestPinner`: a Poetry entry, a PEP 508 string inside a TOML line,
/// and a requirements-file line. Each returns nil when the line holds no such declaration of
/// `name`, so the caller can say so with the file and line.
extension ManifestPinner {
    /// `name = {path = "…", develop = true, extras = ["x"]}` → `name = {version = "…", extras = ["x"]}`,
    /// or `name = "…"` when only `path`, `develop` and `version` were there. The rest of the line
    /// (spacing, a comment) is kept.
    static func rewritePoetryEntry(_ line: String, name: ModuleName, specifier: String) -> String? {
        let bytes = Array(line.utf8)
        guard let (key, cursor, end) = inlineTableEntry(bytes), ModuleName(key) == name else { return nil }
        let valueText = String(decoding: bytes[cursor..<end], as: UTF8.self)
        guard let entry = (try? TOMLParser.parse("v = \(valueText)\n"))?["v"]?.table, entry["path"] != nil else {
            return nil
        }
        var kept: [String] = []
        for (key, value) in entry.entries where !["path", "develop", "version"].contains(key) {
            guard let text = TOMLLine.write(value) else { return nil }
            kept.append("\(TOMLLine.key(key)) = \(text)")
        }
        let version = TOMLLine.quote(specifier)
        let value = kept.isEmpty ? version : "{version = \(version), \(kept.joined(separator: ", "))}"
        return String(decoding: bytes[..<cursor], as: UTF8.self) + value
            + String(decoding: bytes[end...], as: UTF8.self)
    }

    /// The key a `key = {…}` line starts with, when the line is one whole such entry.
    static func entryKey(_ line: String) -> String? { inlineTableEntry(Array(line.utf8))?.key }

    /// A `key = {…}` line: its key, and where its inline table starts and ends (the byte after
    /// `}`); nil for any other line or a table that does not close on it.
    private static func inlineTableEntry(_ bytes: [UInt8]) -> (key: String, start: Int, end: Int)? {
        var index = 0
        while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
        guard let (key, afterKey) = TOMLLine.key(bytes, from: index) else { return nil }
        var cursor = afterKey
        while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "{"), let end = TOMLLine.valueEnd(bytes, from: cursor)
        else { return nil }
        return (key, cursor, end)
    }

    /// The TOML string on `line` that is a PEP 508 requirement on `name` (`"lib-one @ file:///…"`,
    /// `"lib-one[x] ; python_version < '3.12'"`, uv's plain `"lib-one"`), its URL replaced by
    /// `specifier`, its extras and markers kept; or PDM's `"-e file:///…#egg=lib-one"`.
    static func rewriteRequirementString(_ line: String, name: ModuleName, specifier: String) -> String? {
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#") { return nil }
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"),
                let (content, end) = TOMLLine.string(bytes, from: index)
            else {
                index += 1
                continue
            }
            // PDM's editable form, `-e file:///${PROJECT_ROOT}/../x#egg=x`, names its package in `egg=`.
            if content.hasPrefix("-e "), let egg = content.range(of: "#egg="),
                ModuleName(content[egg.upperBound...].prefix { $0 != "&" && $0 != " " }) == name
            {
                return String(decoding: bytes[..<index], as: UTF8.self) + TOMLLine.quote(name.rawValue + specifier)
                    + String(decoding: bytes[end...], as: UTF8.self)
            }
            if let requirement = PEP508Requirement(content), ModuleName(requirement.name) == name {
                var text = requirement.name
                if !requirement.extras.isEmpty { text += "[\(requirement.extras.joined(separator: ","))]" }
                text += specifier
                if let markers = requirement.markers { text += "; \(markers)" }
                let quoted = byte == UInt8(ascii: "'") && !text.contains("'") ? "'\(text)'" : TOMLLine.quote(text)
                return String(decoding: bytes[..<index], as: UTF8.self) + quoted
                    + String(decoding: bytes[end...], as: UTF8.self)
            }
            index = end
        }
        return nil
    }

    /// A requirements line (`-e ../lib-one`, `./libs/lib-one[x] ; markers`, `lib-one @ file:…`)
    /// as `lib-one<specifier>`, extras and markers kept, its comment and line break too.
    static func rewriteRequirementsLine(_ line: String, name: ModuleName, specifier: String) -> String? {
        var body = Substring(line)
        var ending = ""
        while let last = body.last, last == "\n" || last == "\r\n" || last == "\r" {
            ending = String(last) + ending
            body = body.dropLast()
        }
        var comment = ""
        if let hash = body.range(of: " #") {
            // The comment with the spacing before it.
            var start = hash.lowerBound
            while start > body.startIndex, body[body.index(before: start)].isWhitespace {
                start = body.index(before: start)
            }
            comment = String(body[start...])
            body = body[..<start]
        }
        var markers: String?
        if let semicolon = body.firstIndex(of: ";") {
            markers = body[body.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
            body = body[..<semicolon]
        }
        var target = body.trimmingCharacters(in: .whitespaces)
        for flag in ["-e ", "--editable ", "--editable="] where target.hasPrefix(flag) {
            target = String(target.dropFirst(flag.count)).trimmingCharacters(in: .whitespaces)
        }
        var extras = ""
        if let requirement = PEP508Requirement(target), requirement.url != nil {
            guard ModuleName(requirement.name) == name else { return nil }
            if !requirement.extras.isEmpty { extras = "[\(requirement.extras.joined(separator: ","))]" }
            markers = markers ?? requirement.markers
        } else if target.hasSuffix("]"), let open = target.lastIndex(of: "[") {
            extras = String(target[open...])
        }
        let text = name.rawValue + extras + specifier + (markers.map { "; \($0)" } ?? "")
        return text + comment + ending
    }
}
