/// Parses TOML 1.0 documents into `TOMLTable`s that keep document order and source lines.
///
/// Inline tables may also span lines, contain comments and end with a trailing comma, as
/// TOML 1.1 allows; everything else follows TOML 1.0 (the behaviour of Python's `tomllib`).
public enum TOMLParser {
    /// Parses a whole document. Throws the first TOMLError.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var source = text  // withUTF8 is mutating because it may make the storage contiguous
        let result: Result<TOMLTable, TOMLError> = source.withUTF8 { bytes in
            var parser = DocumentParser(bytes)
            do throws(TOMLError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Tables under construction.
///
/// TOML lets a document reopen a table long after it was created (`[a.b]` after `[a.c]`, or
/// `[[a]]` appending to the last element of an array). Nested value-type tables would make
/// every such reopening copy the path down to it, so tables live in a flat arena and refer to
/// each other by index until the document is finished.
private struct TableNode {
    enum Slot {
        /// A finished value, including inline tables and static arrays, which TOML freezes.
        case value(TOMLValue)
        /// A table that headers or dotted keys may still extend.
        case table(Int)
        /// An array of tables (`[[a]]`) with the line of its first header.
        case tableArray([Int], line: Int)
    }

    var index = TOMLKeyIndex()
    var slots: [Slot] = []
    var line: Int
    /// Defined by its own `[header]` or as an `[[array]]` element: no other header may define
    /// it again, and dotted keys from elsewhere may not add to it.
    var isExplicit = false
    /// The section whose dotted keys created or extended the table, or -1. Such a table is
    /// closed to headers, and to dotted keys from any other section.
    var dottedSection = -1
    /// Tables above this one (the document's root: 0; an inline table: its value nesting), so
    /// that no path of tables goes deeper than `DocumentParser.maxDepth`.
    var depth = 0

    init(line: Int) { self.line = line }

    mutating func insert(_ key: String, _ slot: Slot) {
        index.append(key)
        slots.append(slot)
    }
}

/// The structural parser: headers, key/value pairs, arrays and inline tables.
private struct DocumentParser {
    var scanner: TOMLScanner
    var nodes: [TableNode] = []
    /// Identifies the current `[header]` section or inline table for the dotted-key rules.
    var sectionCounter = 0

    /// Deep enough for any real manifest, shallow enough that hostile input cannot overflow the
    /// stack of a test or worker thread.
    static let maxDepth = 128

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        scanner = TOMLScanner(bytes)
        nodes.reserveCapacity(32)
        nodes.append(TableNode(line: 1))
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        var current = 0
        var currentSection = 0
        var currentPath: [String] = []
        while true {
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            switch scanner.peek() {
            case TOMLByte.lf, TOMLByte.cr:
                guard scanner.consumeNewline() else { throw scanner.loneCarriageReturn(at: scanner.pos) }
                continue
            case TOMLByte.hash:
                try scanner.skipComment()
                continue
            case TOMLByte.leftBracket:
                sectionCounter += 1
                currentSection = sectionCounter
                (current, currentPath) = try parseHeader()
                try scanner.expectLineEnd(after: "table header")
            default:
                try parseKeyValue(into: current, section: currentSection, path: currentPath, depth: 0)
                try scanner.expectLineEnd(after: "value")
            }
        }
        return materialize(0)
    }

    // MARK: Headers

    /// Parses `[a.b]` or `[[a.b]]` and returns the table that following keys go into.
    mutating func parseHeader() throws(TOMLError) -> (Int, [String]) {
        let isArray = scanner.peek(1) == TOMLByte.leftBracket
        let line = scanner.line
        scanner.pos += isArray ? 2 : 1
        scanner.skipWhitespace()
        try scanner.scanKey()
        let path = scanner.keyParts
        let starts = scanner.keyStarts
        if isArray {
            guard scanner.peek() == TOMLByte.rightBracket, scanner.peek(1) == TOMLByte.rightBracket else {
                throw scanner.error("expected ']]' to close the array-of-tables header", at: scanner.pos)
            }
            scanner.pos += 2
        } else {
            guard scanner.peek() == TOMLByte.rightBracket else {
                throw scanner.error("expected ']' to close the table header", at: scanner.pos)
            }
            scanner.pos += 1
        }

        var node = 0
        for part in 0..<(path.count - 1) {
            node = try descendForHeader(node, path: path, part: part, start: starts[part], line: line)
        }
        let last = path.count - 1
        let key = path[last]
        guard let position = nodes[node].index.position(of: key) else {
            let created = try newChild(of: node, line: line, at: starts[last])
            nodes[created].isExplicit = true
            nodes[node].insert(key, isArray ? .tableArray([created], line: line) : .table(created))
            return (created, path)
        }
        switch nodes[node].slots[position] {
        case .table(let existing):
            guard !isArray else {
                throw scanner.error(
                    "'\(displayName(path))' is already defined as a table, not an array of tables", at: starts[last])
            }
            guard !nodes[existing].isExplicit, nodes[existing].dottedSection < 0 else {
                throw scanner.error("table '\(displayName(path))' is already defined", at: starts[last])
            }
            nodes[existing].isExplicit = true
            nodes[existing].line = line  // a header is where a reader looks for the table
            return (existing, path)
        case .tableArray(var elements, let firstLine):
            guard isArray else {
                throw scanner.error("'\(displayName(path))' is already defined as an array of tables", at: starts[last])
            }
            let created = try newChild(of: node, line: line, at: starts[last])
            nodes[created].isExplicit = true
            // Release the slot's reference first so the append does not copy the array.
            nodes[node].slots[position] = .tableArray([], line: firstLine)
            elements.append(created)
            nodes[node].slots[position] = .tableArray(elements, line: firstLine)
            return (created, path)
        case .value(let value):
            throw scanner.error(conflictMessage(value, name: displayName(path)), at: starts[last])
        }
    }

    /// Steps into `path[part]` on the way to a header's table, creating it implicitly if needed.
    mutating func descendForHeader(_ node: Int, path: [String], part: Int, start: Int, line: Int) throws(TOMLError)
        -> Int
    {
        let key = path[part]
        guard let position = nodes[node].index.position(of: key) else {
            let created = try newChild(of: node, line: line, at: start)
            nodes[node].insert(key, .table(created))
            return created
        }
        switch nodes[node].slots[position] {
        case .table(let existing):
            return existing
        case .tableArray(let elements, _):
            // `[a.b]` after `[[a]]` continues the most recent element of `a`. Arrays of tables
            // are created with one element, so `last` always exists.
            guard let lastElement = elements.last else {
                throw scanner.error("array of tables '\(displayName(path[0...part]))' has no element", at: start)
            }
            return lastElement
        case .value(let value):
            throw scanner.error(conflictMessage(value, name: displayName(path[0...part])), at: start)
        }
    }

    // MARK: Key/value pairs

    /// Parses `key = value` into `table`; `path` is the table's own path, for messages.
    mutating func parseKeyValue(into table: Int, section: Int, path: [String], depth: Int) throws(TOMLError) {
        let line = scanner.line
        try scanner.scanKey()
        let parts = scanner.keyParts.count
        var node = table
        for part in 0..<(parts - 1) {
            node = try descendForDottedKey(node, section: section, path: path, part: part, line: line)
        }
        let key = scanner.keyParts[parts - 1]
        if nodes[node].index.position(of: key) != nil {
            let name = displayName(path + scanner.keyParts)
            throw scanner.error("duplicate key '\(name)'", at: scanner.keyStarts[parts - 1])
        }
        guard scanner.peek() == TOMLByte.equals else {
            throw scanner.error("expected '=' after key", at: scanner.pos)
        }
        scanner.pos += 1
        scanner.skipWhitespace()
        let value = try parseValue(depth: depth)
        nodes[node].insert(key, .value(value))
    }

    /// Steps into `keyParts[part]` of a dotted key, creating the table if needed.
    mutating func descendForDottedKey(_ node: Int, section: Int, path: [String], part: Int, line: Int) throws(TOMLError)
        -> Int
    {
        let key = scanner.keyParts[part]
        guard let position = nodes[node].index.position(of: key) else {
            let created = try newChild(of: node, line: line, at: scanner.keyStarts[part])
            nodes[created].dottedSection = section
            nodes[node].insert(key, .table(created))
            return created
        }
        // Built only on error: a String per dotted key would be measurable across a scan.
        var name: String { displayName(path + scanner.keyParts[0...part]) }
        let start = scanner.keyStarts[part]
        switch nodes[node].slots[position] {
        case .table(let existing):
            let target = nodes[existing]
            guard !target.isExplicit, target.dottedSection < 0 || target.dottedSection == section else {
                throw scanner.error("table '\(name)' is already defined", at: start)
            }
            nodes[existing].dottedSection = section
            return existing
        case .tableArray:
            throw scanner.error("cannot extend array of tables '\(name)' with a dotted key", at: start)
        case .value(let value):
            throw scanner.error(conflictMessage(value, name: name), at: start)
        }
    }

    /// Why a path cannot go through a finished value.
    func conflictMessage(_ value: TOMLValue, name: String) -> String {
        switch value.kind {
        case .table: return "cannot extend inline table '\(name)'"
        case .array: return "cannot extend static array '\(name)'"
        default: return "key '\(name)' already has a value that is not a table"
        }
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        let line = scanner.line
        let byte = scanner.peek()
        switch byte {
        case TOMLByte.quote:
            if scanner.peek(1) == TOMLByte.quote, scanner.peek(2) == TOMLByte.quote {
                return TOMLValue(.string(try scanner.scanMultilineBasicString()), line: line)
            }
            return TOMLValue(.string(try scanner.scanBasicString()), line: line)
        case TOMLByte.apostrophe:
            if scanner.peek(1) == TOMLByte.apostrophe, scanner.peek(2) == TOMLByte.apostrophe {
                return TOMLValue(.string(try scanner.scanMultilineLiteralString()), line: line)
            }
            return TOMLValue(.string(try scanner.scanLiteralString()), line: line)
        case 0x74, 0x66:  // t, f
            return TOMLValue(.boolean(try scanner.scanBoolean()), line: line)
        case TOMLByte.leftBracket:
            return try parseArray(depth: depth + 1)
        case TOMLByte.leftBrace:
            return try parseInlineTable(depth: depth + 1)
        case TOMLByte.zero...TOMLByte.nine, TOMLByte.plus, TOMLByte.minus, 0x69, 0x6E:  // digits, signs, inf, nan
            return TOMLValue(try scanner.scanNumberOrDateTime(), line: line)
        default:
            if scanner.atEnd || byte == TOMLByte.lf || byte == TOMLByte.cr || byte == TOMLByte.hash {
                throw scanner.error("expected a value", at: scanner.pos)
            }
            throw scanner.invalidValue(at: scanner.pos)
        }
    }

    mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = scanner.pos
        let line = scanner.line
        guard depth <= Self.maxDepth else {
            throw scanner.error("arrays and inline tables nested too deeply", at: open)
        }
        scanner.pos += 1
        var elements: [TOMLValue] = []
        while true {
            try scanner.skipTrivia()
            guard !scanner.atEnd else { throw scanner.error("unterminated array", at: open) }
            if scanner.peek() == TOMLByte.rightBracket {
                scanner.pos += 1
                break
            }
            elements.append(try parseValue(depth: depth))
            try scanner.skipTrivia()
            guard !scanner.atEnd else { throw scanner.error("unterminated array", at: open) }
            let byte = scanner.peek()
            scanner.pos += 1
            if byte == TOMLByte.comma { continue }
            if byte == TOMLByte.rightBracket { break }
            throw scanner.error("expected ',' or ']' after array element", at: scanner.pos - 1)
        }
        return TOMLValue(.array(elements), line: line)
    }

    /// Inline tables are frozen once closed, so they are built in the arena like any table and
    /// turned into a finished value at `}`; their nodes are then dropped, which keeps the arena
    /// as small as the document's standard tables.
    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = scanner.pos
        let line = scanner.line
        guard depth <= Self.maxDepth else {
            throw scanner.error("arrays and inline tables nested too deeply", at: open)
        }
        scanner.pos += 1
        let base = nodes.count
        let table = newNode(line: line)
        nodes[table].depth = depth
        sectionCounter += 1
        let section = sectionCounter
        try scanner.skipTrivia()
        if scanner.peek() == TOMLByte.rightBrace {
            scanner.pos += 1
        } else {
            while true {
                guard !scanner.atEnd else { throw scanner.error("unterminated inline table", at: open) }
                try parseKeyValue(into: table, section: section, path: [], depth: depth)
                try scanner.skipTrivia()
                guard !scanner.atEnd else { throw scanner.error("unterminated inline table", at: open) }
                let byte = scanner.peek()
                scanner.pos += 1
                if byte == TOMLByte.rightBrace { break }
                guard byte == TOMLByte.comma else {
                    throw scanner.error("expected ',' or '}' after inline table entry", at: scanner.pos - 1)
                }
                try scanner.skipTrivia()
                if scanner.peek() == TOMLByte.rightBrace {  // trailing comma, allowed by TOML 1.1
                    scanner.pos += 1
                    break
                }
            }
        }
        let value = TOMLValue(.table(materialize(table)), line: line)
        nodes.removeSubrange(base...)
        return value
    }

