/// One import statement's target, as a Python file writes it.
public struct PythonImport: Hashable, Sendable {
    /// The dotted module after `import` or `from` (`a.b`), without the leading dots of a relative import.
    public var module: String
    /// The names after `from … import` (`c` in `from a.b import c`); empty for `import a.b`.
    public var names: [String]
    /// The leading dots of a relative import (`from ..x import y`: 2); 0 for an absolute one.
    public var level: Int
    /// 1-based line of the statement's first token.
    public var line: Int
    /// Under `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`): never run, only read by type checkers.
    public var typingOnly: Bool
    /// Inside `try:` whose `except` catches ImportError or ModuleNotFoundError (or everything), or in that handler.
    public var optional: Bool

    public init(
        module: String, names: [String] = [], level: Int = 0, line: Int, typingOnly: Bool = false,
        optional: Bool = false
    ) {
        self.module = module
        self.names = names
        self.level = level
        self.line = line
        self.typingOnly = typingOnly
        self.optional = optional
    }
}

/// Reads the import statements of a Python source without running or compiling it: a small
/// tokenizer that skips comments and every string (docstrings, f-strings, triple quotes, byte
/// strings), joins lines inside brackets and after a backslash, and follows indentation far enough
/// to tell `if TYPE_CHECKING:` and `try/except ImportError` blocks. O(bytes).
public enum PythonImportReader {
    /// Every import in `source`, in the order written.
    public static func imports(in source: String) -> [PythonImport] {
        var bytes = Array(source.utf8)
        return bytes.withUnsafeMutableBufferPointer { imports(in: UnsafeBufferPointer($0)) }
    }

    /// Every import in the UTF-8 bytes of a source.
    public static func imports(in bytes: UnsafeBufferPointer<UInt8>) -> [PythonImport] {
        var reader = BlockTracker()
        for line in LogicalLines(bytes) { reader.take(line) }
        reader.closeAll()
        return reader.found
    }
}

/// A token of a logical line: a name, or one punctuation byte. Strings and numbers are `.other`.
enum PyToken: Equatable {
    case name(String)
    case punct(UInt8)
    case other
}

/// One logical line: its tokens, the column of its first token, and the physical line it starts on.
struct LogicalLine {
    var tokens: [PyToken]
    var indent: Int
    var line: Int
}

