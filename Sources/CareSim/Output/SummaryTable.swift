import CareSimEngine

/// `summary.csv`: one row per metric across replications:
/// `metric,mean,sd,ci95_low,ci95_high,n,unit` (Student-t interval; sd and interval empty when n < 2;
/// the unit from the metric's name, MetricUnit).
public enum SummaryTable {
    public static func make(_ result: ExperimentResult) -> CSVTable {
        make(rows: Metrics.perReplication(result))
    }

    /// From each metric's values in replication order (what `caresim merge` rebuilds from shards).
    public static func make(rows: [(metric: String, values: [Double])]) -> CSVTable {
        make(statistics: rows.map { (metric: $0.metric, statistic: $0.values.isEmpty ? nil : SummaryStatistic($0.values)) })
    }

    /// From each metric's statistic (nil: no replication has a value), as a streamed run has them.
    public static func make(statistics rows: [(metric: String, statistic: SummaryStatistic?)]) -> CSVTable {
        var table = CSVTable(header: ["metric", "mean", "sd", "ci95_low", "ci95_high", "n", "unit"])
        for (metric, s) in rows {
            guard let s else {
                table.append([metric, "", "", "", "", "0", MetricUnit.of(metric)])
                continue
            }
            table.append([metric, ScenarioNumber.format(s.mean), s.sd.csv, s.ci95Low.csv, s.ci95High.csv, String(s.n), MetricUnit.of(metric)])
        }
        return table
    }
}
