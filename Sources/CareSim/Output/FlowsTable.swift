import CareSimEngine

/// `flows.csv`, tidy: `replication,period,start,end,from,to,count` for every origin and
/// destination with movements in each period of `outputs.flow_period` days from 0 (warm-up
/// included). Origins are arrival streams and stages; destinations are stages and exits.
public enum FlowsTable {
    public static func make(_ result: ExperimentResult) -> CSVTable {
        switch result.byModel {
        case .pathway(let p, let runs): pathway(runs, p, first: result.firstReplication)
        case .network(_, let runs): network(runs, first: result.firstReplication)
        }
    }

    static func network(_ replications: [NetworkResult], first: Int) -> CSVTable {
        var table = CSVTable(header: ["replication", "period", "start", "end", "from", "to", "count"])
        for (r, rep) in replications.enumerated() {
            for p in 0..<rep.flowPeriods {
                let start = ScenarioNumber.format(Double(p) * rep.flowPeriod)
                let end = ScenarioNumber.format(min(Double(p + 1) * rep.flowPeriod, rep.horizon))
                for (o, origin) in rep.flowOrigins.enumerated() {
                    for (d, destination) in rep.flowDestinations.enumerated() {
                        let n = rep.flow(period: p, origin: o, destination: d)
                        if n > 0 { table.append([String(first + r), String(p), start, end, origin, destination, String(n)]) }
                    }
                }
            }
        }
        return table
    }

    /// The pathway model's `flows.csv`: `replication,year_ending,from,to,reason,count`, one row
    /// per kind of move between stages and out of the system in each year to 31 March (counts
    /// divided by the scale). `reason` is why a care episode ended, for every move out of
    /// `looked_after` (the census's reasons: returned_home, adoption, special_guardianship,
    /// child_arrangements, age_18, other), and empty for other moves: going home is one move,
    /// to `returned_home`, so the moves out of care add up to the episodes ended.
    static func pathway(_ results: [PathwayResult], _ p: PathwayParameters, first: Int) -> CSVTable {
        var table = CSVTable(header: ["replication", "year_ending", "from", "to", "reason", "count"])
        for (r, rep) in results.enumerated() {
            for year in 0..<rep.flows.years {
                for (from, to, n) in rep.flows.moves(year: year) {
                    table.append([String(first + r), String(p.startYear + 1 + year), from.name, to.name, careEndReason(from: from, to: to),
                                  ScenarioNumber.format(Double(n) / p.scale)])
                }
            }
        }
        return table
    }

    /// Why a care episode ended, for a move out of looked_after ("" otherwise).
    static func careEndReason(from: FlowEndpoint, to: FlowEndpoint) -> String {
        guard from == .state(.care) else { return "" }
        switch to {
        case .state(.returnedHome): return CareExit.returnedHome.rawValue
        case .ceased(let route): return route.rawValue
        default: return ""
        }
    }
}
