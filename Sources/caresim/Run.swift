import ArgumentParser
import CareSim
import CareSimEngine
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

    @Option(help: "Number of replications (default: the scenario's).")
    var replications: Int?

    @Option(help: "Master seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "Output directory (default: results/<scenario file name>).")
    var out: String?

    @Option(help: "Threads for replications (default: all cores).")
    var threads: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, got \(replications)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let s = try scenario.load()
        let experiment = Experiment(scenario: s, replications: replications, seed: seed, threads: threads)
        let directory = out ?? "results/" + URL(fileURLWithPath: scenario.file).deletingPathExtension().lastPathComponent
        let result = experiment.run()
        do {
            try RunOutput.write(result, to: directory)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if !quiet {
            let seconds = String(format: "%.2f", result.wallTime)
            print("\(s.name): \(experiment.replications) replications, \(result.totalEvents) events in \(seconds) s on \(experiment.threads) threads")
            print("results in \(directory)/ (summary.csv, stocks.csv, flows.csv, manifest.json)")
        }
    }
}
