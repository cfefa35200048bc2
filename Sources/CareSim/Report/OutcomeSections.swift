/// The report's sections drawn from summary metrics: headline differences, placement
/// stability, costs and savings, and the table of every metric.
enum OutcomeSections {
    /// Metrics a reader looks for first, in pathway order; those a run lacks are left out.
    static let headline = ["referrals", "assessments_completed", "section47_enquiries", "cp_plans_started", "cp_plans_open",
                           "children_in_need_open", "looked_after_started", "looked_after_open", "looked_after_ceased",
                           "placements_in_year_three_plus_share", "caseload_per_fte", "cost.children_services", "cost.total",
                           "mean_stock.assessment", "mean_stock.cin", "mean_stock.cp", "mean_stock.care", "mean_wait.assessment"]

    static func cell(_ m: MetricSummary?) -> [HTMLTable.Cell] {
        guard let m else { return [.number("–"), .number("–")] }
        let k = ReportFormat.kind(of: m.metric)
        return [.number(ReportFormat.value(m.mean, k)), .number(ReportFormat.interval(m.low, m.high, k))]
    }

    /// A table of `metrics` with each arm's mean and interval, or nil when no arm has any of them.
    static func armTable(_ model: ReportModel, _ metrics: [String]) -> String? {
        let present = metrics.filter { name in model.arms.contains { $0.metric(name) != nil } }
        guard !present.isEmpty else { return nil }
        let many = model.arms.count > 1
        var t = HTMLTable(header: ["metric"] + model.arms.flatMap { many ? [$0.label + ": mean", "95% interval"] : ["mean", "95% interval"] })
        for name in present { t.append([.text(ReportFormat.label(name))] + model.arms.flatMap { cell($0.metric(name)) }) }
        return t.html
    }

    static func differenceTable(_ rows: [MetricDifference]) -> String {
        var t = HTMLTable(header: ["metric", "base", "alternative", "difference", "95% interval", "relative"])
        for d in rows {
            let k = ReportFormat.kind(of: d.metric), dk = ReportFormat.differenceKind(of: d.metric)
            t.append([.text(ReportFormat.label(d.metric)), .number(ReportFormat.value(d.base, k)), .number(ReportFormat.value(d.alternative, k)),
                      .number(ReportFormat.value(d.difference, dk)), .number(ReportFormat.interval(d.low, d.high, dk)),
                      .number(d.relative.map { ReportFormat.percent($0.mean) } ?? "–")])
        }
        return t.html
    }

    static func pairingNote(_ model: ReportModel) -> String {
        switch model.mode {
        case .paired:
            "Differences are alternative minus base, <strong>paired</strong>: both arms ran under common random numbers"
                + " (caresim compare), so each interval is the Student-t 95% interval of the replications' paired differences."
        case .unpaired:
            "Differences are alternative minus base, <strong>unpaired</strong>: the two run directories are treated as"
                + " independent samples, with Welch's 95% interval from each summary's mean, sd and number of replications."
                + " If both runs used the same seed they share random numbers and the true interval is narrower;"
                + " caresim compare gives the paired one."
        case .run: ""
        }
    }

    static func differences(_ model: ReportModel) -> ReportSection? {
        guard model.mode != .run else { return nil }
        let id = "differences", title = "Differences between the arms"
        let key = headline.compactMap { name in model.differences.first { $0.metric == name } }.filter { $0.relative != nil }
        var html = "<p>\(pairingNote(model))</p>"
        if key.isEmpty {
            html += "<p class=\"unavailable\">Not available: none of the headline metrics is in both arms.</p>"
        } else {
            let rows = key.map { d in
                let r = d.relative!
                return IntervalChart.Row(label: ReportFormat.label(d.metric),
                                         values: [.init(series: "difference", colour: SVG.colour(1), mean: r.mean, low: r.low, high: r.high)])
            }
            html += "<p>Relative difference from the base (difference ÷ base mean) with its 95% interval; an interval that"
                + " crosses the zero line is consistent with no change.</p>"
            html += IntervalChart.render(id: "chart-differences", title: "Relative differences, alternative vs base, with 95% intervals",
                                         rows: rows, kind: .share, bars: false)
            html += differenceTable(key)
        }
        return ReportSection(id: id, title: title, html: html)
    }

    static let stabilityMetrics = ["placements_in_year_one_share", "placements_in_year_two_share", "placements_in_year_three_plus_share"]

