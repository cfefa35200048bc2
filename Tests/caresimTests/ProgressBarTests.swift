import Testing
@testable import caresim

/// The progress line's text (the bar itself only shows on a terminal; CLITests checks a pipe
/// gets nothing).
@Suite("progress bar")
struct ProgressBarTests {
    @Test("bar, count, rate and time left")
    func line() {
        let text = ProgressBar.line(done: 5, total: 10, elapsed: 10, label: "run", width: 10)
        #expect(text == "run [#####-----] 5/10 replications, 0.50/s, 0:10 left")
        #expect(ProgressBar.line(done: 0, total: 4, elapsed: 0, label: "x", width: 4) == "x [----] 0/4 replications")
        #expect(ProgressBar.line(done: 4, total: 4, elapsed: 2, label: "x", width: 4) == "x [####] 4/4 replications, 2.00/s")
        #expect(ProgressBar.clock(3725) == "1:02:05")
        #expect(ProgressBar.clock(59.6) == "1:00")
    }
}
