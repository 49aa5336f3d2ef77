import Foundation
import Testing
import TrellisTestSupport

/// Compares `actual` with `Tests/TrellisCLITests/Golden/<name>`, byte for byte. With
/// `TRELLIS_RECORD=1` it writes the golden instead (and still fails, so a recording run is never
/// mistaken for a passing one). A missing golden fails.
func assertGolden(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = "\(ProjectPaths.packageRoot)/Tests/TrellisCLITests/Golden/\(name)"
    if ProcessInfo.processInfo.environment["TRELLIS_RECORD"] == "1" {
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        Issue.record("recorded \(name); run again without TRELLIS_RECORD to check it", sourceLocation: sourceLocation)
        return
    }
    guard let expected = FileManager.default.contents(atPath: path) else {
        Issue.record("missing golden \(path); record it with TRELLIS_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    #expect(
        Data(actual.utf8) == expected, "\(name) differs from its golden:\n\(actual)", sourceLocation: sourceLocation)
}
