import ArgumentParser
import CareSim
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report (charts, intervals, assumptions, manifest) of a results directory.",
        discussion: """
        RESULTS_DIR is a caresim run directory or a caresim compare directory (paired differences \
        with intervals). With --compare OTHER_DIR, two run directories are compared without \
        pairing: RESULTS_DIR is the base, OTHER_DIR the alternative, differences are \
        OTHER - RESULTS with Welch intervals. Sections whose file is missing (caseloads.csv, \
        costs.csv, savings.csv) say so. The page has no scripts and needs no network; it prints \
        on A4. Written atomically; nothing is written when a directory is not a results directory.
        """
    )

    @Argument(help: "A caresim run or caresim compare output directory.")
    var results: String

    @Option(help: ArgumentHelp("A second run directory: the alternative, compared unpaired with RESULTS_DIR.", valueName: "OTHER_DIR"))
    var compare: String?

    @Option(help: "The HTML file to write (default: RESULTS_DIR/report.html).")
    var out: String?

    func run() throws {
        let page: String
        let path = out ?? URL(fileURLWithPath: results).appendingPathComponent("report.html").path
        do {
            page = try Report.make(results: results, compare: compare)
            try ResultsDirectory.writeFile(page, to: path, what: "report", replaceable: ResultsDirectory.isReport)
        } catch let error as ReportError {
            printError("error: \(error)")
            throw ExitCode(1)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        print("report in \(path) (\(page.utf8.count / 1024) KiB)")
    }
}
