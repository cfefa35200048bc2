import Foundation
import Testing

/// `caresim report` as a user runs it: a page written atomically, or an error and nothing.
@Suite("caresim report")
struct ReportCommandTests {
    @Test func writesAReportOfANetworkRun() throws {
        let dir = CLITests.temporary()
        let results = dir.appendingPathComponent("rn1").path, page = dir.appendingPathComponent("report.html").path
        let run = try CLITests.caresim(["run", CLITests.rn1, "--out", results, "--quiet"] + CLITests.quick)
        #expect(run.status == 0, "\(run.stderr)")
        let r = try CLITests.caresim(["report", results, "--out", page])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<svg id=\"chart-stocks\"") && html.contains("<svg id=\"chart-flows\""))
        // A network run has no workforce, stability or costs: said, not failed.
        #expect(html.contains("Not available"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["report.html", "rn1"], "a temporary file was left")
    }

    @Test func refusesWhatIsNotAResultsDirectoryAndWritesNothing() throws {
        let dir = CLITests.temporary()
        let page = dir.appendingPathComponent("report.html").path
        let r = try CLITests.caresim(["report", dir.path, "--out", page])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir.path): not a CareSim results directory") && r.stderr.contains("manifest.json is missing"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: page))
    }
}
