import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: bytes that are not text. Each manifest is decoded as the tool that reads it
/// decodes it, and where that fails Trellis says so at the file and line instead of reading
/// U+FFFD in silence.
///
/// Checked against pip 23.2.1 (`pip._internal.utils.encoding.auto_decode`, run in the test
/// venv): `'requests==2\n'.encode('utf-16')` decodes to `requests==2`; `# -*- coding: latin-1 -*-`
/// on the first line makes `caf\xe9` read as "café"; without it, in the C.UTF-8 locale, the
/// same bytes raise "'utf-8' codec can't decode byte 0xe9". pip looks for `coding[:=]\s*name`
/// in the first two lines that start with `#`, and its byte order marks in the order UTF-8,
/// UTF-16, UTF-16-BE, UTF-16-LE, UTF-32… (so `FF FE 00 00` is read as UTF-16).
@Suite struct ManifestTextTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func validUTF8IsReadAsItIsWithNothingToSay() {
        for path in ["pyproject.toml", "requirements.txt", "setup.cfg", "tox.ini"] {
            let decoded = ManifestText(decoding: Self.bytes("name = \"ünï-名前\"\n"), path: path)
            #expect(decoded.text == "name = \"ünï-名前\"\n")
            #expect(decoded.undecodable == nil)
        }
    }

    @Test func theFirstInvalidByteIsNamedByLineAndColumn() {
        // Line 3, after "ok " (3 bytes); a truncated sequence on line 2 would be found first.
        let file = Self.bytes("[project]\nname = \"x\"\nok ") + [0xFF] + Self.bytes(" rest\n") + [0xC3]
        let decoded = ManifestText(decoding: file, path: "libs/x/pyproject.toml")
        #expect(decoded.undecodable == .init(line: 3, column: 4, reason: "byte 0xFF is not UTF-8"))
        #expect(decoded.text.hasPrefix("[project]\nname = \"x\"\nok \u{FFFD} rest\n"))
        // A multi-byte character before it counts its bytes: column is a byte column.
        let wide = ManifestText(decoding: Self.bytes("é") + [0xC3, 0x28], path: "setup.cfg")
        #expect(wide.undecodable == .init(line: 1, column: 3, reason: "byte 0xC3 is not UTF-8"))
    }

    @Test func aTOMLFileIsNeverDecodedByItsByteOrderMarkOrCodingComment() {
        // TOML must be UTF-8: a UTF-16 pyproject.toml is invalid, whatever pip does.
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("[project]\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(ManifestText(decoding: utf16, path: "pyproject.toml").undecodable?.line == 1)
        let declared = Self.bytes("# -*- coding: latin-1 -*-\nname = \"caf") + [0xE9] + Self.bytes("\"\n")
        #expect(ManifestText(decoding: declared, path: "hatch.toml").undecodable?.line == 2)
    }

    @Test func aRequirementsFileIsDecodedAsPipDecodesIt() {
        let body = "-e ../../libs/core\nrequests==2\n"
        func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
            text.utf16.flatMap { unit in
                bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
        }
        let cases: [(String, [UInt8])] = [
            ("UTF-8 mark", [0xEF, 0xBB, 0xBF] + Self.bytes(body)),
            ("UTF-16 LE mark", [0xFF, 0xFE] + utf16(body, bigEndian: false)),
            ("UTF-16 BE mark", [0xFE, 0xFF] + utf16(body, bigEndian: true)),
            (
                "UTF-32 BE mark",
                [0x00, 0x00, 0xFE, 0xFF]
                    + body.unicodeScalars.flatMap { scalar in
                        [0, 0, 0, UInt8(scalar.value)]
                    }
            ),
        ]
        for (name, data) in cases {
            let decoded = ManifestText(decoding: data, path: "services/api/requirements.txt")
            #expect(decoded.text == body, "\(name)")
            #expect(decoded.undecodable == nil, "\(name)")
        }
        // A coding comment on the first or the second line, as pip's ENCODING_RE finds it.
        for header in ["# -*- coding: latin-1 -*-\n", "#!/no/shebang\n# vim: set fileencoding=iso-8859-1 :\n"] {
            let decoded = ManifestText(
                decoding: Self.bytes(header + "# caf") + [0xE9] + Self.bytes("\n" + body), path: "requirements-dev.txt")
            #expect(decoded.text == header + "# café\n" + body)
            #expect(decoded.undecodable == nil)
        }
        // cp1252 has characters Latin-1 has not (0x80 is €).
        let euro = ManifestText(
            decoding: Self.bytes("# coding=cp1252\n# ") + [0x80] + Self.bytes("\n"), path: "requirements.txt")
        #expect(euro.text == "# coding=cp1252\n# €\n")
        // On the third line it is a comment, and the Latin-1 byte is not UTF-8.
        let late = ManifestText(
            decoding: Self.bytes("#\n#\n# coding: latin-1\ncaf") + [0xE9] + Self.bytes("\n"), path: "requirements.txt")
        #expect(late.undecodable == .init(line: 4, column: 4, reason: "byte 0xE9 is not UTF-8"))
    }

    @Test func aRequirementsFileThatIsNotWhatItSaysIsNamed() {
        // An odd byte count is no UTF-16; a coding Trellis does not decode is read as UTF-8 and named.
        let odd = ManifestText(decoding: [0xFF, 0xFE, 0x2D, 0x00, 0x65], path: "requirements.txt")
        #expect(odd.undecodable?.reason == "it starts with a UTF-16 byte order mark but is not UTF-16")
        let unknown = ManifestText(decoding: Self.bytes("# coding: shift_jis\nrequests\n"), path: "requirements.txt")
        #expect(unknown.undecodable?.line == 1)
        #expect(unknown.undecodable?.reason.contains("shift_jis, which Trellis does not decode") == true)
        #expect(unknown.text == "# coding: shift_jis\nrequests\n")
    }

    /// What a scan reports of each: the TOML files are invalid manifests; the others are read,
    /// with U+FFFD, and an `invalid-encoding` warning at the line; a UTF-16 requirements file is
    /// read whole, its path edge included.
    @Test func aScanSaysWhereAManifestIsNotText() {
        let latin1Name = Self.bytes("[project]\nname = \"caf") + [0xE9] + Self.bytes("\"\nversion = \"1.0.0\"\n")
        let snapshot = resolveRepository(bytes: [
            "libs/core/pyproject.toml": Self.bytes(project("core")),
            "libs/cafe/pyproject.toml": latin1Name,
            "services/api/pyproject.toml": Self.bytes(project("api")),
            "services/api/requirements.txt": [0xFF, 0xFE]
                + Array("-e ../../libs/core\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            "services/web/setup.cfg": Self.bytes("[metadata]\nname = web\n# caf") + [0xE9] + Self.bytes("\n"),
            "services/web/requirements-dev.txt": Self.bytes("# caf") + [0xE9] + Self.bytes("\n-e ../../libs/core\n"),
            "services/web/hatch.toml": Self.bytes("[envs.default]\n") + [0xFF] + Self.bytes("\n"),
        ])
        let found = snapshot.diagnostics.map { "\($0.code) \($0.file):\($0.line)" }
        #expect(found.contains("invalid-manifest libs/cafe/pyproject.toml:2"))
        #expect(found.contains("invalid-encoding services/web/setup.cfg:3"))
        #expect(found.contains("invalid-encoding services/web/requirements-dev.txt:1"))
        #expect(found.contains("invalid-hatch-toml services/web/hatch.toml:2"))
        #expect(!found.contains { $0.contains("services/api/requirements.txt") })
        let message = snapshot.diagnostics.first { $0.code == .invalidManifest }?.message ?? ""
        #expect(message.contains("byte 0xE9 is not UTF-8 (column 12), and a TOML file must be UTF-8"))
        #expect(
            snapshot.edgeLines == [
                "api -> core requirements editable path services/api/requirements.txt:1",
                "web -> core requirements-dev editable path services/web/requirements-dev.txt:2",
            ])
        #expect(!snapshot.modules.contains { $0.path == "libs/cafe" })
    }
}
