/// `sensitivity.csv` of a comparison (Sensitivity): per outcome and drawn input, the partial
/// rank correlation coefficient with its 95% interval.
public struct SensitivityRows: Sendable {
    public struct Row: Sendable {
        public var outcome: String
        public var input: String
        public var prcc: Double
        public var low: Double?
        public var high: Double?
        public var n: Int?
    }

    public var rows: [Row]

    public init(file: String) throws(ReportError) {
        do {
            let t = try DataTable(file: file)
            var rows: [Row] = []
            for r in t.rows.indices {
                guard let prcc = try t.value(row: r, column: "prcc").number else { continue }
                rows.append(Row(outcome: try t.text(row: r, column: "outcome"), input: try t.text(row: r, column: "input"), prcc: prcc,
                                low: try t.value(row: r, column: "ci95_low").number, high: try t.value(row: r, column: "ci95_high").number,
                                n: try t.value(row: r, column: "n").number.map { Int($0) }))
            }
            self.rows = rows
        } catch {
            throw ReportError(error)
        }
    }

    init(rows: [Row]) { self.rows = rows }

    /// Outcomes in file order.
    public var outcomes: [String] {
        var seen: [String] = []
        for r in rows where !seen.contains(r.outcome) { seen.append(r.outcome) }
        return seen
    }

    /// An outcome's inputs by |PRCC|, largest first.
    public func inputs(_ outcome: String) -> [Row] {
        rows.filter { $0.outcome == outcome }.sorted { abs($0.prcc) > abs($1.prcc) }
    }

    /// The input an outcome depends on most, when its interval excludes zero.
    public func strongest(_ outcome: String) -> Row? {
        inputs(outcome).first.flatMap { r in (r.low ?? 0) > 0 || (r.high ?? 0) < 0 ? r : nil }
    }

    /// An input's name as a reader sees it: `effect.fs.change` is "fs.change".
    public static func label(_ input: String) -> String {
        var s = input
        var prefix = ""
        if s.hasPrefix("base:") { s.removeFirst(5); prefix = "base: " }
        if s.hasPrefix("effect.") { s.removeFirst(7) }
        return prefix + s
    }
}

/// "What the result is most sensitive to": a tornado chart per outcome of a paired comparison.
enum SensitivitySection {
    static func make(_ model: ReportModel) -> ReportSection? {
        guard model.mode == .paired else { return nil }
        let id = "sensitivity", title = "What the result is most sensitive to"
        guard let s = model.sensitivity, !s.rows.isEmpty else {
            return .unavailable(id: id, title: title, "the comparison has no sensitivity.csv (effect sizes at their means with --central-effects,"
                + " no drawn effect that varies, or too few replications for the number of effects)")
        }
        var html = "<p>Effect sizes are drawn once per replication, so each replication is one point of a sensitivity analysis."
            + " For each outcome's paired difference, the bars are the <strong>partial rank correlation coefficients</strong> (PRCC)"
            + " of the drawn effects, from −1 to 1, largest first: how strongly the difference rises (or falls) with the effect"
            + " when the other effects are held fixed. Whiskers are 95% intervals (Fisher z); an interval crossing zero is"
            + " consistent with no influence. \(s.rows.first?.n.map { "From \($0) replications." } ?? "")</p>"
        for (i, outcome) in s.outcomes.enumerated() {
            let rows = s.inputs(outcome).map { r in
                IntervalChart.Row(label: SensitivityRows.label(r.input),
                                  values: [.init(series: "PRCC", colour: SVG.colour(r.prcc >= 0 ? 1 : 0), mean: r.prcc, low: r.low, high: r.high)])
            }
            let what = outcome == Sensitivity.savingOutcome ? "saving (discounted, total)" : ReportFormat.label(outcome) + ", alternative − base"
            html += "<p class=\"caption\">\(SVG.escape(what))</p>"
            html += IntervalChart.render(id: "chart-sensitivity-\(i)", title: "Sensitivity of \(what): PRCC with 95% intervals",
                                         rows: rows, kind: .number)
        }
        return ReportSection(id: id, title: title, html: html)
    }
}
