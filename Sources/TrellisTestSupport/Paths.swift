import Foundation

/// Where the project's own files are, found from this source file (tests read them in place).
public enum ProjectPaths {
    /// The package root: two folders above `Sources/TrellisTestSupport`.
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The bundled example monorepo.
    public static var example: String { "\(packageRoot)/Examples/ml-monorepo" }

    /// `../shared/corpus` beside the checkout, or nil where it is absent (a user's clone).
    public static var corpus: String? {
        let path = URL(fileURLWithPath: "\(packageRoot)/../shared/corpus").standardizedFileURL.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The Python venv of `tools/install-test-deps.sh` (Poetry, uv, pre-commit, PyYAML):
    /// `$TRELLIS_E2E_VENV`, else `.build/e2e-venv`.
    public static var venv: String {
        ProcessInfo.processInfo.environment["TRELLIS_E2E_VENV"] ?? "\(packageRoot)/.build/e2e-venv"
    }

    /// The `trellis` executable built beside the test bundle, or nil when it was not built.
    public static var trellisBinary: String? {
        var candidates: [String] = []
        if let executable = Bundle.main.executableURL?.deletingLastPathComponent().path {
            candidates.append(executable)
        }
        candidates += CommandLine.arguments.prefix(1).map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        candidates.append("\(packageRoot)/.build/debug")
        for folder in candidates {
            var url = URL(fileURLWithPath: folder)
            // Inside an .xctest bundle the binary sits in the bundle's parent folder.
            for _ in 0..<4 {
                let binary = url.appendingPathComponent("trellis").path
                if FileManager.default.isExecutableFile(atPath: binary) { return binary }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// A program on PATH, or nil.
    public static func which(_ program: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
