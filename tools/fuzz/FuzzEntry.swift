// The libFuzzer entry point of tools/fuzz/run.sh, compiled together with the sources of
// TrellisCore (one module, built with -sanitize=fuzzer,address). TRELLIS_FUZZ_TARGET picks what
// each input is fed to:
//   toml          TOMLParser.parse, then ManifestReader on the text as a pyproject.toml
//   pep508        PEP508Requirement, VersionConstraint, VersionSpecifier and Version on each line
//   requirements  RequirementsFileParser on the text as a requirements.txt (includes read it again)
// Beyond "no trap, no sanitizer report", each target checks what the parsers promise: an error
// or a diagnostic names a line of the input, and a version's normalized spelling reads back as
// the same version.

#if canImport(Glibc)
    import Glibc
#endif

private enum Target: String {
    case toml, pep508, requirements
}

private let target: Target = {
    let name = getenv("TRELLIS_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = Target(rawValue: name) else {
        fatalError("TRELLIS_FUZZ_TARGET must be toml, pep508 or requirements, not '\(name)'")
    }
    return target
}()

/// Stops the run with `message` as a finding (libFuzzer saves the input that caused it).
private func finding(_ message: String) -> Never {
    fatalError("fuzz finding: \(message)")
}

private func lineCount(_ text: String) -> Int {
    text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
}

private func checkLines(_ diagnostics: [Diagnostic], of text: String, file: String) {
    let lines = lineCount(text)
    for diagnostic in diagnostics where diagnostic.file == file {
        if diagnostic.line < 0 || diagnostic.line > lines {
            finding("diagnostic at line \(diagnostic.line) of a \(lines)-line file: \(diagnostic)")
        }
    }
}

private func fuzzTOML(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) {
    do {
        _ = try TOMLParser.parse(text)
    } catch {
        let lines = lineCount(text)
        if error.line < 1 || error.line > lines || error.column < 1 {
            finding("TOML error at \(error.line):\(error.column) of a \(lines)-line text: \(error.message)")
        }
    }
    // The bytes as a scan decodes them (`ManifestText`): not all UTF-8 is an invalid manifest.
    let file = ManifestText(decoding: bytes, path: "m/pyproject.toml")
    let manifests = ManifestReader().read(paths: ["m/pyproject.toml"]) { $0 == "m/pyproject.toml" ? file : nil }
    for manifest in manifests {
        checkLines(manifest.diagnostics, of: text, file: "m/pyproject.toml")
        for dependency in manifest.dependencies
        where dependency.file == nil && (dependency.line < 0 || dependency.line > lineCount(text)) {
            finding("dependency at line \(dependency.line): \(dependency)")
        }
    }
}

private func fuzzPEP508(_ text: String) {
    for line in text.split(separator: "\n") {
        let line = String(line)
        if let requirement = PEP508Requirement(line) {
            if let constraint = try? VersionConstraint(parsing: requirement.specifier) {
                _ = constraint.versions
            }
        }
        if let constraint = try? VersionConstraint(parsing: line) {
            let versions = constraint.versions
            if let probe = Version(line.drop { !$0.isNumber }) {
                _ = constraint.contains(probe)
                _ = versions.contains(probe)
            }
        }
        _ = try? VersionSpecifier(parsing: line)
        if let version = Version(line) {
            guard let again = Version(version.description), again == version,
                again.description == version.description
            else {
                finding("'\(line)' reads as \(version), which does not read back as itself")
            }
        }
    }
}

private func fuzzRequirements(_ raw: String, _ bytes: UnsafeBufferPointer<UInt8>) {
    // Decoded as pip decodes it: byte order marks, a `coding:` comment, else UTF-8.
    let decoded = ManifestText(decoding: bytes, path: "requirements.txt")
    let text = decoded.text
    if let place = decoded.undecodable, place.line < 1 || place.line > lineCount(raw) {
        finding("undecodable byte at line \(place.line) of the file: \(place.reason)")
    }
    // Every include names a file of the same text, down to three folders: cycles, fresh paths
    // and missing files are all reached.
    let result = RequirementsFileParser().parse(file: "requirements.txt", group: "main") { path in
        path.split(separator: "/").count <= 3 ? text : nil
    }
    for diagnostic in result.diagnostics where diagnostic.line < 1 {
        finding("diagnostic without a line: \(diagnostic)")
    }
    for dependency in result.dependencies where dependency.line < 1 || dependency.line > lineCount(text) {
        finding("dependency at line \(dependency.line) of a \(lineCount(text))-line text: \(dependency)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    switch target {
    case .toml: fuzzTOML(text, bytes)
    case .pep508: fuzzPEP508(text)
    case .requirements: fuzzRequirements(text, bytes)
    }
    return 0
}
