import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Issue #16: the CI share of the fuzzing. tools/fuzz/run.sh runs libFuzzer over three of these
/// parsers for minutes (its build alone takes about three, too long for CI); this suite feeds
/// them, and the lock file index, mutations of the fixtures and example manifests from a fixed seed (byte flips,
/// insertions of syntax tokens, deletions, duplications, splices of two files, truncations) and
/// checks what the fuzzer checks: no trap, every TOML error and every diagnostic names a line of
/// the input, every dependency line is a line of the input, and a version's normalized spelling
/// reads back as the same version. `TRELLIS_FUZZ_MUTATIONS` (default 5,000 per parser) and
/// `TRELLIS_FUZZ_SEED` (default 16) change the run; a failure prints the seed and the input.
@Suite struct ParserFuzzTests {

    static let environment = ProcessInfo.processInfo.environment
    static let mutations = environment["TRELLIS_FUZZ_MUTATIONS"].flatMap(Int.init) ?? 5_000
    static let seed = environment["TRELLIS_FUZZ_SEED"].flatMap(UInt64.init) ?? 16

    /// The stored files of `Tests/Fixtures` and `Examples` whose name passes `accept`.
    static func seeds(_ accept: (String) -> Bool) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for root in ["Tests/Fixtures", "Examples"] {
            let base = "\(ProjectPaths.packageRoot)/\(root)"
            let walker = FileManager.default.enumerator(atPath: base)
            while let path = walker?.nextObject() as? String {
                let full = "\(base)/\(path)"
                let name = (path as NSString).lastPathComponent
                guard accept(name), (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) == nil,
                    let data = FileManager.default.contents(atPath: full)
                else { continue }
                out.append([UInt8](data))
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    static let tomlSeeds = seeds { $0.hasSuffix(".toml") }
    /// The lock files, with the file name each is read under.
    static let lockSeeds = ["poetry.lock", "uv.lock", "pdm.lock"].map { name in (name, seeds { $0 == name }) }
    static let requirementsSeeds = seeds {
        $0.contains("requirements") && ($0.hasSuffix(".txt") || $0.hasSuffix(".in"))
    }
    /// Every quoted string of the TOML seeds and every requirement line: dependency specifications.
    static let specificationSeeds: [[UInt8]] = {
        var out = Set<[UInt8]>()
        for file in tomlSeeds {
            for (index, part) in file.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false)
                .enumerated() where index % 2 == 1 && !part.contains(UInt8(ascii: "\n"))
            {
                out.insert(Array(part))
            }
        }
        for file in requirementsSeeds {
            for line in file.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
                out.insert(Array(line))
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }()

    static let tokens: [String] = [
        "[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\"", "'", "\"\"\"", "'''", "\\u", "\\", "#", "\n", "\r\n",
        "\t", "true", "inf", "0x", "1979-05-27T07:32:00Z", "[project]", "[tool.poetry.dependencies]",
        "[tool.uv.sources]", "dependencies", "path", "file:", " @ ", "==", "~=", ">=", "<", "!=", "^", "~", "*",
        ".*", "||", ";", "!", "+", "rc", "post", "dev", "-r ", "-e ", "--requirement=", " \\\n", " #",
        "99999999999999999999", "\u{0}", "\u{FEFF}", "é", "\u{FFFD}",
    ].map { $0 }

    /// One mutation of a seed: up to four edits, or a splice with a second seed.
    static func mutate(_ seeds: [[UInt8]], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = seeds.randomElement(using: &random)!
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where at < bytes.count:
                bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1:
                bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: at)
            case 2 where at < bytes.count:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
            case 3 where at < bytes.count:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: end)
            case 4:
                let other = seeds.randomElement(using: &random)!
                let from = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &random)
                bytes = Array(bytes[..<at]) + Array(other[from...])
            default:
                bytes = Array(bytes[..<at])
            }
        }
        return bytes
    }

    static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// Runs `check` on every mutation; stops at the first input that breaks a promise.
    static func run(_ seeds: [[UInt8]], salt: UInt64, count: Int = mutations, check: (String) -> String?) {
        var random = SplitMix64(state: seed &+ salt)
        for round in 0..<count {
            let text = String(decoding: mutate(seeds, &random), as: UTF8.self)
            if let broken = check(text) {
                Issue.record("seed \(seed), mutation \(round): \(broken)\ninput: \(text.debugDescription)")
                return
            }
        }
    }

    // MARK: The promises, as tools/fuzz/FuzzEntry.swift checks them

    static func tomlPromise(_ text: String) -> String? {
        let lines = lineCount(text)
        do {
            _ = try TOMLParser.parse(text)
        } catch {
            if error.line < 1 || error.line > lines || error.column < 1 {
                return "TOML error at \(error.line):\(error.column) of a \(lines)-line text: \(error.message)"
            }
        }
        let file = "m/pyproject.toml"
        for manifest in ManifestReader().read(paths: [file], readFile: { $0 == file ? ManifestText(text) : nil }) {
            if let bad = manifest.diagnostics.first(where: { $0.file == file && ($0.line < 0 || $0.line > lines) }) {
                return "diagnostic at line \(bad.line) of a \(lines)-line file: \(bad)"
            }
            if let bad = manifest.dependencies.first(where: { $0.file == nil && ($0.line < 0 || $0.line > lines) }) {
                return "dependency at line \(bad.line) of a \(lines)-line file: \(bad.declared)"
            }
        }
        return nil
    }

    static func specificationPromise(_ text: String) -> String? {
        for line in text.split(separator: "\n").map(String.init) {
            if let requirement = PEP508Requirement(line),
                let constraint = try? VersionConstraint(parsing: requirement.specifier)
            {
                _ = constraint.versions
            }
            if let constraint = try? VersionConstraint(parsing: line), let probe = Version(line.drop { !$0.isNumber }) {
                _ = constraint.contains(probe)
                _ = constraint.versions.contains(probe)
            }
            _ = try? VersionSpecifier(parsing: line)
            if let version = Version(line) {
                guard let again = Version(version.description), again == version,
                    again.description == version.description
                else { return "'\(line)' reads as \(version), which does not read back as itself" }
            }
        }
        return nil
    }

    static func requirementsPromise(_ text: String) -> String? {
        let lines = lineCount(text)
        // Every include names a file of the same text, down to three folders: cycles, fresh
        // paths and missing files are all reached.
        let result = RequirementsFileParser().parse(file: "requirements.txt", group: "main") { path in
            path.split(separator: "/").count <= 3 ? text : nil
        }
        if let bad = result.diagnostics.first(where: { $0.line < 1 }) { return "diagnostic without a line: \(bad)" }
        if let bad = result.dependencies.first(where: { $0.line < 1 || $0.line > lines }) {
            return "dependency at line \(bad.line) of a \(lines)-line text: \(bad.declared)"
        }
        return nil
    }

    // MARK: Tests

    /// What tools/fuzz/run.sh found, kept in `Tests/Fixtures/hostile/fuzz` (TARGET-KIND-ID.bin):
    /// each still meets its target's promises, and the requirements finding (a timeout: six
    /// includes per file, read again along every chain) reads each file once.
    @Test func fuzzFindingsStayFixed() throws {
        let folder = "\(ProjectPaths.packageRoot)/Tests/Fixtures/hostile/fuzz"
        let findings = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!findings.isEmpty)
        for finding in findings {
            let text = String(
                decoding: FileManager.default.contents(atPath: "\(folder)/\(finding)") ?? Data(), as: UTF8.self)
            switch finding.prefix(while: { $0 != "-" }) {
            case "toml": #expect(Self.tomlPromise(text) == nil, "\(finding)")
            case "pep508": #expect(Self.specificationPromise(text) == nil, "\(finding)")
            case "requirements":
                #expect(Self.requirementsPromise(text) == nil, "\(finding)")
                // (A path that names no file may be asked for again: it costs nothing.)
                var reads: [String: Int] = [:]
                _ = RequirementsFileParser().parse(file: "requirements.txt", group: "main") { path in
                    guard path.split(separator: "/").count <= 3 else { return nil }
                    reads[path, default: 0] += 1
                    return text
                }
                #expect(reads.count > 10 && reads.values.allSatisfy { $0 == 1 }, "\(finding): a file read twice")
            default: Issue.record("\(finding) names no fuzz target")
            }
        }
    }

    /// A lock file's index: no trap, every local package and dependency at a line of the input,
    /// and each package found again by its name (the byte-range keys agree with `ModuleName`).
    static func lockPromise(_ file: String) -> (String) -> String? {
        { text in
            let lines = lineCount(text)
            let index = LockFileIndex(file: "apps/app/\(file)", text: text)
            let packages = index.packages
            for package in packages {
                if package.line < 1 || package.line > lines {
                    return "\(package.name) at line \(package.line) of a \(lines)-line lock"
                }
                if let bad = package.dependencies.first(where: { $0.line < 1 || $0.line > lines }) {
                    return "dependency \(bad.name) at line \(bad.line) of a \(lines)-line lock"
                }
                if !index.localPackages(named: package.name).contains(package) {
                    return "\(package.name) is not found by its name"
                }
            }
            if let stray = index.localRoots.first(where: { !packages.contains($0) }) {
                return "root \(stray.name) is no local package"
            }
            return nil
        }
    }

    @Test func lockFileMutations() {
        for (offset, (file, seeds)) in Self.lockSeeds.enumerated() where !seeds.isEmpty {
            // The three kinds share one parser's count of mutations.
            Self.run(seeds, salt: 4 + UInt64(offset), count: Self.mutations / 3, check: Self.lockPromise(file))
        }
    }

    @Test func seedsAreThere() {
        #expect(Self.lockSeeds.allSatisfy { !$0.1.isEmpty })
        #expect(Self.tomlSeeds.count >= 50)
        #expect(Self.requirementsSeeds.count >= 5)
        #expect(Self.specificationSeeds.count >= 100)
    }

    @Test func tomlAndPyprojectMutations() {
        Self.run(Self.tomlSeeds, salt: 1, check: Self.tomlPromise)
    }

    @Test func specificationMutations() {
        Self.run(Self.specificationSeeds, salt: 2, check: Self.specificationPromise)
    }

    @Test func requirementsMutations() {
        Self.run(Self.requirementsSeeds, salt: 3, check: Self.requirementsPromise)
    }

    /// The mutations are the same for the same seed, and reach both sides of the parser: some
    /// still parse, many do not, and the errors fall on many different lines.
    @Test func mutationsAreRepeatableAndReachBothSides() {
        var first = SplitMix64(state: 7)
        var second = SplitMix64(state: 7)
        var parsed = 0
        var errorLines = Set<Int>()
        for _ in 0..<300 {
            let bytes = Self.mutate(Self.tomlSeeds, &first)
            #expect(bytes == Self.mutate(Self.tomlSeeds, &second))
            do {
                _ = try TOMLParser.parse(String(decoding: bytes, as: UTF8.self))
                parsed += 1
            } catch {
                errorLines.insert(error.line)
            }
        }
        #expect(parsed >= 30)
        #expect(300 - parsed >= 30)
        #expect(errorLines.count >= 10)
    }
}
