import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A progress line on standard error while replications run: a bar, replications done, the
/// rate and the time left. Shown only when standard error is a terminal and not --quiet, so
/// logs and pipes get no control characters; cleared when the run ends.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let start = Date()
    private let lock = NSLock()
    private var shown = false

    /// nil when it should not be shown.
    static func make(total: Int, label: String, quiet: Bool) -> ProgressBar? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressBar(total: total, label: label)
    }

    private init(total: Int, label: String) {
        self.total = total
        self.label = label
        draw(0)
    }

    /// The callback a run reports to: `done` replications have finished.
    var update: @Sendable (Int) -> Void { { [self] done in draw(done) } }

    static func line(done: Int, total: Int, elapsed: Double, label: String, width: Int = 24) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var text = "\(label) [\(bar)] \(done)/\(total) replications"
        if done > 0, elapsed > 0 {
            let rate = Double(done) / elapsed
            text += String(format: ", %.2f/s", rate)
            if done < total { text += ", " + clock(Double(total - done) / rate) + " left" }
        }
        return text
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private func draw(_ done: Int) {
        lock.lock()
        defer { lock.unlock() }
        let text = Self.line(done: done, total: total, elapsed: Date().timeIntervalSince(start), label: label)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        shown = true
    }

    /// Removes the line (before the command prints its result).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
