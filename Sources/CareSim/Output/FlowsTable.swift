/// `flows.csv`, tidy: `replication,period,start,end,from,to,count` for every origin and
/// destination with movements in each period of `outputs.flow_period` days from 0 (warm-up
/// included). Origins are arrival streams and stages; destinations are stages and exits.
public enum FlowsTable {
    public static func make(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["replication", "period", "start", "end", "from", "to", "count"])
        for (r, rep) in result.replications.enumerated() {
            for p in 0..<rep.flowPeriods {
                let start = ScenarioNumber.format(Double(p) * rep.flowPeriod)
                let end = ScenarioNumber.format(min(Double(p + 1) * rep.flowPeriod, rep.horizon))
                for (o, origin) in rep.flowOrigins.enumerated() {
                    for (d, destination) in rep.flowDestinations.enumerated() {
                        let n = rep.flow(period: p, origin: o, destination: d)
                        if n > 0 { table.append([String(r), String(p), start, end, origin, destination, String(n)]) }
                    }
                }
            }
        }
        return table
    }
}
