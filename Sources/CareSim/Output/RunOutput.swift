/// The files of a run directory, in the order they are written.
public enum RunOutput {
    public static func files(_ result: ExperimentResult) -> [(name: String, contents: String)] {
        [
            ("summary.csv", SummaryTable.make(result).text),
            ("stocks.csv", StocksTable.make(result).text),
            ("flows.csv", FlowsTable.make(result).text),
            ("manifest.json", Manifest.make(result)),
        ]
    }

    public static func write(_ result: ExperimentResult, to directory: String) throws(ResultsDirectory.WriteError) {
        try ResultsDirectory.write(files(result), to: directory)
    }
}
