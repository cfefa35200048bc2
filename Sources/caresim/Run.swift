import ArgumentParser
import CareSim
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's replications and write summary.csv, stocks.csv, flows.csv and manifest.json.",
        discussion: """
        Replications run in parallel; the files are byte-identical whatever --threads is (only the \
        manifest's runtime block differs). Results are written to a temporary directory and moved \
        into place, so an interrupted run never leaves a half-written result. With --shard K/N it \
        runs only replications [floor((K-1)R/N), floor(KR/N)) of R, with the streams the whole run \
        gives them, and also writes metrics.csv; caresim merge puts shards 1 to N back together.
        """
    )

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var options: RunOptions

    @Option(help: "Output directory (default: results/<scenario file name>, or results/<name>.shard-K-of-N).")
    var out: String?

    @Option(help: ArgumentHelp("Run only shard K of N (K from 1) of the replications, for caresim merge.", valueName: "K/N"),
            transform: { text in try Shard(parsing: text) })
    var shard: Shard?

    func run() throws {
        let s = try scenario.load()
        var experiment = options.experiment(s)
        if let shard {
            do {
                try shard.check(total: experiment.replications)
            } catch {
                printError("error: --shard \(shard): \(error)")
                throw ExitCode(1)
            }
            experiment.shard = shard
        }
        let stem = URL(fileURLWithPath: scenario.file).deletingPathExtension().lastPathComponent
        let directory = out ?? "results/" + stem + (shard.map { ".shard-\($0.index)-of-\($0.count)" } ?? "")
        let result: RunSummary
        let staged: StagedResults
        do {
            staged = try StagedResults(directory: directory)  // refused before anything runs
            let bar = ProgressBar.make(total: experiment.replicationIndices.count, label: s.name, quiet: options.quiet)
            result = try experiment.run(streamingTo: staged, progress: bar?.update)
            bar?.finish()
            try staged.commit()
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if let note = staged.leftBehind { printError("warning: \(note)") }
        if !options.quiet {
            let seconds = String(format: "%.2f", result.wallTime)
            let which = shard.map { r in "shard \(r) (replications \(experiment.replicationIndices.lowerBound) to \(experiment.replicationIndices.upperBound - 1) of \(experiment.replications))" }
            print("\(s.name): \(which ?? "\(experiment.replications) replications"), \(result.totalEvents) events in \(seconds) s on \(experiment.threads) threads")
            print("results in \(directory)/ (\(RunOutput.names(experiment).joined(separator: ", ")))")
        }
    }
}
