import ArgumentParser
import CareSim

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the shard directories of one run (caresim run --shard K/N) into the files the unsharded run writes.",
        discussion: """
        Give every shard 1 to N of one run once, in any order. summary.csv is recomputed from the \
        shards' metrics.csv; the other data files are their rows in replication order; the manifest \
        is the unsharded run's, except runtime.threads (the most any shard used) and \
        runtime.wall_time_seconds (the shards' sum). Shards of different scenarios, seeds, \
        replication counts, options or caresim versions, a shard given twice and a missing shard \
        are refused, naming the directory and the field. Written atomically: nothing is written \
        on an error.
        """
    )

    @Argument(help: "The shard directories.")
    var shards: [String]

    @Option(help: "The directory to write the merged results to (not a shard directory or one holding them).")
    var out: String

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let merged: CareSim.Merge.Merged
        do {
            merged = try CareSim.Merge.write(shards, to: out)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if !quiet {
            print("\(merged.scenarioName): \(merged.shards) shards, \(merged.replications) replications merged")
            print("results in \(out)/ (\(merged.files.map(\.name).joined(separator: ", ")))")
        }
    }
}
