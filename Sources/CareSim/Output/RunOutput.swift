/// The files of a run directory, in the order they are written. A shard's directory
/// (`caresim run --shard`) also holds `metrics.csv`, from which `caresim merge` recomputes the
/// summary.
public enum RunOutput {
    public static func files(_ result: ExperimentResult) -> [(name: String, contents: String)] {
        var files = [
            ("summary.csv", SummaryTable.make(result).text),
            ("stocks.csv", StocksTable.make(result).text),
            ("flows.csv", FlowsTable.make(result).text),
        ]
        if CaseloadsTable.applies(result) { files.append(("caseloads.csv", CaseloadsTable.make(result).text)) }
        if CostsTable.applies(result) { files.append(("costs.csv", CostsTable.make(result).text)) }
        if result.experiment.shard != nil {
            files.append((ReplicationMetrics.fileName, ReplicationMetrics.table(ReplicationMetrics.values(result)).text))
        }
        return files + [("manifest.json", Manifest.make(result))]
    }

    /// The names of the files `files` makes, without making them.
    public static func names(_ result: ExperimentResult) -> [String] {
        ["summary.csv", "stocks.csv", "flows.csv"] + (CaseloadsTable.applies(result) ? ["caseloads.csv"] : [])
            + (CostsTable.applies(result) ? ["costs.csv"] : []) + (result.experiment.shard != nil ? [ReplicationMetrics.fileName] : [])
            + ["manifest.json"]
    }

    public static func write(_ result: ExperimentResult, to directory: String) throws(ResultsDirectory.WriteError) {
        try ResultsDirectory.write(files(result), to: directory)
    }
}
