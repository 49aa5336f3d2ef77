/// ASCII bytes the TOML grammar cares about.
enum TOMLByte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let apostrophe: UInt8 = 0x27  // '
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rightBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let leftBrace: UInt8 = 0x7B
    static let rightBrace: UInt8 = 0x7D
    static let delete: UInt8 = 0x7F

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    /// `A-Za-z0-9_-`, the characters of a bare key.
    @inline(__always) static func isBareKey(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == underscore || byte == minus
    }

    /// Characters that can appear in a number, boolean or date-time token. Reading the whole
    /// token first lets `1979-05-27T07:32:00+01:00` and `0x_ff` be classified in one place.
    @inline(__always) static func isValueToken(_ byte: UInt8) -> Bool {
        isBareKey(byte) || byte == plus || byte == dot || byte == colon
    }

    /// Control characters TOML forbids in strings and comments (tab is allowed).
    @inline(__always) static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < space && byte != tab) || byte == delete
    }
}

/// The byte-level lexer: whitespace, comments, keys, strings, numbers and date-times.
///
/// It works on the UTF-8 bytes of a valid Swift `String`, so slices that start and end next to
/// ASCII delimiters are valid UTF-8 and can be turned into Strings without repair. Only keys and
/// string values become Strings. Positions are byte offsets; line and column are computed only
/// when an error is thrown, since errors are rare and tracking columns on every byte is not free.
struct TOMLScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset of the next unread byte.
    var pos: Int
    /// 1-based line of `pos`, kept current because every value records it.
    var line = 1
    /// Reused buffer for strings that need unescaping, to avoid an allocation per string.
    private var scratch: [UInt8] = []
    /// The parts of the key read by the last `scanKey()`, and the byte offset of each part.
    /// Reused across keys for the same reason.
    private(set) var keyParts: [String] = []
    private(set) var keyStarts: [Int] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.pos = hasBOM ? 3 : 0
        scratch.reserveCapacity(256)
    }

    var atEnd: Bool { pos >= bytes.count }

    /// The byte `offset` past the current one, or 0 past the end (0 is never valid TOML outside
    /// the end, and callers check `atEnd` where the difference matters for the message).
    @inline(__always) func peek(_ offset: Int = 0) -> UInt8 {
        let index = pos + offset
        return index < bytes.count ? bytes[index] : 0
    }

    // MARK: Errors

    /// An error located at byte offset `position`.
    func error(_ message: String, at position: Int) -> TOMLError {
        let limit = min(max(position, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<limit where bytes[index] == TOMLByte.lf {
            line += 1
            lineStart = index + 1
        }
        if lineStart == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            lineStart = min(3, limit)
        }
        // Count scalars, not bytes, so the column matches what an editor shows.
        var column = 1
        for index in lineStart..<limit where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return TOMLError(line: line, column: column, message: message)
    }

    /// A quoted rendering of the byte at `position` for messages, e.g. `'%'`.
    func describeByte(at position: Int) -> String {
        guard position < bytes.count else { return "end of file" }
        let byte = bytes[position]
        switch byte {
        case TOMLByte.lf, TOMLByte.cr: return "end of line"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0xC0...0xFF:
            // A multi-byte character: show it whole (the input is valid UTF-8).
            var end = position + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'\(makeString(position, end))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    // MARK: Whitespace, newlines, comments

    @inline(__always) mutating func skipWhitespace() {
        while pos < bytes.count, bytes[pos] == TOMLByte.space || bytes[pos] == TOMLByte.tab { pos += 1 }
    }

    /// Consumes LF or CRLF; returns false (consuming nothing) for anything else.
    @inline(__always) mutating func consumeNewline() -> Bool {
        if peek() == TOMLByte.lf {
            pos += 1
        } else if peek() == TOMLByte.cr, peek(1) == TOMLByte.lf {
            pos += 2
        } else {
            return false
        }
        line += 1
        return true
    }

    /// Skips a comment starting at `#`, stopping before its line break.
    mutating func skipComment() throws(TOMLError) {
        pos += 1
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == TOMLByte.lf || (byte == TOMLByte.cr && peek(1) == TOMLByte.lf) { return }
            if TOMLByte.isForbiddenControl(byte) {
                throw error("control character \(describeByte(at: pos)) in comment", at: pos)
            }
            pos += 1
        }
    }

    /// Skips whitespace, line breaks and comments, as allowed between array elements.
    mutating func skipTrivia() throws(TOMLError) {
        while pos < bytes.count {
            switch bytes[pos] {
            case TOMLByte.space, TOMLByte.tab: pos += 1
            case TOMLByte.hash: try skipComment()
            case TOMLByte.lf, TOMLByte.cr:
                guard consumeNewline() else { throw loneCarriageReturn(at: pos) }
            default: return
            }
        }
    }

    /// After a key/value pair or a header only a comment may follow on the same line.
    mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipWhitespace()
        if peek() == TOMLByte.hash { try skipComment() }
        if atEnd || consumeNewline() { return }
        if peek() == TOMLByte.cr { throw loneCarriageReturn(at: pos) }
        throw error("unexpected text after \(what)", at: pos)
    }

    func loneCarriageReturn(at position: Int) -> TOMLError {
        error("carriage return not followed by a line feed", at: position)
    }

    // MARK: Keys

    /// Reads a bare, quoted or dotted key into `keyParts`/`keyStarts`, and the whitespace after it.
    mutating func scanKey() throws(TOMLError) {
        keyParts.removeAll(keepingCapacity: true)
        keyStarts.removeAll(keepingCapacity: true)
        while true {
            keyStarts.append(pos)
            let byte = peek()
            if byte == TOMLByte.quote {
                keyParts.append(try scanBasicString())
            } else if byte == TOMLByte.apostrophe {
                keyParts.append(try scanLiteralString())
            } else if TOMLByte.isBareKey(byte) {
                let start = pos
                while pos < bytes.count, TOMLByte.isBareKey(bytes[pos]) { pos += 1 }
                keyParts.append(makeString(start, pos))
            } else if atEnd || byte == TOMLByte.lf || byte == TOMLByte.cr {
                throw error("expected a key", at: pos)
            } else {
                throw error("expected a key, found \(describeByte(at: pos))", at: pos)
            }
            skipWhitespace()
            guard peek() == TOMLByte.dot else { return }
            pos += 1
            skipWhitespace()
        }
    }

    @inline(__always) func makeString(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    // MARK: Strings

    /// A single-line basic string `"..."`, starting at the opening quote.
    mutating func scanBasicString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast path: most strings have no escapes and can be sliced directly.
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == TOMLByte.quote {
                pos += 1
                return makeString(start, pos - 1)
            }
            if byte == TOMLByte.backslash { break }
            try checkSingleLineByte(byte, open: open)
            pos += 1
        }
        guard pos < bytes.count else { throw error("unterminated string", at: open) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == TOMLByte.quote {
                pos += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == TOMLByte.backslash {
                try appendEscape()
            } else {
                try checkSingleLineByte(byte, open: open)
                scratch.append(byte)
                pos += 1
            }
        }
        throw error("unterminated string", at: open)
    }

    /// A single-line literal string `'...'`, starting at the opening apostrophe.
    mutating func scanLiteralString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == TOMLByte.apostrophe {
                pos += 1
                return makeString(start, pos - 1)
            }
            try checkSingleLineByte(byte, open: open)
            pos += 1
        }
        throw error("unterminated string", at: open)
    }

    /// A line break inside a single-line string means its closing quote is missing; report it at
    /// the opening quote, which is where the user has to look.
    @inline(__always) private func checkSingleLineByte(_ byte: UInt8, open: Int) throws(TOMLError) {
        guard TOMLByte.isForbiddenControl(byte) else { return }
        if byte == TOMLByte.lf || byte == TOMLByte.cr { throw error("unterminated string", at: open) }
        throw error("control character \(describeByte(at: pos)) in string", at: pos)
    }

    /// A multi-line basic string `"""..."""`, starting at the first quote.
    mutating func scanMultilineBasicString() throws(TOMLError) -> String {
        let open = pos
        pos += 3
        _ = consumeNewline()  // a newline right after the opening delimiter is not content
        scratch.removeAll(keepingCapacity: true)
        while pos < bytes.count {
            let byte = bytes[pos]
            switch byte {
            case TOMLByte.quote:
                if let closed = closeMultiline(TOMLByte.quote) { return closed }
            case TOMLByte.backslash:
                if !skipLineEndingBackslash() { try appendEscape() }
            case TOMLByte.lf, TOMLByte.cr:
                try appendNewline()
            default:
                if TOMLByte.isForbiddenControl(byte) {
                    throw error("control character \(describeByte(at: pos)) in string", at: pos)
                }
                scratch.append(byte)
                pos += 1
            }
        }
        throw error("unterminated multi-line string", at: open)
    }

    /// A multi-line literal string `'''...'''`, starting at the first apostrophe.
    mutating func scanMultilineLiteralString() throws(TOMLError) -> String {
        let open = pos
        pos += 3
        _ = consumeNewline()
        scratch.removeAll(keepingCapacity: true)
        while pos < bytes.count {
            let byte = bytes[pos]
            switch byte {
            case TOMLByte.apostrophe:
                if let closed = closeMultiline(TOMLByte.apostrophe) { return closed }
            case TOMLByte.lf, TOMLByte.cr:
                try appendNewline()
            default:
                if TOMLByte.isForbiddenControl(byte) {
                    throw error("control character \(describeByte(at: pos)) in string", at: pos)
                }
                scratch.append(byte)
                pos += 1
            }
        }
        throw error("unterminated multi-line string", at: open)
    }

    /// At a quote inside a multi-line string: closes the string on three or more quotes, else
    /// appends the quote as content. Up to two quotes right before the closing three belong to
    /// the content (`""""a""""` is `"a"`); a sixth one is left for the caller to reject.
    private mutating func closeMultiline(_ delimiter: UInt8) -> String? {
        guard peek(1) == delimiter, peek(2) == delimiter else {
            scratch.append(delimiter)
            pos += 1
            return nil
        }
        var run = 3
        while run < 5, peek(run) == delimiter { run += 1 }
        for _ in 3..<run { scratch.append(delimiter) }
        pos += run
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Line breaks in multi-line strings are normalized to LF, as Python's tomllib does.
    private mutating func appendNewline() throws(TOMLError) {
        guard consumeNewline() else { throw loneCarriageReturn(at: pos) }
        scratch.append(TOMLByte.lf)
    }

    /// A backslash followed only by whitespace up to the end of the line swallows that line
    /// break and all whitespace and line breaks after it. Returns false when the backslash is
    /// an ordinary escape.
    private mutating func skipLineEndingBackslash() -> Bool {
        var index = pos + 1
        while index < bytes.count, bytes[index] == TOMLByte.space || bytes[index] == TOMLByte.tab { index += 1 }
        guard index < bytes.count else { return false }
        let isLineEnd =
            bytes[index] == TOMLByte.lf
            || (bytes[index] == TOMLByte.cr && index + 1 < bytes.count && bytes[index + 1] == TOMLByte.lf)
        guard isLineEnd else { return false }
        pos = index
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == TOMLByte.space || byte == TOMLByte.tab {
                pos += 1
            } else if !consumeNewline() {
                break
            }
        }
        return true
    }

    /// Decodes the escape at the backslash under `pos` into `scratch`.
    private mutating func appendEscape() throws(TOMLError) {
        let backslash = pos
        let decoded: UInt8
        switch peek(1) {
        case 0x62: decoded = 0x08  // \b
        case 0x74: decoded = TOMLByte.tab  // \t
        case 0x6E: decoded = TOMLByte.lf  // \n
        case 0x66: decoded = 0x0C  // \f
        case 0x72: decoded = TOMLByte.cr  // \r
        case TOMLByte.quote: decoded = TOMLByte.quote
        case TOMLByte.backslash: decoded = TOMLByte.backslash
        case 0x75:
            try appendUnicodeEscape(digits: 4)
            return  // \uXXXX
        case 0x55:
            try appendUnicodeEscape(digits: 8)
            return  // \UXXXXXXXX
        default:
            let shown: String
            if backslash + 1 < bytes.count, (0x20...0x7E).contains(bytes[backslash + 1]) {
                shown = "'\\\(Character(Unicode.Scalar(bytes[backslash + 1])))'"
            } else {
                shown = "'\\' followed by \(describeByte(at: backslash + 1))"
            }
            throw error("invalid escape sequence \(shown)", at: backslash)
        }
        scratch.append(decoded)
        pos += 2
    }

    private mutating func appendUnicodeEscape(digits: Int) throws(TOMLError) {
        let backslash = pos
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = hexValue(peek(2 + offset)) else {
                throw error("invalid unicode escape: expected \(digits) hex digits", at: backslash)
            }
            value = value << 4 | UInt32(digit)
        }
        // Surrogates and values past U+10FFFF are not Unicode scalars, so TOML rejects them.
        guard let scalar = Unicode.Scalar(value) else {
            throw error(
                "invalid unicode escape: U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value",
                at: backslash)
        }
        appendUTF8(scalar.value)
        pos += 2 + digits
    }

    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    @inline(__always) private func hexValue(_ byte: UInt8) -> UInt8? {
        if TOMLByte.isDigit(byte) { return byte - TOMLByte.zero }
        let lower = byte | 0x20
        if lower >= 0x61 && lower <= 0x66 { return lower - 0x61 + 10 }
        return nil
    }

    // MARK: Booleans, numbers, date-times

    /// Matches `true` or `false` at `pos`; the keyword must not run on into other token bytes.
    mutating func scanBoolean() throws(TOMLError) -> Bool {
        if peek() == 0x74, peek(1) == 0x72, peek(2) == 0x75, peek(3) == 0x65, !TOMLByte.isValueToken(peek(4)) {
            pos += 4
            return true
        }
        if peek() == 0x66, peek(1) == 0x61, peek(2) == 0x6C, peek(3) == 0x73, peek(4) == 0x65,
            !TOMLByte.isValueToken(peek(5))
        {
            pos += 5
            return false
        }
        throw invalidValue(at: pos)
    }

    func invalidValue(at position: Int) -> TOMLError {
        if position < bytes.count, TOMLByte.isLetter(bytes[position]) {
            return error("invalid value (strings must be quoted)", at: position)
        }
        return error("invalid value", at: position)
    }

    /// A number, `inf`/`nan`, or a date-time, date or time.
    mutating func scanNumberOrDateTime() throws(TOMLError) -> TOMLValue.Kind {
        let start = pos
        var end = pos
        while end < bytes.count, TOMLByte.isValueToken(bytes[end]) { end += 1 }

        if end - start >= 5, isDigits(start, 4), bytes[start + 4] == TOMLByte.minus {
            // RFC 3339 allows a space instead of `T`; the token stopped at it, so take the time too.
            if end - start == 10, end + 3 < bytes.count, bytes[end] == TOMLByte.space,
                TOMLByte.isDigit(bytes[end + 1]), TOMLByte.isDigit(bytes[end + 2]), bytes[end + 3] == TOMLByte.colon
            {
                end += 1
                while end < bytes.count, TOMLByte.isValueToken(bytes[end]) { end += 1 }
            }
            guard isValidDateTime(start, end) else { throw error("invalid date-time", at: start) }
            pos = end
            return .datetime(makeString(start, end))
        }
        if end - start >= 3, isDigits(start, 2), bytes[start + 2] == TOMLByte.colon {
            guard timeEnd(start, end) == end else { throw error("invalid time", at: start) }
            pos = end
            return .datetime(makeString(start, end))
        }
        let kind = try number(start, end)
        pos = end
        return kind
    }

    private func isDigits(_ start: Int, _ count: Int) -> Bool {
        guard start + count <= bytes.count else { return false }
        for index in start..<(start + count) where !TOMLByte.isDigit(bytes[index]) { return false }
        return true
    }

    /// The value of `count` digits at `start`, or nil when any is not a digit.
    private func digitsValue(_ start: Int, _ count: Int, limit: Int) -> Int? {
        guard start + count <= limit else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard TOMLByte.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - TOMLByte.zero)
        }
        return value
    }

    /// `YYYY-MM-DD`, optionally followed by `T`/`t`/space, a time and an optional offset. Dates are
    /// checked against the calendar (as tomllib does via `datetime`), so `2023-02-30` and year 0
    /// are rejected.
    private func isValidDateTime(_ start: Int, _ end: Int) -> Bool {
        guard let year = digitsValue(start, 4, limit: end), start + 10 <= end,
            bytes[start + 4] == TOMLByte.minus, bytes[start + 7] == TOMLByte.minus,
            let month = digitsValue(start + 5, 2, limit: end), let day = digitsValue(start + 8, 2, limit: end),
            year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        if end == start + 10 { return true }
        let separator = bytes[start + 10]
        guard separator == 0x54 || separator == 0x74 || separator == TOMLByte.space,
            var index = timeEnd(start + 11, end)
        else { return false }
        if index == end { return true }  // local date-time
        let offsetStart = bytes[index]
        if offsetStart == 0x5A || offsetStart == 0x7A { return index + 1 == end }  // Z or z
        guard offsetStart == TOMLByte.plus || offsetStart == TOMLByte.minus else { return false }
        index += 1
        guard let hours = digitsValue(index, 2, limit: end), index + 2 < end, bytes[index + 2] == TOMLByte.colon,
            let minutes = digitsValue(index + 3, 2, limit: end)
        else { return false }
        return hours <= 23 && minutes <= 59 && index + 5 == end
    }

    /// Reads `HH:MM:SS[.fraction]` at `start`; returns the offset after it, or nil. TOML 1.0
    /// requires the seconds (1.1 makes them optional; tomllib in Python 3.11 follows 1.0).
    private func timeEnd(_ start: Int, _ end: Int) -> Int? {
        guard let hour = digitsValue(start, 2, limit: end), start + 8 <= end,
            bytes[start + 2] == TOMLByte.colon, bytes[start + 5] == TOMLByte.colon,
            let minute = digitsValue(start + 3, 2, limit: end), let second = digitsValue(start + 6, 2, limit: end),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = start + 8
        if index < end, bytes[index] == TOMLByte.dot {
            index += 1
            let digitsStart = index
            while index < end, TOMLByte.isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart else { return nil }
        }
        return index
    }

    private func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Integers (decimal, `0x`, `0o`, `0b`) and floats over the token `start..<end`.
    private func number(_ start: Int, _ end: Int) throws(TOMLError) -> TOMLValue.Kind {
        var index = start
        let sign = bytes[index]
        let hasSign = sign == TOMLByte.plus || sign == TOMLByte.minus
        let negative = sign == TOMLByte.minus
        if hasSign { index += 1 }

        if end - index == 3 {
            if bytes[index] == 0x69, bytes[index + 1] == 0x6E, bytes[index + 2] == 0x66 {  // inf
                return .float(negative ? -.infinity : .infinity)
            }
            if bytes[index] == 0x6E, bytes[index + 1] == 0x61, bytes[index + 2] == 0x6E {  // nan
                return .float(negative ? -.nan : .nan)
            }
        }
        guard index < end, TOMLByte.isDigit(bytes[index]) else { throw invalidValue(at: start) }

        if bytes[index] == TOMLByte.zero, index + 1 < end {
            let radix: Int64
            switch bytes[index + 1] {
            case 0x78: radix = 16
            case 0x6F: radix = 8
            case 0x62: radix = 2
            default: radix = 10
            }
            if radix != 10 {
                guard !hasSign else { throw error("a sign is not allowed on a non-decimal integer", at: start) }
                return .integer(try radixInteger(index + 2, end, radix: radix, tokenStart: start))
            }
        }

        var cursor = index
        guard scanDigitRun(&cursor, end) else { throw error("invalid number", at: start) }
        if bytes[index] == TOMLByte.zero, cursor - index > 1 {
            throw error("leading zeros are not allowed in numbers", at: start)
        }
        var isFloat = false
        if cursor < end, bytes[cursor] == TOMLByte.dot {
            cursor += 1
            guard scanDigitRun(&cursor, end) else { throw error("invalid float", at: start) }
            isFloat = true
        }
        if cursor < end, bytes[cursor] | 0x20 == 0x65 {  // e or E
            cursor += 1
            if cursor < end, bytes[cursor] == TOMLByte.plus || bytes[cursor] == TOMLByte.minus { cursor += 1 }
            guard scanDigitRun(&cursor, end) else { throw error("invalid float", at: start) }
            isFloat = true
        }
        guard cursor == end else { throw error("invalid number", at: start) }

        if isFloat {
            var text = ""
            text.reserveCapacity(end - start)
            for position in start..<end where bytes[position] != TOMLByte.underscore {
                text.unicodeScalars.append(Unicode.Scalar(bytes[position]))
            }
            // The grammar is already checked, so Double's parser only does the (correctly rounded)
            // conversion; out-of-range exponents give ±inf, as in Python.
            guard let value = Double(text) else { throw error("invalid float", at: start) }
            return .float(value)
        }

        var value: Int64 = 0
        for position in index..<end where bytes[position] != TOMLByte.underscore {
            let digit = Int64(bytes[position] - TOMLByte.zero)
            // Accumulate toward the sign so that -9223372036854775808 fits.
            let (scaled, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? scaled.subtractingReportingOverflow(digit) : scaled.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { throw error("integer out of range", at: start) }
            value = next
        }
        return .integer(value)
    }

    /// `digit (_? digit)*`: underscores only between digits.
    private func scanDigitRun(_ cursor: inout Int, _ end: Int) -> Bool {
        guard cursor < end, TOMLByte.isDigit(bytes[cursor]) else { return false }
        cursor += 1
        while cursor < end {
            if TOMLByte.isDigit(bytes[cursor]) {
                cursor += 1
            } else if bytes[cursor] == TOMLByte.underscore, cursor + 1 < end, TOMLByte.isDigit(bytes[cursor + 1]) {
                cursor += 2
            } else {
                break
            }
        }
        return true
    }

    private func radixInteger(_ start: Int, _ end: Int, radix: Int64, tokenStart: Int) throws(TOMLError) -> Int64 {
        var value: Int64 = 0
        var previousWasDigit = false
        for position in start..<end {
            let byte = bytes[position]
            if byte == TOMLByte.underscore {
                guard previousWasDigit, position + 1 < end else { throw error("invalid number", at: tokenStart) }
                previousWasDigit = false
                continue
            }
            guard let digit = hexValue(byte), Int64(digit) < radix else {
                throw error("invalid number", at: tokenStart)
            }
            let (scaled, overflowA) = value.multipliedReportingOverflow(by: radix)
            let (next, overflowB) = scaled.addingReportingOverflow(Int64(digit))
            guard !overflowA, !overflowB else { throw error("integer out of range", at: tokenStart) }
            value = next
            previousWasDigit = true
        }
        guard previousWasDigit else { throw error("invalid number", at: tokenStart) }
        return value
    }
}
