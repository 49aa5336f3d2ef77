/// Reading and writing the pieces of one TOML line that `pin` rewrites, over its UTF-8 bytes:
/// a key, a one-line string, the end of an inline value; and values written back.
enum TOMLLine {
    /// The key starting at `start` (bare, or one basic or literal string) and the index after it;
    /// nil for a dotted key or none.
    static func key(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") {
            return string(bytes, from: start)
        }
        var end = start
        while end < bytes.count, isBare(bytes[end]) { end += 1 }
        guard end > start, end == bytes.count || bytes[end] != UInt8(ascii: ".") else { return nil }
        return (String(decoding: bytes[start..<end], as: UTF8.self), end)
    }

    /// The index after the inline table or array opening at `start`, skipping strings; nil when
    /// it does not close on this line.
    static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard let (_, end) = string(bytes, from: index) else { return nil }
                index = end
                continue
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The one-line basic (`"…"`, escapes resolved) or literal (`'…'`) string opening at `start`,
    /// and the index after its closing quote; nil for a multi-line or unclosed one.
    static func string(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        let quote = bytes[start]
        if start + 2 < bytes.count, bytes[start + 1] == quote, bytes[start + 2] == quote { return nil }
        var content: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote { return (String(decoding: content, as: UTF8.self), index + 1) }
            if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                guard index + 1 < bytes.count else { return nil }
                let escape = bytes[index + 1]
                switch escape {
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let width = escape == UInt8(ascii: "u") ? 4 : 8
                    guard index + 2 + width <= bytes.count,
                        let code = UInt32(
                            String(decoding: bytes[(index + 2)..<(index + 2 + width)], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { return nil }
                    content += Array(String(Character(scalar)).utf8)
                    index += 2 + width
                    continue
                default:
                    let simple: [UInt8: UInt8] = [
                        UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13, UInt8(ascii: "b"): 8,
                        UInt8(ascii: "f"): 12, UInt8(ascii: "e"): 27, UInt8(ascii: "\""): 34, UInt8(ascii: "\\"): 92,
                    ]
                    guard let resolved = simple[escape] else { return nil }
                    content.append(resolved)
                    index += 2
                    continue
                }
            }
            if byte == 10 { return nil }
            content.append(byte)
            index += 1
        }
        return nil
    }

    /// A basic string: quotes, backslashes and control characters escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A key: bare when it can be, else quoted.
    static func key(_ key: String) -> String {
        !key.isEmpty && key.utf8.allSatisfy(isBare) ? key : quote(key)
    }

    /// A value written back: strings, booleans, integers and arrays of them; nil for others
    /// (the caller then refuses rather than guess).
    static func write(_ value: TOMLValue) -> String? {
        switch value.kind {
        case .string(let text): return quote(text)
        case .boolean(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .array(let items):
            let written = items.compactMap(write)
            return written.count == items.count ? "[\(written.joined(separator: ", "))]" : nil
        default: return nil
        }
    }

    private static func isBare(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
