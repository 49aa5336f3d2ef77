import Foundation

/// A line on standard error that rewrites itself (`\r`, then erase to the end of the line) while
/// long work runs, drawn only when standard error is a terminal (`TerminalStyle.progress`), at
/// most ten times a second; `finish` leaves one clean last line, or none.
final class ProgressLine {
    private let console: Console
    private let enabled: Bool
    private let clock: () -> Date
    private var lastDrawn: Date?
    private(set) var drawn = false

    init(console: Console, style: TerminalStyle, clock: @escaping () -> Date = Date.init) {
        self.console = console
        enabled = style.progress
        self.clock = clock
    }

    /// Shows `text` in place of the previous state; skipped when the last one is under 0.1 s old,
    /// unless `force` (a stage that may last).
    func update(_ text: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        let now = clock()
        if !force, let lastDrawn, now.timeIntervalSince(lastDrawn) < 0.1 { return }
        lastDrawn = now
        drawn = true
        console.errRaw("\r\u{1B}[K" + text())
    }

    /// Replaces the line by `text` and ends it, or erases it when `text` is nil (the results
    /// on standard output then start on a clean line). Nothing when no line was drawn.
    func finish(_ text: String? = nil) {
        guard enabled, drawn else { return }
        drawn = false
        console.errRaw("\r\u{1B}[K" + (text.map { $0 + "\n" } ?? ""))
    }
}
