import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// The tar writer, read back by the real GNU tar: names that need ustar's prefix field or a pax
/// header (over 255 bytes, non-ASCII), a long link target, modes, owners and the fixed time, and
/// the same bytes twice.
@Suite struct TarArchiveTests {
    let folder: TemporaryRepository
    let entries: [TarArchive.Entry]
    static let deep = (1...12).map { "folder-number-\($0)" }.joined(separator: "/")  // 190 bytes
    static let deeper = deep + "/" + String(repeating: "x", count: 90) + "/" + deep  // over 255

    init() throws {
        folder = try TemporaryRepository(prefix: "trellis-tar")
        let block = String(repeating: "b", count: 512)
        try folder.write([
            "src/plain.txt": "hello\n", "src/empty": "", "src/block": block, "src/run.sh": "#!/bin/sh\necho hi\n",
            "src/naïve-ünïcode.py": "x = 1\n",
        ])
        let script = "\(folder.root)/src/run.sh"
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: script)
        let root = folder.root
        func source(_ name: String) -> String { "\(root)/src/\(name)" }
        entries = [
            .directory("a"), .file("a/plain.txt", executable: false, source: source("plain.txt")),
            .file("a/empty", executable: false, source: source("empty")),
            .file("a/block", executable: false, source: source("block")),
            .file("a/run.sh", executable: true, source: source("run.sh")),
            .file("a/naïve-ünïcode.py", executable: false, source: source("naïve-ünïcode.py")),
            .file("\(Self.deep)/name.txt", executable: false, source: source("plain.txt")),
            .file("\(Self.deeper)/name.txt", executable: false, source: source("plain.txt")),
            .symlink("a/link", target: "plain.txt"),
            .symlink("a/far", target: String(repeating: "../", count: 40) + "etc/hosts"),
        ]
    }

    func archive(mtime: Int = TarArchive.defaultTime) throws -> Data {
        var data = Data()
        let archive = TarArchive(mtime: mtime) { data.append($0) }
        for entry in entries { try archive.write(entry) }
        try archive.finish()
        return data
    }

    @Test func gnuTarExtractsEveryEntryAsWritten() throws {
        let data = try archive()
        #expect(data.count % 512 == 0)
        let out = try TemporaryRepository(prefix: "trellis-untar")
        let result = try Subprocess.run(["tar", "-xf", "-", "-C", out.root], input: data)
        try #require(result.status == 0, "\(result.stderr)")
        func read(_ path: String) -> String? {
            FileManager.default.contents(atPath: "\(out.root)/\(path)").map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(read("a/plain.txt") == "hello\n")
        #expect(read("a/empty") == "")
        #expect(read("a/block") == String(repeating: "b", count: 512))
        #expect(read("a/naïve-ünïcode.py") == "x = 1\n")
        #expect(read("\(Self.deep)/name.txt") == "hello\n")
        #expect(read("\(Self.deeper)/name.txt") == "hello\n")
        let manager = FileManager.default
        #expect(try manager.destinationOfSymbolicLink(atPath: "\(out.root)/a/link") == "plain.txt")
        #expect(
            try manager.destinationOfSymbolicLink(atPath: "\(out.root)/a/far")
                == String(repeating: "../", count: 40) + "etc/hosts")
        let mode = { (path: String) in
            (try manager.attributesOfItem(atPath: "\(out.root)/\(path)")[.posixPermissions] as? Int ?? 0) & 0o777
        }
        #expect(try mode("a/run.sh") & 0o111 != 0)
        #expect(try mode("a/plain.txt") & 0o111 == 0)
    }

    @Test func ownersTimesAndBytesAreFixed() throws {
        let first = try archive()
        #expect(try archive() == first)
        let listing = try Subprocess.run(["tar", "--full-time", "-tvf", "-"], input: first)
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.output.split(separator: "\n")
        #expect(lines.count == entries.count)
        #expect(lines.allSatisfy { $0.contains(" root/root ") && $0.contains(" 2000-01-01 00:00:00 ") })
        let later = try Subprocess.run(["tar", "--full-time", "-tvf", "-"], input: try archive(mtime: 1_700_000_000))
        #expect(later.output.split(separator: "\n").allSatisfy { $0.contains(" 2023-11-14 22:13:20 ") })
    }

    @Test func paxRecordLengthCountsItself() {
        for count in [1, 80, 89, 90, 95, 96, 97, 1000] {
            let record = TarArchive.paxRecord("path", String(repeating: "p", count: count))
            let text = String(decoding: record, as: UTF8.self)
            #expect(Int(text.prefix { $0 != " " }) == record.count, "\(text)")
        }
    }
}