    static func stability(_ model: ReportModel) -> ReportSection {
        let id = "stability", title = "Placement stability"
        guard model.arms.contains(where: { $0.metric(stabilityMetrics[0]) != nil }) else {
            return .unavailable(id: id, title: title, "the results have no placements_in_year_* metrics (a pathway model's summary has them)")
        }
        let rows = stabilityMetrics.map { name in
            IntervalChart.Row(label: ["one placement", "two placements", "three or more"][stabilityMetrics.firstIndex(of: name)!],
                              values: model.arms.compactMap { a in
                                  a.metric(name).flatMap { m in m.mean.map { .init(series: a.label, colour: a.colour, mean: $0, low: m.low, high: m.high) } }
                              })
        }
        var html = "<p>Children looked after in the stability year, by how many placements they had in it (the DfE measure:"
            + " in 2014 England had 67.0% with one, 22.0% with two, 10.9% with three or more). Bars are means, whiskers 95%"
            + " intervals.</p>" + TimeSeriesSections.legend(model.arms.map { ($0.label, $0.colour) })
        html += IntervalChart.render(id: "chart-stability", title: "Placements in the year, share of looked-after children", rows: rows, kind: .share)
        let more = stabilityMetrics + ["placements.started", "worker_changes_per_case", "looked_after_reentries", "ceased_returned_home_share",
                                       "placements.fallback", "placements.emergency", "placements.out_of_area_share"]
        html += armTable(model, more) ?? ""
        if model.mode != .run {
            html += "<p class=\"caption\">Differences</p>" + differenceTable(more.compactMap { n in model.differences.first { $0.metric == n } })
        }
        // Every year of the run: a practice model starts after the stability year (the run-in),
        // so its effect on stability shows in the later years.
        let byYear = (model.arms.first?.summary ?? []).map(\.metric)
            .filter { $0.hasPrefix(PathwayMetrics.yearStabilityPrefix) && $0.hasSuffix(".three_plus_share") }
        if !byYear.isEmpty {
            html += "<p class=\"caption\">Share with three or more placements in each year to 31 March (a practice model acts from the start of the measured year)</p>"
            html += armTable(model, byYear) ?? ""
            if model.mode != .run {
                html += differenceTable(byYear.compactMap { n in model.differences.first { $0.metric == n } })
            }
        }
        return ReportSection(id: id, title: title, html: html)
    }

    static let costLines = ["cost.placements", "cost.staff", "cost.interventions", "cost.wider.police", "cost.wider.nhs",
                            "cost.children_services", "cost.total", "cost.total.discounted"]

    static func costs(_ model: ReportModel) -> ReportSection {
        let id = "costs", title = "Costs"
        guard model.arms.contains(where: { $0.metric("cost.total") != nil }) else {
            return .unavailable(id: id, title: title, "the results have no cost metrics (the scenario has no costs: block)")
        }
        let rows = costLines.compactMap { name -> IntervalChart.Row? in
            let values = model.arms.compactMap { a in
                a.metric(name).flatMap { m in m.mean.map { IntervalChart.Value(series: a.label, colour: a.colour, mean: $0, low: m.low, high: m.high) } }
            }
            return values.isEmpty ? nil : IntervalChart.Row(label: ReportFormat.label(String(name.dropFirst(5))).replacingOccurrences(of: ".", with: ": "), values: values)
        }
        var html = "<p>Costs over all costed years in base-year prices (undiscounted unless named), mean and 95% interval over"
            + " replications. Children's services are placements, case-holding staff and interventions; wider costs are police"
            + " and NHS events, where the scenario prices them.</p>" + TimeSeriesSections.legend(model.arms.map { ($0.label, $0.colour) })
        html += IntervalChart.render(id: "chart-costs", title: "Costs by line, with 95% intervals", rows: rows, kind: .money)
        for a in model.arms {
            guard let c = a.costs else { continue }
            var t = HTMLTable(header: ["year to 31 March", "line", "cost", "95% interval", "discounted"])
            for cell in c.cells {
                t.append([.text(cell.yearEnding), .text(cell.line), .number(ReportFormat.money(cell.cost.mean)),
                          .number(ReportFormat.interval(cell.cost.ci95Low, cell.cost.ci95High, .money)), .number(ReportFormat.money(cell.discounted.mean))])
            }
            html += "<p class=\"caption\">\(SVG.escape(model.arms.count > 1 ? a.label + ": " : ""))costs by financial year (costs.csv)</p>" + t.html
            var items = HTMLTable(header: ["line", "item", "quantity", "unit", "cost", "95% interval"])
            for i in c.items where i.cost.mean != 0 {
                items.append([.text(i.line), .text(i.item), .number(ReportFormat.grouped(i.quantity, decimals: 0)), .text(i.unit.replacingOccurrences(of: "_", with: " ")),
                              .number(ReportFormat.money(i.cost.mean)), .number(ReportFormat.interval(i.cost.ci95Low, i.cost.ci95High, .money))])
            }
            html += "<p class=\"caption\">Items, all costed years</p>" + items.html
        }
        if model.arms.count == 1, model.arms[0].costs == nil { html += "<p class=\"unavailable\">Costs by year and item: not available (costs.csv is not in the results).</p>" }
        return ReportSection(id: id, title: title, html: html)
    }

