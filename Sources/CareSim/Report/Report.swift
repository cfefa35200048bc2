import Foundation

/// `caresim report`: one self-contained HTML page from a results directory (a run or a
/// comparison), or from two run directories compared without pairing. Reads the tidy CSVs and
/// the manifest; writes nothing itself (the caller writes the page atomically).
public enum Report {
    public static func make(results: String, compare other: String? = nil) throws(ReportError) -> String {
        let input = try ResultsInput(directory: results)
        let second = try other.map { (d: String) throws(ReportError) in try ResultsInput(directory: d) }
        return page(try ReportModel(input, compare: second))
    }

    public static func sections(_ model: ReportModel) -> [ReportSection] {
        [SummarySection.make(model), OutcomeSections.differences(model), OutcomeSections.savings(model), PairingSections.servedCohort(model), SensitivitySection.make(model), FanChart.section(model), TimeSeriesSections.stocks(model),
         TimeSeriesSections.flows(model), TimeSeriesSections.caseloads(model), OutcomeSections.stability(model),
         OutcomeSections.costs(model), PairingSections.varianceReduction(model), AssumptionsSection.make(model), OutcomeSections.allMetrics(model),
         AssumptionsSection.manifests(model)].compactMap { $0 }
    }

    public static func page(_ model: ReportModel) -> String {
        let names = model.arms.map(\.scenario.name)
        let title: String, subtitle: String
        switch model.mode {
        case .run:
            title = "CareSim report: " + names[0]
            subtitle = "Results of caresim run in \(model.arms[0].directory)"
        case .paired:
            title = "CareSim comparison: " + names[1] + " vs " + names[0]
            subtitle = "Paired comparison (caresim compare, common random numbers) in \(model.arms[0].directory)"
        case .unpaired:
            title = "CareSim comparison: " + names[1] + " vs " + names[0]
            subtitle = "Two separate runs compared without pairing: base \(model.arms[0].directory), alternative \(model.arms[1].directory)"
        }
        var facts: [(String, String)] = []
        for (label, _, m) in model.manifests {
            let prefix = label.isEmpty ? "" : label + " "
            facts.append((prefix + "scenario", m.arms.map { "\($0.name) (\($0.file))" }.joined(separator: "; ")))
            if let d = m.description { facts.append((prefix + "description", d.trimmingCharacters(in: .whitespacesAndNewlines))) }
            facts.append((prefix + "seed, replications", "\(m.seed), \(m.replications.map(String.init) ?? "unknown")"))
            if let p = m.pairing { facts.append(("pairing", p)) }
            if let e = m.effectSizes { facts.append((prefix + "effect sizes", e)) }
            facts.append((prefix + "caresim version", m.version))
        }
        if let y = model.arms.first?.measureYearEnding { facts.append(("measured year", "to 31 March \(y)")) }
        return ReportPage.html(title: title, subtitle: subtitle, facts: facts, sections: sections(model))
    }
}
