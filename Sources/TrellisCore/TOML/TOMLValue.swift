/// A TOML value with the 1-based line where it starts in the source.
///
/// For strings the line is the one holding the opening quote, for arrays and inline tables the
/// one holding `[` or `{`, and for tables defined by headers the line of the header.
public struct TOMLValue: Sendable, Equatable {
    /// The kinds of value TOML can express.
    public enum Kind: Sendable, Equatable {
        /// A string of any of the four TOML string forms, with escapes already resolved.
        case string(String)
        /// A 64-bit signed integer (TOML requires exactly this range).
        case integer(Int64)
        /// A binary64 float, including `inf` and `nan`.
        case float(Double)
        /// `true` or `false`.
        case boolean(Bool)
        /// An offset or local date-time, a local date or a local time, kept as its source text.
        ///
        /// Trellis only ever reports these values, so converting them to `Date` would be wasted work.
        case datetime(String)
        /// An array, either a static one (`[1, 2]`) or an array of tables (`[[a]]`).
        case array([TOMLValue])
        /// A table: a standard table, an inline table or an element of an array of tables.
        case table(TOMLTable)

        /// Structural equality where two NaN floats count as equal, so that a parsed document
        /// always equals itself.
        public static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case let (.string(a), .string(b)): return a == b
            case let (.integer(a), .integer(b)): return a == b
            case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
            case let (.boolean(a), .boolean(b)): return a == b
            case let (.datetime(a), .datetime(b)): return a == b
            case let (.array(a), .array(b)): return a == b
            case let (.table(a), .table(b)): return a == b
            default: return false
            }
        }
    }

    /// What the value is.
    public var kind: Kind
    /// The 1-based source line where the value starts.
    public var line: Int

    /// Creates a value of the given kind located at `line`.
    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The string, or nil when the value is not a string.
    public var string: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    /// The boolean, or nil when the value is not a boolean.
    public var bool: Bool? {
        if case .boolean(let value) = kind { return value }
        return nil
    }

    /// The integer, or nil when the value is not an integer.
    public var integer: Int64? {
        if case .integer(let value) = kind { return value }
        return nil
    }

    /// The float, or nil when the value is not a float (integers are not converted).
    public var float: Double? {
        if case .float(let value) = kind { return value }
        return nil
    }

    /// The source text of a date-time, date or time, or nil for other kinds.
    public var datetime: String? {
        if case .datetime(let value) = kind { return value }
        return nil
    }

    /// The elements, or nil when the value is not an array.
    public var array: [TOMLValue]? {
        if case .array(let value) = kind { return value }
        return nil
    }

    /// The table, or nil when the value is not a table.
    public var table: TOMLTable? {
        if case .table(let value) = kind { return value }
        return nil
    }
}

/// A TOML table: keys in document order, lookup by key in O(1) average.
///
/// Equality compares the keys, in order, and their values (values carry their lines); it ignores
/// the table's own `line`, because where a nested table starts is already part of the
/// `TOMLValue` that holds it.
public struct TOMLTable: Sendable, Equatable {
    var index: TOMLKeyIndex
    var values: [TOMLValue]

    /// The line of the table header `[a.b]`, or of the first key that created the table
    /// (implicitly or through a dotted key), or of `{` for inline tables; 1 for the root.
    public private(set) var line: Int

    /// An empty table located at `line`.
    public init(line: Int = 1) {
        self.index = TOMLKeyIndex()
        self.values = []
        self.line = line
    }

    /// A table holding `entries` in the given order. A repeated key keeps its first position
    /// and takes its last value, like assigning into a dictionary.
    public init(_ entries: [(key: String, value: TOMLValue)], line: Int = 1) {
        self.init(line: line)
        for (key, value) in entries {
            if let position = index.position(of: key) {
                values[position] = value
            } else {
                index.append(key)
                values.append(value)
            }
        }
    }

    init(index: TOMLKeyIndex, values: [TOMLValue], line: Int) {
        self.index = index
        self.values = values
        self.line = line
    }

    /// The keys in document order.
    public var keys: [String] { index.keys }

    /// The number of entries.
    public var count: Int { values.count }

    /// True when the table has no entries.
    public var isEmpty: Bool { values.isEmpty }

    /// The entries in document order.
    public var entries: [(key: String, value: TOMLValue)] {
        zip(index.keys, values).map { (key: $0, value: $1) }
    }

    /// The value stored under `key` (a single key, not a dotted path), or nil.
    public subscript(key: String) -> TOMLValue? {
        guard let position = index.position(of: key) else { return nil }
        return values[position]
    }

    /// Walks dotted path components: `table["tool", "poetry", "dependencies"]`.
    ///
    /// Returns nil when a component is missing or an intermediate value is not a table (arrays of
    /// tables are not entered, since which element to pick is the caller's decision), and for an
    /// empty path.
    public subscript(path: String...) -> TOMLValue? {
        value(at: path)
    }

    /// The array form of `subscript(path:)`, for paths built at run time.
    public func value(at path: [String]) -> TOMLValue? {
        guard let first = path.first, var current = self[first] else { return nil }
        for component in path.dropFirst() {
            guard let table = current.table, let next = table[component] else { return nil }
            current = next
        }
        return current
    }

    /// Compares keys (in order) and values; see the type's documentation.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.index.keys == rhs.index.keys && lhs.values == rhs.values
    }
}

/// An ordered key list with O(1) average lookup.
///
/// Most TOML tables have a handful of keys (an inline `{ path = "../x", editable = true }`), and
/// a linear scan over so few short strings beats hashing, and it saves a dictionary allocation per
/// table. The dictionary is built once a table outgrows `linearLimit`, so lookups stay O(1).
struct TOMLKeyIndex: Sendable {
    private(set) var keys: [String] = []
    private var lookup: [String: Int]?

    private static let linearLimit = 8

    func position(of key: String) -> Int? {
        if let lookup { return lookup[key] }
        return keys.firstIndex(of: key)
    }

    /// Appends a key the caller knows is absent.
    mutating func append(_ key: String) {
        keys.append(key)
        if lookup != nil {
            lookup?[key] = keys.count - 1
        } else if keys.count > Self.linearLimit {
            var built = [String: Int](minimumCapacity: keys.count * 2)
            for (position, existing) in keys.enumerated() { built[existing] = position }
            lookup = built
        }
    }
}

/// A parse error with the 1-based line and column (in Unicode scalars) of the problem.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column of the problem, counted in Unicode scalars.
    public var column: Int
    /// What is wrong, e.g. "expected '=' after key" or "duplicate key 'name'".
    public var message: String

    /// Creates an error at `line`, `column`.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
