/// Two sections of a paired comparison's report: the served cohort (the children the
/// alternative's practice model or interventions served, followed in both arms), and what the
/// pairing under common random numbers bought (variance reduction).
enum PairingSections {
    static func servedCohort(_ model: ReportModel) -> ReportSection? {
        guard model.mode == .paired else { return nil }
        let id = "cohort", title = "The served cohort"
        let rows = model.differences.filter { $0.metric.hasPrefix("cohort.") }
        guard !rows.isEmpty else {
            return .unavailable(id: id, title: title, "the comparison did not follow the served cohort (caresim compare --cohort served)")
        }
        let html = "<p>The children the alternative's practice model or interventions served for the first time in the measured year,"
            + " followed in both arms from the day they joined to the end of the run (the same children: both arms share their random"
            + " numbers); \"served at home\" are those served while not in care, \"first year\" counts exactly a year after joining."
            + " \(OutcomeSections.pairingNote(model))</p>" + OutcomeSections.differenceTable(rows)
        return ReportSection(id: id, title: title, html: html)
    }

    static func varianceReduction(_ model: ReportModel) -> ReportSection? {
        guard model.mode == .paired else { return nil }
        let id = "pairing", title = "What pairing bought"
        let rows = OutcomeSections.headline.compactMap { name in model.differences.first { $0.metric == name && $0.varianceReduction != nil } }
        guard !rows.isEmpty else {
            return .unavailable(id: id, title: title, "comparison.csv has no variance_reduction column (written by caresim compare)")
        }
        var t = HTMLTable(header: ["metric", "variance reduction", "replications independent seeds would need"])
        for d in rows {
            let vr = d.varianceReduction!
            t.append([.text(ReportFormat.label(d.metric)), .number(ReportFormat.number(vr)),
                      .number(vr.isFinite ? ReportFormat.grouped(vr * Double(d.n), decimals: 0) : "–")])
        }
        let html = "<p>Both arms ran under common random numbers, so each difference is measured on the same children and its"
            + " interval is narrower than two independent runs would give. The variance reduction is (Var(base) + Var(alternative))"
            + " ÷ Var(alternative − base), measured from these replications: independent seeds would need that many times the"
            + " replications for the same interval. Below 1, pairing did not help for that measure.</p>" + t.html
        return ReportSection(id: id, title: title, html: html)
    }
}