    static func savings(_ model: ReportModel) -> ReportSection? {
        guard model.mode != .run else { return nil }
        let id = "savings", title = "Savings"
        guard let s = model.savings, !s.rows.isEmpty else {
            return .unavailable(id: id, title: title, model.mode == .paired ? "savings.csv is not in the results (an arm has no costs: block)"
                                : "an arm has no cost metrics (a costs: block)")
        }
        let measures = [("saving.children_services", "children's services"), ("saving.wider", "wider (police, NHS)"),
                        ("saving.total", "total"), ("saving.total.discounted", "total, discounted"),
                        ("saving.cumulative.discounted", "cumulative, discounted")]
        var rows: [IntervalChart.Row] = []
        for period in s.years + ["total"] {
            for (k, (measure, label)) in measures.enumerated() {
                guard let r = s.value(period, measure), let mean = r.mean else { continue }
                if period == "total", measure == "saving.cumulative.discounted" { continue }
                rows.append(.init(label: (period == "total" ? "all years" : "year " + period.dropFirst()) + ": " + label,
                                  values: [.init(series: label, colour: SVG.colour(k + 2), mean: mean, low: r.low, high: r.high)]))
            }
        }
        var html = s.isGross
            ? "<p class=\"warning\"><strong>Gross saving, intervention cost not given.</strong> The practice model or intervention under test"
                + " has no cost in the alternative scenario, so these figures are what the change saves before paying for it: there is no"
                + " return per pound or break-even year. Give its cost (costs.practice_models, or an intervention's cost:) for a net saving.</p>"
                + "<p>What the alternative saves against the base (base cost − alternative cost), with 95% intervals. \(pairingNote(model))</p>"
            : "<p>What the alternative saves against the base (base cost − alternative cost, so net of the alternative's own"
                + " intervention and practice-model costs), with 95% intervals. \(pairingNote(model))</p>"
        html += IntervalChart.render(id: "chart-savings", title: "Savings with 95% intervals", rows: rows, kind: .money)
        var facts: [String] = []
        if let r = s.value("total", "return_per_pound"), let m = r.mean {
            facts.append("Return per pound spent on the intervention: \(ReportFormat.number(m)) (95% interval \(ReportFormat.interval(r.low, r.high, .number))).")
        }
        if let r = s.value("total", "break_even_year") {
            facts.append("Break-even year (mean cumulative discounted saving ≥ 0): " + (r.mean.map { "year \(Int($0))" } ?? "none within the costed years") + ".")
        }
        if !facts.isEmpty { html += "<p>" + facts.map(SVG.escape).joined(separator: " ") + "</p>" }
        var t = HTMLTable(header: ["period", "measure", "mean", "95% interval"])
        for r in s.rows {
            let k = ReportFormat.kind(of: r.measure)
            t.append([.text(r.period), .text(ReportFormat.label(r.measure)), .number(ReportFormat.value(r.mean, k)),
                      .number(ReportFormat.interval(r.low, r.high, k))])
        }
        html += t.html
        return ReportSection(id: id, title: title, html: html)
    }

    static func allMetrics(_ model: ReportModel) -> ReportSection {
        let id = "metrics", title = "Every metric"
        if model.mode == .run {
            var t = HTMLTable(header: ["metric", "mean", "95% interval", "n"])
            for m in model.arms[0].summary {
                let k = ReportFormat.kind(of: m.metric)
                t.append([.text(m.metric), .number(ReportFormat.value(m.mean, k)), .number(ReportFormat.interval(m.low, m.high, k)), .number(String(m.n))])
            }
            return ReportSection(id: id, title: title, html: "<p>summary.csv: the mean over replications and its Student-t 95% interval.</p>" + t.html)
        }
        return ReportSection(id: id, title: title, html: "<p>\(pairingNote(model))</p>" + differenceTable(model.differences))
    }
}