/// Splits a source into logical lines, skipping comments and strings. Statements whose first
/// token is no import or block keyword are tokenized only as far as brackets and strings need.
struct LogicalLines: Sequence, IteratorProtocol {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() -> LogicalLine? {
        while position < bytes.count {
            // Start of a physical line: measure the indent.
            var indent = 0
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0C
            {
                indent += bytes[position] == 0x09 ? 8 - indent % 8 : 1
                position += 1
            }
            guard position < bytes.count else { return nil }
            let first = bytes[position]
            if first == 0x0A || first == 0x0D || first == 0x23 {  // blank line or comment only
                skipToLineEnd()
                continue
            }
            let startLine = line
            var tokens: [PyToken] = []
            var depth = 0
            // A statement whose first token is no import or block keyword is skimmed: its
            // brackets, strings and line ends still count, its tokens are not kept (one `.other`
            // stands for it) until a `;` starts the next statement.
            var atStatementStart = true
            var skimming = false
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case 0x0A:
                    position += 1
                    line += 1
                    if depth == 0 { return LogicalLine(tokens: tokens, indent: indent, line: startLine) }
                case 0x0D:
                    position += 1
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                    line += 1
                    if depth == 0 { return LogicalLine(tokens: tokens, indent: indent, line: startLine) }
                case 0x20, 0x09, 0x0C:
                    position += 1
                case 0x23:
                    skipComment()
                case 0x5C:  // backslash: a continuation when a newline follows
                    position += 1
                    if position < bytes.count, bytes[position] == 0x0D { position += 1 }
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                    line += 1
                case 0x22, 0x27:
                    skipString(quote: byte)
                    keep(.other, &tokens, &atStatementStart, &skimming)
                case 0x28, 0x5B, 0x7B:
                    depth += 1
                    position += 1
                    keep(.punct(byte), &tokens, &atStatementStart, &skimming)
                case 0x29, 0x5D, 0x7D:
                    depth = Swift.max(0, depth - 1)
                    position += 1
                    keep(.punct(byte), &tokens, &atStatementStart, &skimming)
                case 0x3B where depth == 0:  // `;`: the next statement starts
                    position += 1
                    tokens.append(.punct(byte))
                    atStatementStart = true
                    skimming = false
                default:
                    if Self.startsName(byte) {
                        let start = position
                        while position < bytes.count, Self.continuesName(bytes[position]) { position += 1 }
                        // A string prefix (r, b, f, u, rb, …) directly before a quote belongs to the string.
                        if position < bytes.count, bytes[position] == 0x22 || bytes[position] == 0x27,
                            position - start <= 3, Self.isStringPrefix(bytes, start, position)
                        {
                            skipString(quote: bytes[position])
                            keep(.other, &tokens, &atStatementStart, &skimming)
                        } else if atStatementStart && !Self.isKeyword(bytes, start, position) {
                            keep(.other, &tokens, &atStatementStart, &skimming)
                        } else if !skimming {
                            atStatementStart = false
                            tokens.append(
                                .name(
                                    String(
                                        decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                                ))
                        }
                    } else if byte >= 0x30 && byte <= 0x39 {
                        while position < bytes.count, Self.continuesName(bytes[position]) || bytes[position] == 0x2E {
                            position += 1
                        }
                        keep(.other, &tokens, &atStatementStart, &skimming)
                    } else {
                        position += 1
                        keep(.punct(byte), &tokens, &atStatementStart, &skimming)
                    }
                }
            }
            return LogicalLine(tokens: tokens, indent: indent, line: startLine)
        }
        return nil
    }

    /// Keeps `token` unless its statement is skimmed; a statement's first token, unless a
    /// keyword name (kept by the caller), starts skimming it.
    private func keep(_ token: PyToken, _ tokens: inout [PyToken], _ atStart: inout Bool, _ skimming: inout Bool) {
        if atStart {
            atStart = false
            skimming = true
            tokens.append(.other)
        } else if !skimming {
            tokens.append(token)
        }
    }

    /// The names that start an import or a block whose header or one-line body may hold one.
    static let keywords: [[UInt8]] = [
        "import", "from", "if", "elif", "else", "try", "except", "finally", "for", "while", "with", "def", "class",
        "async", "match", "case",
    ].map { Array($0.utf8) }

    static func isKeyword(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length >= 2 && length <= 7 else { return false }
        return keywords.contains { keyword in
            keyword.count == length && keyword.indices.allSatisfy { bytes[start + $0] == keyword[$0] }
        }
    }

    private mutating func skipToLineEnd() {
        skipComment()
        if position < bytes.count, bytes[position] == 0x0D { position += 1 }
        if position < bytes.count, bytes[position] == 0x0A { position += 1 }
        line += 1
    }

    private mutating func skipComment() {
        while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
    }

    /// Skips a string starting at its opening quote; a triple-quoted one may span lines (counted).
    private mutating func skipString(quote: UInt8) {
        let triple =
            position + 2 < bytes.count && bytes[position + 1] == quote && bytes[position + 2] == quote
        position += triple ? 3 : 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x5C {  // an escape (raw strings too: a backslash never ends them)
                position += 1
                if position < bytes.count, bytes[position] == 0x0A { line += 1 }
                position += 1
                continue
            }
            if byte == 0x0A {
                line += 1
                if !triple { return }  // an unterminated string ends at its line, as Python's error does
            }
            if byte == quote {
                if !triple {
                    position += 1
                    return
                }
                if position + 2 < bytes.count, bytes[position + 1] == quote, bytes[position + 2] == quote {
                    position += 3
                    return
                }
            }
            position += 1
        }
    }

    static func startsName(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    static func continuesName(_ byte: UInt8) -> Bool { startsName(byte) || (byte >= 0x30 && byte <= 0x39) }

    static func isStringPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for index in start..<end {
            switch bytes[index] | 0x20 {
            case 0x72, 0x62, 0x66, 0x75, 0x74: continue  // r b f u t
            default: return false
            }
        }
        return true
    }
}

/// Follows the blocks that change what an import means and collects the imports.
struct BlockTracker {
    enum Kind {
        case typeChecking
        /// A `try:` body; `id` names its imports until its `except` clauses say whether they are optional.
        case tryBody(id: Int)
        case importErrorHandler
        case other
    }

    struct Block {
        var kind: Kind
        var indent: Int
    }

    var found: [PythonImport] = []
    private var stack: [Block] = []
    /// Per open or closed `try`, the indices into `found` of its body's imports.
    private var tryImports: [Int: [Int]] = [:]
    private var nextTry = 0
    /// The last `try` closed at each indent, waiting for its `except` clauses.
    private var pendingTry: [Int: Int] = [:]

    mutating func take(_ line: LogicalLine) {
        // Leave the blocks this line is not inside.
        while let last = stack.last, line.indent <= last.indent {
            if case .tryBody(let id) = last.kind { pendingTry[last.indent] = id }
            stack.removeLast()
        }
        pendingTry = pendingTry.filter { $0.key <= line.indent }
        statements(line.tokens[...], indent: line.indent, line: line.line)
    }

    mutating func closeAll() { stack.removeAll() }

    /// One logical line may hold several statements (`;`) and a compound header with its body after `:`.
    private mutating func statements(_ tokens: ArraySlice<PyToken>, indent: Int, line: Int) {
        var rest = tokens
        while !rest.isEmpty {
            let end = rest.firstIndex(of: .punct(0x3B)) ?? rest.endIndex
            let statement = rest[rest.startIndex..<end]
            rest = end < rest.endIndex ? rest[(end + 1)...] : []
            if case .name(let keyword) = statement.first, keyword == "except" {
            } else if !statement.isEmpty {
                pendingTry[indent] = nil
            }
            if let header = compoundHeader(statement, indent: indent) {
                let (kind, body) = header
                switch kind {
                case .tryBody:
                    let id = nextTry
                    nextTry += 1
                    stack.append(Block(kind: .tryBody(id: id), indent: indent))
                default:
                    stack.append(Block(kind: kind, indent: indent))
                }
                if !body.isEmpty {
                    // `if TYPE_CHECKING: import x` — the body runs inside the block just opened.
                    statements(body, indent: indent + 1, line: line)
                    if let last = stack.last, last.indent == indent {
                        if case .tryBody(let id) = last.kind { pendingTry[indent] = id }
                        stack.removeLast()
                    }
                }
                return
            }
            importStatement(statement, line: line)
        }
    }

