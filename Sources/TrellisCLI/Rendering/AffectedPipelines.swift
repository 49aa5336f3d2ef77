import Foundation
import TrellisCore

/// What `affected` prints for CI pipelines and for `--explain`: GitHub Actions' matrix object,
/// a GitLab child pipeline, and the trail of one module.
enum AffectedPipelines {
    /// `{"include": [{"kind", "name", "path", "reason"}, …]}` on one line, so
    /// `echo "matrix=$(trellis affected --format github-matrix)" >> "$GITHUB_OUTPUT"` works and
    /// `fromJSON` turns it into `strategy.matrix`. No module gives `{"include":[]}`.
    static func githubMatrix(_ entries: [AffectedModules.Entry]) -> String {
        struct Matrix: Encodable { var include: [ModuleEntryJSON] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and numbers cannot fail.
        let data = try! encoder.encode(Matrix(include: entries.map(ModuleEntryJSON.init)))
        return String(decoding: data, as: UTF8.self)
    }

    /// A GitLab child-pipeline YAML: `include` of `include` (the repository file that defines the
    /// hidden job `.trellis-module`), then a job per module extending it with the variables
    /// `TRELLIS_MODULE`, `TRELLIS_PATH`, `TRELLIS_KIND` and `TRELLIS_REASON`. A job is named
    /// after its module, or its folder when two affected modules share the name. With no module,
    /// one job that says so: GitLab rejects a pipeline without jobs. A module named after one of
    /// GitLab's top-level keywords (`variables`, `stages`, …) gets a `module ` prefix, so it stays
    /// a job.
    static func gitlab(_ entries: [AffectedModules.Entry], include: String) -> String {
        var yaml = "# trellis affected --format gitlab: a job per affected module, each extending .trellis-module\n"
        guard !entries.isEmpty else {
            yaml += "trellis-nothing-affected:\n  script:\n    - \(quote("echo 'No module is affected.'"))\n"
            return yaml
        }
        yaml += "include:\n  - local: \(quote(include))\n"
        let names = Dictionary(grouping: entries, by: \.module.name)
        for entry in entries {
            let module = entry.module
            let named = names[module.name]!.count > 1 ? module.path : module.name.rawValue
            let job = gitlabKeywords.contains(named) ? "module \(named)" : named
            yaml += """

                \(quote(job)):
                  extends: .trellis-module
                  variables:
                    TRELLIS_MODULE: \(quote(module.name.rawValue))
                    TRELLIS_PATH: \(quote(module.path))
                    TRELLIS_KIND: \(quote(module.kind.rawValue))
                    TRELLIS_REASON: \(quote(entry.reason.rawValue))

                """
        }
        return yaml
    }

    /// Why a module is affected, for people: `a/b.py → lib-one → serving` (the first changed
    /// file, `(+N)` when its module had more), or for a module needed to build an affected one,
    /// `needed: serving → preprocessing → lib-one`.
    static func trail(of entry: AffectedModules.Entry) -> String {
        let chain = entry.trail.map(\.name.rawValue).joined(separator: " \u{2192} ")
        if entry.reason == .dependency { return "needed: \(chain)" }
        guard let first = entry.files.first else { return chain }
        let more = entry.files.count > 1 ? " (+\(entry.files.count - 1))" : ""
        let modules = entry.reason == .changed ? "" : " \u{2192} \(chain)"
        return "\(first)\(more)\(modules)"
    }

    /// The top-level keys GitLab reads as keywords, not jobs.
    private static let gitlabKeywords: Set<String> = [
        "after_script", "before_script", "cache", "default", "image", "include", "pages", "services", "stages",
        "variables", "workflow",
    ]

    /// A YAML double-quoted scalar: JSON's string escapes are YAML's, plus the line breaks YAML
    /// has and JSON does not (NEL, U+2028, U+2029), which a YAML reader would fold.
    private static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(text), as: UTF8.self)
            .replacing("\u{85}", with: "\\N").replacing("\u{2028}", with: "\\L").replacing("\u{2029}", with: "\\P")
    }
}
