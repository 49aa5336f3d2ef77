import ArgumentParser
import TrellisCore

/// `--color`: colour on a terminal only (`auto`), always (into `less -R`), or never.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// How the text format meets the terminal, decided once per command from the options, the
/// environment and the console: the width tables fit, whether text is coloured, whether
/// progress is drawn. Renderers take it; nothing else looks at a TTY.
struct TerminalStyle: Equatable {
    /// The columns of the terminal standard output is; nil when it is none (a pipe, a file):
    /// tables then keep their natural width, so what scripts read never depends on a window.
    var width: Int?
    /// ANSI colour and bold in tables and findings.
    var color: Bool
    /// A self-rewriting progress line on standard error (a terminal).
    var progress: Bool

    /// No terminal: what tests, pipes and files get.
    static let plain = TerminalStyle(width: nil, color: false, progress: false)

    /// `--color auto` colours only when standard output is a terminal, `TERM` is not `dumb` and
    /// `NO_COLOR` is unset or empty (no-color.org); `always` and `never` are what they say (a
    /// command-line choice wins over NO_COLOR, as no-color.org asks). `COLUMNS`, when set to a
    /// number, is the width of a terminal standard output (as in a shell that exports it).
    static func decide(color choice: ColorChoice, console: Console, environment: [String: String]) -> TerminalStyle {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let color: Bool
        switch choice {
        case .always: color = true
        case .never: color = false
        case .auto: color = console.outIsTerminal && !noColor && environment["TERM"] != "dumb"
        }
        var width: Int?
        if console.outIsTerminal {
            width = environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? console.outColumns
        }
        return TerminalStyle(width: width, color: color, progress: console.errIsTerminal)
    }

    /// `text` in `tone`'s colour when colour is on.
    func paint(_ text: String, _ tone: Tone?) -> String {
        guard color, let tone, !text.isEmpty else { return text }
        return "\u{1B}[\(tone.code)m\(text)\u{1B}[0m"
    }

    /// What a line or a header means, for its colour.
    enum Tone: Equatable {
        case error, warning, note, heading

        /// The tone of a finding of `severity`.
        init(_ severity: Diagnostic.Severity) {
            switch severity {
            case .error: self = .error
            case .warning: self = .warning
            case .info: self = .note
            }
        }

        var code: String {
            switch self {
            case .error: "31"
            case .warning: "33"
            case .note: "2"
            case .heading: "1"
            }
        }
    }
}
