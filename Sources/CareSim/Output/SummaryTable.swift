import CareSimEngine

/// `summary.csv`: one row per metric across replications:
/// `metric,mean,sd,ci95_low,ci95_high,n` (Student-t interval; sd and interval empty when n < 2).
public enum SummaryTable {
    public static func make(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["metric", "mean", "sd", "ci95_low", "ci95_high", "n"])
        for (metric, values) in Metrics.perReplication(result) {
            guard !values.isEmpty else {
                table.append([metric, "", "", "", "", "0"])
                continue
            }
            let s = SummaryStatistic(values)
            table.append([metric, ScenarioNumber.format(s.mean), s.sd.csv, s.ci95Low.csv, s.ci95High.csv, String(s.n)])
        }
        return table
    }
}
