/// The files of a run directory, in the order they are written. A pathway run's also holds
/// `years.csv` (YearsTable). A shard's directory (`caresim run --shard`) also holds `metrics.csv`,
/// from which `caresim merge` recomputes the summary, and a pathway shard's `year_values.csv`,
/// from which it recomputes `years.csv`.
public enum RunOutput {
    public static func files(_ result: ExperimentResult) -> [(name: String, contents: String)] {
        var data = dataFiles(result, metrics: result.experiment.shard != nil ? ReplicationMetrics.values(result) : nil)
        if let years = YearsTable.make(result) {
            // Before a shard's own files, as `names` lists it.
            let at = data.firstIndex { $0.name == ReplicationMetrics.fileName } ?? data.count
            data.insert((YearsTable.fileName, years.text), at: at)
        }
        return [("summary.csv", SummaryTable.make(result).text)] + data + [("manifest.json", Manifest.make(result))]
    }

    /// The tables with a row per replication (each with its header): what a streamed run writes
    /// replication by replication (Experiment.run(streamingTo:)). `metrics`: a shard's metrics.csv
    /// (a pathway shard's year_values.csv follows it).
    static func dataFiles(_ result: ExperimentResult, metrics: ReplicationMetrics.Values?) -> [(name: String, contents: String)] {
        var files = [("stocks.csv", StocksTable.make(result).text), ("flows.csv", FlowsTable.make(result).text)]
        if CaseloadsTable.applies(result) { files.append(("caseloads.csv", CaseloadsTable.make(result).text)) }
        if CostsTable.applies(result) { files.append(("costs.csv", CostsTable.make(result).text)) }
        if let metrics {
            files.append((ReplicationMetrics.fileName, ReplicationMetrics.table(metrics).text))
            if case .pathway(let p, let runs) = result.byModel, let first = runs.first {
                let table = YearsTable.valuesTable(cells: YearsTable.values(first, p).cells, replications: runs.map { YearsTable.values($0, p).values },
                                                   first: result.firstReplication)
                files.append((YearsTable.valuesFileName, table.text))
            }
        }
        return files
    }

    /// A table's text without its header line.
    static func body(_ text: String) -> Substring {
        guard let newline = text.firstIndex(of: "\n") else { return "" }
        return text[text.index(after: newline)...]
    }

    /// The names of the files `files` makes, without making them.
    public static func names(_ result: ExperimentResult) -> [String] { names(result.experiment) }

    public static func names(_ experiment: Experiment) -> [String] {
        let p = experiment.scenario.pathway
        return ["summary.csv", "stocks.csv", "flows.csv"] + (p?.workforce != nil ? ["caseloads.csv"] : [])
            + (p?.costs != nil ? ["costs.csv"] : []) + (p != nil ? [YearsTable.fileName] : [])
            + (experiment.shard != nil ? [ReplicationMetrics.fileName] + (p != nil ? [YearsTable.valuesFileName] : []) : [])
            + ["manifest.json"]
    }

    public static func write(_ result: ExperimentResult, to directory: String) throws(ResultsDirectory.WriteError) {
        try ResultsDirectory.write(files(result), to: directory)
    }
}