    // MARK: Arena

    mutating func newNode(line: Int) -> Int {
        nodes.append(TableNode(line: line))
        return nodes.count - 1
    }

    /// A table one level below `parent`. A header or dotted key of thousands of parts
    /// (`[a.a.a…]`) would otherwise make `materialize` recurse until the stack overflows.
    mutating func newChild(of parent: Int, line: Int, at start: Int) throws(TOMLError) -> Int {
        let depth = nodes[parent].depth + 1
        guard depth <= Self.maxDepth else { throw scanner.error("tables nested too deeply", at: start) }
        let created = newNode(line: line)
        nodes[created].depth = depth
        return created
    }

    /// Turns an arena table and everything under it into value types.
    func materialize(_ node: Int) -> TOMLTable {
        let source = nodes[node]
        var values: [TOMLValue] = []
        values.reserveCapacity(source.slots.count)
        for slot in source.slots {
            switch slot {
            case .value(let value):
                values.append(value)
            case .table(let child):
                values.append(TOMLValue(.table(materialize(child)), line: nodes[child].line))
            case .tableArray(let elements, let line):
                let tables = elements.map { TOMLValue(.table(materialize($0)), line: nodes[$0].line) }
                values.append(TOMLValue(.array(tables), line: line))
            }
        }
        return TOMLTable(index: source.index, values: values, line: source.line)
    }
}

/// A key path as a reader would write it: bare parts as they are, others quoted.
private func displayName<Parts: Sequence<String>>(_ parts: Parts) -> String {
    var name = ""
    for part in parts {
        if !name.isEmpty { name += "." }
        if !part.isEmpty, part.utf8.allSatisfy(TOMLByte.isBareKey) {
            name += part
        } else {
            name += "\"" + part.replacingOccurrencesOfQuote() + "\""
        }
    }
    return name
}

extension String {
    /// Escapes `"` and `\` without Foundation, for quoted key names in messages.
    fileprivate func replacingOccurrencesOfQuote() -> String {
        var escaped = ""
        for scalar in unicodeScalars {
            if scalar == "\"" || scalar == "\\" { escaped.unicodeScalars.append("\\") }
            escaped.unicodeScalars.append(scalar)
        }
        return escaped
    }
}
