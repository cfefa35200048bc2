/// `stocks.csv`, tidy: `replication,time,stage,stock,queued` for every stock sample (every
/// `outputs.stock_interval` days from 0, warm-up included).
public enum StocksTable {
    public static func make(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["replication", "time", "stage", "stock", "queued"])
        for (r, rep) in result.replications.enumerated() {
            for sample in rep.samples {
                let t = ScenarioNumber.format(sample.time)
                for (s, station) in rep.stations.enumerated() {
                    table.append([String(r), t, station.name, String(sample.inSystem[s]), String(sample.queued[s])])
                }
            }
        }
        return table
    }
}