    static let headers: Set<String> = [
        "if", "elif", "else", "try", "except", "finally", "for", "while", "with", "def", "class", "async", "match",
        "case",
    ]

    /// For `if …:`, `else:`, `try:`, `except …:` and other block headers: the block's kind and what follows its colon.
    private mutating func compoundHeader(_ tokens: ArraySlice<PyToken>, indent: Int) -> (Kind, ArraySlice<PyToken>)? {
        guard case .name(let keyword) = tokens.first, Self.headers.contains(keyword), let colon = topLevelColon(tokens)
        else { return nil }
        let head = tokens[tokens.startIndex..<colon]
        let body = tokens[(colon + 1)...]
        let names = head.compactMap { token -> String? in
            if case .name(let name) = token { return name }
            return nil
        }
        switch keyword {
        case "if":
            let typing =
                names.contains("TYPE_CHECKING") && !names.contains("not") && !head.contains(.punct(0x3D))
            return (typing ? .typeChecking : .other, body)
        case "try":
            return (.tryBody(id: -1), body)
        case "except":
            let catches =
                names.count == 1 || names.contains("ImportError") || names.contains("ModuleNotFoundError")
                || names.contains("Exception") || names.contains("BaseException")
            // The indent of this line is the try's: mark that try's imports optional.
            if catches, let id = pendingTry[indent] {
                for index in tryImports[id] ?? [] { found[index].optional = true }
            }
            return (catches ? .importErrorHandler : .other, body)
        default:
            return (.other, body)
        }
    }

    private func topLevelColon(_ tokens: ArraySlice<PyToken>) -> ArraySlice<PyToken>.Index? {
        var depth = 0
        for index in tokens.indices {
            switch tokens[index] {
            case .punct(0x28), .punct(0x5B), .punct(0x7B): depth += 1
            case .punct(0x29), .punct(0x5D), .punct(0x7D): depth -= 1
            case .punct(0x3A) where depth == 0:
                // `:=` is no block colon.
                if index + 1 < tokens.endIndex, tokens[index + 1] == .punct(0x3D) { continue }
                return index
            default: break
            }
        }
        return nil
    }

    private var typingOnly: Bool {
        stack.contains {
            if case .typeChecking = $0.kind { return true }
            return false
        }
    }

    private var optional: Bool {
        stack.contains {
            switch $0.kind {
            case .importErrorHandler: true
            default: false
            }
        }
    }

    private var openTries: [Int] {
        stack.compactMap {
            if case .tryBody(let id) = $0.kind { return id }
            return nil
        }
    }

    private mutating func importStatement(_ tokens: ArraySlice<PyToken>, line: Int) {
        guard case .name(let keyword) = tokens.first, keyword == "import" || keyword == "from" else { return }
        var index = tokens.startIndex + 1
        func dotted() -> String? {
            var parts: [String] = []
            while index < tokens.endIndex, case .name(let part) = tokens[index], part != "import" {
                parts.append(part)
                index += 1
                guard index < tokens.endIndex, tokens[index] == .punct(0x2E) else { break }
                index += 1
            }
            return parts.isEmpty ? nil : parts.joined(separator: ".")
        }
        func skipAlias() {
            if index < tokens.endIndex, tokens[index] == .name("as") { index += 2 }
        }
        var results: [PythonImport] = []
        if keyword == "import" {
            while index < tokens.endIndex {
                guard let module = dotted() else { return }
                results.append(PythonImport(module: module, line: line))
                skipAlias()
                guard index < tokens.endIndex, tokens[index] == .punct(0x2C) else { break }
                index += 1
            }
        } else {
            var level = 0
            while index < tokens.endIndex, tokens[index] == .punct(0x2E) {
                level += 1
                index += 1
            }
            let module = dotted() ?? ""
            guard index < tokens.endIndex, tokens[index] == .name("import"), level > 0 || !module.isEmpty else {
                return
            }
            index += 1
            if module == "__future__" { return }
            var names: [String] = []
            while index < tokens.endIndex {
                switch tokens[index] {
                case .name("as"): index += 2
                case .name(let name):
                    names.append(name)
                    index += 1
                case .punct(0x2A):
                    names.append("*")
                    index += 1
                default: index += 1
                }
            }
            results.append(PythonImport(module: module, names: names, level: level, line: line))
        }
        let typing = typingOnly, optional = optional, tries = openTries
        for var result in results {
            result.typingOnly = typing
            result.optional = optional
            for id in tries { tryImports[id, default: []].append(found.count) }
            found.append(result)
        }
    }
}
