import ArgumentParser
import CareSim
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's replications and write summary.csv, stocks.csv, flows.csv and manifest.json.",
        discussion: """
        Replications run in parallel; the files are byte-identical whatever --threads is (only the \
        manifest's runtime block differs). Results are written to a temporary directory and moved \
        into place, so an interrupted run never leaves a half-written result.
        """
    )

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var options: RunOptions

    @Option(help: "Output directory (default: results/<scenario file name>).")
    var out: String?

    func run() throws {
        let s = try scenario.load()
        let experiment = options.experiment(s)
        let directory = out ?? "results/" + URL(fileURLWithPath: scenario.file).deletingPathExtension().lastPathComponent
        let bar = ProgressBar.make(total: experiment.replications, label: s.name, quiet: options.quiet)
        let result = experiment.run(progress: bar?.update)
        bar?.finish()
        do {
            try RunOutput.write(result, to: directory)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if !options.quiet {
            let seconds = String(format: "%.2f", result.wallTime)
            print("\(s.name): \(experiment.replications) replications, \(result.totalEvents) events in \(seconds) s on \(experiment.threads) threads")
            print("results in \(directory)/ (\(RunOutput.names(result).joined(separator: ", ")))")
        }
    }
}
