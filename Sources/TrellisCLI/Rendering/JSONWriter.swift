/// A JSON shape that writes its own text, for the answers that can hold thousands of rows
/// (`dependents`, `dependencies`, `order`, `affected`, `modules`): the bytes Foundation's
/// `JSONEncoder` prints for it with the CLI's options, without Codable's per-value dispatch.
/// A writer lists its keys in UTF-8 byte order by hand; `JSONWriterTests` holds every writer to
/// Foundation's output for the same value, which stays the oracle.
protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter)
}

extension Array: JSONWritable where Element: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.array(self) { json, element in element.write(to: &json) }
    }
}

/// JSON text as Foundation writes it with `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`:
/// two-space indent, `"key" : value`, `[` and `]` on lines of their own even when empty.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0
    /// Whether the container being written holds a value yet (a comma goes before the next).
    private var started = false

    static func text(_ value: some JSONWritable) -> String {
        var json = JSONWriter()
        json.bytes.reserveCapacity(1 << 16)
        value.write(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// An object: `body` writes its fields, in key order.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        open(UInt8(ascii: "["))
        for item in elements {
            newItem()
            element(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    mutating func field(_ key: StaticString, _ value: String) {
        name(key)
        quote(value)
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        name(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        name(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ key: StaticString, _ value: some JSONWritable) {
        name(key)
        value.write(to: &self)
    }

    /// A key written as `null` when the value is nil (`@NullEncoded`).
    mutating func field(_ key: StaticString, orNull value: String?) {
        guard let value else {
            name(key)
            return bytes.append(contentsOf: "null".utf8)
        }
        field(key, value)
    }

    /// A key left out when the value is nil (a plain optional property).
    mutating func field(_ key: StaticString, ifPresent value: String?) {
        if let value { field(key, value) }
    }

    mutating func field(_ key: StaticString, ifPresent value: Int?) {
        if let value { field(key, value) }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        bytes.append(0x0A)
        indent += 2
        started = false
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 2
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        bytes.append(bracket)
        started = true
    }

    private mutating func newItem() {
        if started { bytes.append(contentsOf: [UInt8(ascii: ","), 0x0A]) }
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        started = true
    }

    private mutating func name(_ key: StaticString) {
        newItem()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
    }

    /// `string` in quotes, escaped byte by byte as Foundation escapes it: every byte to escape is
    /// ASCII, and the bytes of a multi-byte character are all 0x80 or more, so they pass whole.
    private mutating func quote(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        else { return bytes.append(contentsOf: string.utf8) }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x08: bytes.append(contentsOf: "\\b".utf8)
            case 0x0C: bytes.append(contentsOf: "\\f".utf8)
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
    }
}
