/// Fan charts of a pathway run's `years.csv`: one small panel per headline measure, the
/// published history as points, the run's mean over replications as a line, and around it where
/// a single year's outcome falls in 95% of runs (a light band, class `range-95`) and in 50% of
/// runs (a darker band, `range-50`), from the file's range columns (the replications' quantiles);
/// the measured year is marked by a vertical line and, when the scenario has practice models,
/// their start (1 April before the measured year) by another. The x axis is the year ending
/// 31 March; flows are plotted at the end of their year, stocks on their 31 March. A years.csv
/// from before the range columns has only the 95% interval of the mean, drawn as one band
/// (class `band`) as it was then.
public enum FanChart {
    public struct Point: Sendable {
        /// Year ending 31 March, and the mean over replications.
        public var x: Double
        public var y: Double
        /// The 95% interval of the mean (drawn only without ranges).
        public var low: Double?
        public var high: Double?
        /// Where a single year's outcome falls in 95% and in 50% of runs.
        public var range95: (low: Double, high: Double)?
        public var range50: (low: Double, high: Double)?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil,
                    range95: (low: Double, high: Double)? = nil, range50: (low: Double, high: Double)? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.range95 = range95
            self.range50 = range50
        }
    }

    public struct Series: Sendable {
        public var colour: String
        /// The years the run has.
        public var points: [Point]
    }

    public struct Panel: Sendable {
        public var title: String
        public var series: [Series]
        public var published: [(x: Double, y: Double)]
    }

    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public var cls: String
    }

    static let titles = [
        "referrals": "Referrals", "assessments_completed": "Assessments completed", "section47_enquiries": "Section 47 enquiries",
        "cp_plans_started": "CP plans started", "cp_plans_open": "CP plans at 31 March", "children_in_need_open": "Children in need at 31 March",
        "looked_after_open": "Looked after at 31 March", "looked_after_started": "Started to be looked after",
        "looked_after_ceased": "Ceased to be looked after",
    ]

    public static func title(_ measure: String) -> String { titles[measure] ?? measure }

    public static func render(id: String, title: String, panels: [Panel], markers: [Marker], columns: Int = 3) -> String {
        let cols = max(1, min(columns, panels.count))
        let rows = (panels.count + cols - 1) / cols
        let width = Double(max(columns, 1)) * BandChart.panelWidth / Double(cols)
        var svg = SVG(width: Double(cols) * width, height: Double(rows) * BandChart.panelHeight)
        for (i, panel) in panels.enumerated() {
            draw(panel, markers: markers, into: &svg, at: (Double(i % cols) * width, Double(i / cols) * BandChart.panelHeight), width: width)
        }
        return svg.render(id: id, title: title)
    }

    static func draw(_ panel: Panel, markers: [Marker], into svg: inout SVG, at o: (Double, Double), width: Double) {
        let modelled = panel.series.flatMap(\.points)
        let xsAll = modelled.map(\.x) + panel.published.map(\.x)
        guard let x0 = xsAll.min(), let x1 = xsAll.max() else { return }
        // Counts cannot be negative: an interval's lower end below zero is cut at zero.
        let lows = modelled.map { max(0, min($0.range95?.low ?? $0.y, $0.low ?? $0.y)) } + panel.published.map(\.y)
        let highs = modelled.map { max($0.range95?.high ?? $0.y, $0.high ?? $0.y) } + panel.published.map(\.y)
        let yd = LinearScale.niceDomain(lows.min()!, highs.max()!)
        let inner = BandChart.inner
        let left = o.0 + inner.left, right = o.0 + width - inner.right
        let top = o.1 + inner.top, bottom = o.1 + BandChart.panelHeight - inner.bottom
        // Half a year of room either side, so points at the ends are not on the frame.
        let xs = LinearScale(domain: (x0 - 0.5, x1 + 0.5), range: (left, right)), ys = LinearScale(domain: yd, range: (bottom, top))
        svg.text(panel.title, x: left, y: o.1 + 16, cls: "panel-title")
        for t in ys.ticks(4) {
            svg.line(x1: left, y1: ys(t), x2: right, y2: ys(t), cls: "grid")
            svg.text(ReportFormat.grouped(t, decimals: t == t.rounded() ? 0 : 1), x: left - 4, y: ys(t) + 3.5, anchor: .end, cls: "tick")
        }
        let years = Int(x0.rounded())...Int(x1.rounded())
        let step = max(1, (years.count + 5) / 6)
        for y in years where (y - years.lowerBound) % step == 0 {
            svg.line(x1: xs(Double(y)), y1: bottom, x2: xs(Double(y)), y2: bottom + 4, cls: "axis")
            svg.text(String(y), x: xs(Double(y)), y: bottom + 16, anchor: .middle, cls: "tick")
        }
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, cls: "axis")
        for m in markers where m.x >= x0 - 0.5 && m.x <= x1 + 0.5 {
            svg.line(x1: xs(m.x), y1: top, x2: xs(m.x), y2: bottom, cls: "marker " + m.cls)
            // The measured year's label right of its line, the practice start's left of its own (a year
            // before), or right of it a line lower when that would run into the y axis.
            let before = m.cls == "practice" && xs(m.x) - 3 - 6 * Double(m.label.count) > left
            svg.text(m.label, x: xs(m.x) + (before ? -3 : 3), y: top + (m.cls == "practice" && !before ? 21 : 9),
                     anchor: before ? .end : .start, cls: "tick")
        }
        for s in panel.series {
            // A band through every point of the series, when each has both ends.
            func band(_ cls: String, _ ends: (Point) -> (low: Double, high: Double)?) {
                let banded = s.points.compactMap { p in ends(p).map { (x: p.x, low: $0.low, high: $0.high) } }
                guard banded.count == s.points.count, banded.count > 1 else { return }
                let upper = banded.map { (xs($0.x), ys($0.high)) }
                let lower = banded.reversed().map { (xs($0.x), ys(max(0, $0.low))) }
                svg.path(SVG.polygon(upper + lower), cls: cls, attributes: "fill=\"\(s.colour)\"")
            }
            if s.points.contains(where: { $0.range95 != nil }) {
                band("range-95", \.range95)
                band("range-50", \.range50)
            } else {
                band("band") { p in p.low.flatMap { l in p.high.map { (l, $0) } } }
            }
            if s.points.count > 1 {
                svg.path(SVG.polyline(s.points.map { (xs($0.x), ys($0.y)) }), cls: "mean", attributes: "stroke=\"\(s.colour)\"")
            }
            for p in s.points { svg.circle(cx: xs(p.x), cy: ys(p.y), r: 2, cls: "mean-point", fill: s.colour) }
        }
        for p in panel.published { svg.circle(cx: xs(p.x), cy: ys(p.y), r: 3.5, cls: "published") }
    }

    /// The report's section: a panel per measure of years.csv, each arm's run as a line and band.
    static func section(_ model: ReportModel) -> ReportSection {
        let id = "years", title = "Year by year against the published figures"
        let arms = model.arms.filter { !($0.years?.measures.isEmpty ?? true) }
        guard let first = arms.first?.years else {
            let why = model.mode == .paired ? "years.csv is not in the results: " + TimeSeriesSections.compareHint
                : "years.csv is not in the results (a pathway run writes it; this may be a network scenario or an older result)"
            return .unavailable(id: id, title: title, why)
        }
        var measures = first.measures
        for a in arms.dropFirst() { for m in a.years!.measures where !measures.contains(m) { measures.append(m) } }
        let panels = measures.map { m in
            let published = arms.lazy.compactMap { $0.years!.rows[m] }.first { $0.contains { $0.published != nil } } ?? []
            return Panel(title: Self.title(m), series: arms.compactMap { a in
                guard let rows = a.years!.rows[m]?.filter({ $0.n > 0 && $0.mean != nil }), !rows.isEmpty else { return nil }
                return Series(colour: a.colour, points: rows.map {
                    Point(x: Double($0.year), y: $0.mean!, low: $0.low, high: $0.high, range95: $0.range95, range50: $0.range50)
                })
            }, published: published.compactMap { r in r.published.map { (x: Double(r.year), y: $0) } })
        }
        var markers: [Marker] = []
        var notes: [String] = []
        if let y = arms[0].measureYearEnding.flatMap({ Int($0) }) {
            markers.append(Marker(x: Double(y), label: "measured", cls: "measured"))
            notes.append("The dashed line marks the measured year (to 31 March \(y)), whose values are summary.csv's.")
            if arms.contains(where: \.practiceModels) {
                markers.append(Marker(x: Double(y - 1), label: "practice", cls: "practice"))
                notes.append("The orange line marks 31 March \(y - 1): the scenario's practice models start the next day.")
            }
        }
        let replications = arms.map { a in a.years!.rows.values.flatMap { $0 }.map(\.n).max() ?? 0 }
        let reps = replications.map(String.init).joined(separator: " and ")
        let ranged = arms.filter(\.years!.hasRanges), older = arms.filter { !$0.years!.hasRanges }
        let intro = "<p>Each headline measure by year ending 31 March (flows over the year, stocks on the day), from years.csv."
            + " Black dots are the published figures for the scenario's area (children in need census and looked-after"
            + " statistics in data/); the line is the run's mean over \(reps) replications"
        let bands: String
        let chartTitle: String
        if ranged.isEmpty {
            // A years.csv from before the range columns: its one band, as the report drew it then.
            chartTitle = "Headline measures by year ending 31 March: published figures and the run's mean with its 95% interval"
            bands = ", with its 95% confidence interval (Student t) shaded: the uncertainty of the mean, not the spread of single runs."
                + " No 50% band is drawn: this years.csv, from an older caresim, keeps the interval of the mean only."
        } else {
            chartTitle = "Headline measures by year ending 31 March: published figures, the run's mean, and where a single year's"
                + " outcome falls in 95% and 50% of runs"
            bands = ". The light band is where a single year's outcome falls in 95% of runs, the darker band where it falls in 50%"
                + " of runs: the 2.5th to 97.5th and the 25th to 75th percentiles of the replications' values (years.csv's range"
                + " columns), so they include the uncertainty each replication draws (a demand trend, practice models' effect sizes)."
                + " They are the spread of single runs, for reading the run as a forecast; the uncertainty of the mean is much"
                + " smaller (years.csv's lower_95 and upper_95). With few replications the 95% band rests on the most extreme runs."
                + (older.isEmpty ? "" : " " + older.map { SVG.escape($0.label) }.joined(separator: " and ")
                    + (older.count == 1 ? "'s years.csv is" : "'s years.csv files are") + " from an older caresim and keeps"
                    + " the 95% interval of the mean only: its single band is that interval, not the spread of runs.")
        }
        let single = replications.allSatisfy { $0 < 2 } ? " With one replication no band is drawn." : ""
        let chart = render(id: "chart-years", title: chartTitle, panels: panels, markers: markers)
        let html = intro + bands + single + " Published years before the run are history the run starts from."
            + " " + notes.joined(separator: " ") + " Each panel has its own scale.</p>"
            + TimeSeriesSections.legend(arms.map { ($0.label, $0.colour) })
            + (ranged.isEmpty ? "" : key(ranged[0].colour)) + chart
        return ReportSection(id: id, title: title, html: html)
    }

    /// The bands' key: swatches drawn as the chart draws them (the 50% band lies over the 95% one).
    static func key(_ colour: String) -> String {
        "<p class=\"legend fan-key\"><span class=\"swatch\" style=\"background:\(colour);opacity:0.16\"></span>95% of runs"
            + " &nbsp; <span class=\"swatch\" style=\"background:\(colour);opacity:0.45\"></span>50% of runs"
            + " &nbsp; <span class=\"swatch\" style=\"background:\(colour);height:2px;vertical-align:3px\"></span>mean"
            + " &nbsp; <span class=\"swatch\" style=\"background:var(--ink);border-radius:50%;width:7px;height:7px\"></span>published</p>"
    }
}
