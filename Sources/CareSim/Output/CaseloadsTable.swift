/// `caseloads.csv` (pathway scenarios with a workforce), tidy:
/// `replication,day,date,team,role,mean,p10,p50,p90,filled_posts,vacant_posts,agency_posts`:
/// cases per filled case-holding FTE across a team's posts, monthly from the warm start. Post
/// counts are divided by the scale, like every count.
public enum CaseloadsTable {
    public static func applies(_ result: ExperimentResult) -> Bool { result.experiment.scenario.pathway?.workforce != nil }

    public static func make(_ result: ExperimentResult) -> CSVTable {
        var table = CSVTable(header: ["replication", "day", "date", "team", "role", "mean", "p10", "p50", "p90",
                                      "filled_posts", "vacant_posts", "agency_posts"])
        guard case .pathway(let p, let runs) = result.byModel else { return table }
        let calendar = SimulationCalendar(year: p.startYear, month: p.startMonth, day: p.startDay)
        func n(_ x: Int) -> String { ScenarioNumber.format(Double(x) / p.scale) }
        for (r, rep) in runs.enumerated() {
            for c in rep.caseloads {
                table.append([String(result.firstReplication + r), ScenarioNumber.format(c.time), calendar.dateString(c.time), c.team, c.role,
                              ScenarioNumber.format(c.mean), ScenarioNumber.format(c.p10), ScenarioNumber.format(c.p50),
                              ScenarioNumber.format(c.p90), n(c.filledPosts), n(c.vacantPosts), n(c.agencyPosts)])
            }
        }
        return table
    }
}
