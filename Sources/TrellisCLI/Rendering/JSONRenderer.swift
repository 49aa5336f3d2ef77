import Foundation

/// JSON for scripts: a stable contract, keys sorted, every key kept, one trailing newline.
enum JSONRenderer {
    static let formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]

    static func render(_ value: some Encodable, into output: inout some TextOutputStream) throws {
        if let writable = value as? any JSONWritable {
            return output.write(JSONWriter.text(writable) + "\n")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = JSONRenderer.formatting
        output.write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}

/// Encodes nil as `null` instead of leaving the key out: JSON keys are never removed.
@propertyWrapper
struct NullEncoded<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedEncodingContainer {
    mutating func encode<Value>(_ value: NullEncoded<Value>, forKey key: Key) throws {
        try encode(value as NullEncoded<Value>?, forKey: key)
    }
}
