/// `costs.csv` (pathway scenarios with `costs:`), tidy:
/// `replication,year,year_ending,line,item,quantity,unit,cost,discounted`: every costed line of
/// every replication and costed year (year 1 is the measured year), quantities divided by the
/// scale, costs in base-year prices, undiscounted and discounted.
public enum CostsTable {
    public static func applies(_ result: ExperimentResult) -> Bool { result.experiment.scenario.pathway?.costs != nil }

    public static func make(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["replication", "year", "year_ending", "line", "item", "quantity", "unit", "cost", "discounted"])
        guard case .pathway(let p, let runs) = result.byModel else { return table }
        for (r, rep) in runs.enumerated() {
            guard let m = rep.measures.costs else { continue }
            for l in CostLines.lines(m, p) {
                table.append([String(result.firstReplication + r), String(l.year), String(l.yearEnding), l.line, l.item, ScenarioNumber.format(l.quantity), l.unit,
                              ScenarioNumber.format(l.cost), ScenarioNumber.format(l.discounted)])
            }
        }
        return table
    }
}
