import CareSimEngine

/// `stocks.csv`, tidy: `replication,time,stage,stock,queued` for every stock sample (every
/// `outputs.stock_interval` days from 0, warm-up included).
public enum StocksTable {
    public static func make(_ result: ExperimentResult) -> CSVTable {
        switch result.byModel {
        case .pathway(let p, let runs): pathway(runs, p, first: result.firstReplication)
        case .network(_, let runs): network(runs, first: result.firstReplication)
        }
    }

    static func network(_ replications: [NetworkResult], first: Int) -> CSVTable {
        var table = CSVTable(header: ["replication", "time", "stage", "stock", "queued"])
        for (r, rep) in replications.enumerated() {
            for sample in rep.samples {
                let t = ScenarioNumber.format(sample.time)
                for (s, station) in rep.stations.enumerated() {
                    table.append([String(first + r), t, station.name, String(sample.inSystem[s]), String(sample.queued[s])])
                }
            }
        }
        return table
    }

    /// The pathway model's `stocks.csv`: `replication,day,date,stage,age_band,placement,count`,
    /// monthly from the warm start (the first of each month, and day 0), by stage, age band and
    /// (for looked-after children) placement type; counts divided by the scale.
    static func pathway(_ results: [PathwayResult], _ p: PathwayParameters, first: Int) -> CSVTable {
        var table = CSVTable(header: ["replication", "day", "date", "stage", "age_band", "placement", "count"])
        let calendar = SimulationCalendar(year: p.startYear, month: p.startMonth, day: p.startDay)
        // Rows come in runs of one sample time: its day and date are written once per run.
        var time = Double.nan, day = "", date = ""
        for (r, rep) in results.enumerated() {
            let replication = String(first + r)
            for s in rep.stocks {
                if s.time != time {
                    time = s.time
                    day = ScenarioNumber.format(time)
                    date = calendar.dateString(time)
                }
                table.append([replication, day, date, s.state.name,
                              PathwayMeasures.ageBandNames[s.ageBand], s.placement?.rawValue ?? "",
                              ScenarioNumber.format(Double(s.count) / p.scale)])
            }
        }
        return table
    }
}
