/// The one-page summary that opens a comparison's report, for a reader with two minutes: the
/// saving with its interval (net, or gross when an intervention's cost was not given), the
/// changes in children's outcomes with intervals, the evidence grades of the alternative's
/// practice-model and intervention effects (the `# grade:` comments `caresim scenario` writes),
/// what the result is most sensitive to (sensitivity.csv), and the caveats.
enum SummarySection {
    /// Children's outcomes, in pathway order.
    static let outcomes = ["children_in_need_open", "cp_plans_started", "cp_plans_open", "looked_after_started", "looked_after_open"]

    static func make(_ model: ReportModel) -> ReportSection? {
        guard model.mode != .run else { return nil }
        var html = "<div class=\"summary\">"
        var caveats: [String] = []
        // The saving.
        if let s = model.savings, let total = s.value("total", "saving.total.discounted"), let mean = total.mean {
            let years = s.years.count
            let what = s.isGross ? "Gross saving" : "Net saving"
            html += "<p class=\"headline\"><strong>\(what)</strong>, discounted, over \(years) year\(years == 1 ? "" : "s"): "
                + "<strong>\(ReportFormat.value(mean, .money))</strong> (95% interval \(ReportFormat.interval(total.low, total.high, .money)))"
                + (s.isGross ? ", before paying for the change: its cost was not given." : ", after the change's cost.") + "</p>"
            if s.isGross { caveats.append("The saving is gross: what the change saves before paying for it, since no cost was given for it.") }
            if let l = total.low, let h = total.high, l < 0, h > 0 { caveats.append("The saving's interval includes zero: the model cannot rule out no saving, or a cost.") }
        } else {
            html += "<p class=\"headline\"><strong>Saving</strong>: not available (the arms have no costs).</p>"
        }
        // Children's outcomes.
        let rows = outcomes.compactMap { name in model.differences.first { $0.metric == name && $0.difference != nil } }
        if rows.isEmpty {
            html += "<p class=\"unavailable\">Not available: none of the children's outcomes is in both arms.</p>"
        } else {
            var t = HTMLTable(header: ["children's outcome, measured year", "base", "alternative", "difference", "95% interval", "reading"])
            for d in rows {
                let reading: String
                if let l = d.low, let h = d.high, l > 0 || h < 0 {
                    reading = h < 0 ? "fewer" : "more"
                } else {
                    reading = "no clear change"
                }
                t.append([.text(ReportFormat.label(d.metric)), .number(ReportFormat.value(d.base, .number)),
                          .number(ReportFormat.value(d.alternative, .number)), .number(ReportFormat.value(d.difference, .number)),
                          .number(ReportFormat.interval(d.low, d.high, .number)), .text(reading)])
            }
            html += t.html
        }
        // Evidence grades.
        let grades = evidenceGrades(model)
        if grades.isEmpty {
            html += "<p><strong>Evidence</strong>: the alternative's scenario grades none of its effects (scenarios written by"
                + " <code>caresim scenario</code> carry a <code># grade:</code> comment on each).</p>"
        } else {
            html += "<p><strong>Evidence</strong> behind the alternative's effects: "
                + grades.map { "\($0.count) \(SVG.escape($0.grade))" }.joined(separator: ", ") + ".</p>"
            if let assumed = grades.first(where: { $0.grade == "assumed" }) {
                caveats.append("\(assumed.count) of the alternative's graded values are assumed: no published figure was found for them.")
            }
        }
        // Sensitivity.
        if let s = model.sensitivity {
            let strongest = s.outcomes.compactMap { o in s.strongest(o).map { (o, $0) } }
            if strongest.isEmpty {
                html += "<p><strong>Most sensitive to</strong>: no drawn effect has an influence distinguishable from none.</p>"
            } else {
                html += "<p><strong>Most sensitive to</strong>: " + strongest.map { o, r in
                    let what = o == Sensitivity.savingOutcome ? "the saving" : ReportFormat.label(o)
                    return "\(SVG.escape(what)): <strong>\(SVG.escape(SensitivityRows.label(r.input)))</strong> (PRCC \(ReportFormat.number(r.prcc)),"
                        + " 95% interval \(ReportFormat.interval(r.low, r.high, .number)))"
                }.joined(separator: "; ") + ".</p>"
            }
        } else if model.mode == .paired {
            html += "<p><strong>Most sensitive to</strong>: not measured (no sensitivity.csv).</p>"
        }
        // Caveats.
        if model.mode == .unpaired { caveats.append("The arms were run separately, so the intervals are unpaired and wider than a paired comparison's.") }
        if let e = model.manifests.first?.manifest.effectSizes, e.hasPrefix("central") {
            caveats.append("Effect sizes were held at their means: the intervals leave out the uncertainty in the effects.")
        }
        if let n = model.manifests.first?.manifest.replications, n < 30 {
            caveats.append("Only \(n) replications: the intervals are rough.")
        }
        caveats.append("A model of the pathway calibrated to published figures, not a forecast: the differences are what the"
            + " effects imply for this area's children, and are only as good as the effects (see Assumptions and sources).")
        html += "<p><strong>Caveats</strong></p><ul>" + caveats.map { "<li>\(SVG.escape($0))</li>" }.joined() + "</ul></div>"
        return ReportSection(id: "summary", title: "Summary", html: html)
    }

    /// The grades (`# grade: <grade>. ...`) of the alternative's commented practice-model and
    /// intervention values, counted, most frequent first.
    static func evidenceGrades(_ model: ReportModel) -> [(grade: String, count: Int)] {
        guard let arm = model.arms.last else { return [] }
        let a = ScenarioAssumptions(arm: arm.scenario, resultsDirectory: arm.directory)
        var counts: [String: Int] = [:]
        for e in a.entries where e.path.hasPrefix("practice_models") || e.path.hasPrefix("interventions") {
            guard let g = grade(e.comment) else { continue }
            counts[g, default: 0] += 1
        }
        return counts.map { (grade: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.grade < $1.grade }
    }

    /// "grade: evaluation to council figures, fitted: ..." is "evaluation to council figures".
    static func grade(_ comment: String) -> String? {
        guard let r = comment.range(of: "grade:") else { return nil }
        let rest = comment[r.upperBound...]
        let end = rest.firstIndex { ".,:;(".contains($0) } ?? rest.endIndex
        let g = rest[..<end].trimmingCharacters(in: .whitespaces)
        return g.isEmpty ? nil : g
    }
}
