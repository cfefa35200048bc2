/// The report's sections drawn from time series and flows: stocks, the pathway diagram and
/// caseloads. Each says it is not available when the results do not hold its file.
enum TimeSeriesSections {
    static let compareHint = "a caresim compare directory holds summaries only; run each scenario with caresim run and use "
        + "caresim report BASE_RUN --compare ALTERNATIVE_RUN to see it for both arms"

    static func stocks(_ model: ReportModel) -> ReportSection {
        let id = "stocks", title = "Stocks over time"
        let arms = model.arms.filter { $0.stocks != nil }
        guard let first = arms.first?.stocks else {
            return .unavailable(id: id, title: title, model.mode == .paired ? "stocks.csv is not in the results: " + compareHint : "stocks.csv is missing")
        }
        var stages: [String] = []
        for a in arms { for s in a.stocks!.stages where !stages.contains(s) { stages.append(s) } }
        if first.dates != nil {
            stages.sort { (SankeyChart.pathwayOrder.firstIndex(of: $0) ?? 99) < (SankeyChart.pathwayOrder.firstIndex(of: $1) ?? 99) }
        }
        let panels = stages.map { stage in
            BandChart.Panel(title: ReportFormat.label(stage), series: arms.compactMap { a in
                a.stocks!.series[stage].map { pts in
                    BandChart.Series(name: a.label, colour: a.colour,
                                     points: pts.map { .init(x: $0.x, y: $0.stat.mean, low: $0.stat.ci95Low, high: $0.stat.ci95High) })
                }
            })
        }
        let ticks = first.dates.map { BandChart.dateTicks(times: first.times, dates: $0) } ?? BandChart.yearTicks
        let chart = BandChart.render(id: "chart-stocks", title: "Children in each stage over time, mean and 95% interval", panels: panels, xTicks: ticks)
        let reps = arms.map { "\($0.stocks!.replications)" }.joined(separator: " and ")
        let html = "<p>Children in each stage on each sample date (\(first.dates != nil ? "the first of each month" : "every stock interval"))."
            + " The line is the mean over \(reps) replications; the shaded band is its 95% confidence interval (Student t), the"
            + " uncertainty of the mean, not the spread of single runs. Each panel has its own scale.</p>"
            + legend(arms.map { ($0.label, $0.colour) }) + chart
        return ReportSection(id: id, title: title, html: html)
    }

    static func flows(_ model: ReportModel) -> ReportSection {
        let id = "flows", title = "Flows through the pathway"
        let arms = model.arms.filter { !($0.flows?.periods.isEmpty ?? true) }
        guard !arms.isEmpty else {
            return .unavailable(id: id, title: title, model.mode == .paired ? "flows.csv is not in the results: " + compareHint : "flows.csv has no moves")
        }
        var html = "<p>Children moving between stages in one period, as the mean over replications. Each band's width is"
            + " proportional to its volume; a stage's bar is as tall as the larger of what enters and what leaves it (stocks"
            + " change, so the two differ). Bands that loop underneath go back to an earlier stage (a child stepping up from"
            + " CIN to an enquiry, re-entering care, or re-referred). A child leaving care to go home is drawn once, as the move"
            + " to returned home. The table gives each move's 95% interval.</p>"
        for (k, a) in arms.enumerated() {
            let flows = a.flows!
            guard let period = flows.period(preferring: a.measureYearEnding) else { continue }
            let layout = SankeyChart.layout(flows, period)
            let chartId = k == 0 ? "chart-flows" : "chart-flows-\(k + 1)"
            html += "<h3>\(SVG.escape(arms.count > 1 ? a.label + ": " : ""))\(SVG.escape(period.label))</h3>"
            html += SankeyChart.render(id: chartId, title: "Flows, \(period.label)", layout: layout)
            var table = HTMLTable(header: ["from", "to", "mean", "95% interval"])
            for l in period.links.sorted(by: { $0.stat.mean > $1.stat.mean }) {
                table.append([.text(SankeyChart.nodeLabel(l.from)), .text(SankeyChart.nodeLabel(l.to)), .number(ReportFormat.grouped(l.stat.mean, decimals: 0)),
                              .number(ReportFormat.interval(l.stat.ci95Low, l.stat.ci95High, .number))])
            }
            html += "<p class=\"caption\">Every move in \(SVG.escape(period.label)), largest first</p>" + table.html
        }
        return ReportSection(id: id, title: title, html: html)
    }

    static func caseloads(_ model: ReportModel) -> ReportSection {
        let id = "caseloads", title = "Caseloads by team"
        let arms = model.arms.filter { !($0.caseloads?.teams.isEmpty ?? true) }
        let metrics = ["caseload_per_fte", "allocation_mean_wait_days", "worker_changes_per_case", "agency_share", "vacancy_rate",
                       "unallocated_cases", "direct_work_share"]
        let table = OutcomeSections.armTable(model, metrics)
        guard let first = arms.first?.caseloads else {
            let why = model.mode == .paired ? "caseloads.csv is not in the results: " + compareHint
                : "caseloads.csv is not in the results (the scenario has no workforce: block)"
            if let table { return ReportSection(id: id, title: title, html: "<p class=\"unavailable\">Not available over time: \(SVG.escape(why))</p>" + table) }
            return .unavailable(id: id, title: title, why)
        }
        var teams: [String] = []
        for a in arms { for t in a.caseloads!.teams where !teams.contains(t) { teams.append(t) } }
        let panels = teams.map { team in
            BandChart.Panel(title: team, series: arms.compactMap { a in
                a.caseloads!.series[team].map { pts in
                    BandChart.Series(name: a.label, colour: a.colour, points: pts.map { .init(x: $0.day, y: $0.p50, low: $0.p10, high: $0.p90) })
                }
            })
        }
        let pts = first.series[first.teams[0]] ?? []
        let chart = BandChart.render(id: "chart-caseloads", title: "Cases per post by team: median and 10th to 90th percentile", panels: panels,
                                     xTicks: BandChart.dateTicks(times: pts.map(\.day), dates: pts.map(\.date)), kind: .number)
        let html = "<p>Cases held per post in each team, monthly. The line is the median post; the band spans the 10th to 90th"
            + " percentile of posts, so it shows how unevenly work is shared (not an interval for a mean). Both are averaged"
            + " over replications.</p>" + legend(arms.map { ($0.label, $0.colour) }) + chart + (table ?? "")
        return ReportSection(id: id, title: title, html: html)
    }

    static func legend(_ items: [(String, String)]) -> String {
        guard items.count > 1 else { return "" }
        return "<p class=\"legend\">" + items.map { "<span class=\"swatch\" style=\"background:\($0.1)\"></span>\(SVG.escape($0.0))" }
            .joined(separator: " &nbsp; ") + "</p>"
    }
}
