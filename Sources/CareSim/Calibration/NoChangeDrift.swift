import CareSimEngine
import Foundation

/// How far a run with its inputs held constant (`--hold`) moves by itself: each headline flow
/// (a year to 31 March) and stock (at 31 March) of `years.csv`, and the closed cases awaiting a
/// re-referral, in the fifth year after the measured year against
/// the first, as a rate a year, ((last / first)^(1 / (years - 1)) - 1). A warm start in balance
/// with the model's rates gives none; `caresim check --drift` reports it and the limit is 1% a
/// year either way. Means over replications of counts divided by the scale, as in `years.csv`.
public struct NoChangeDrift: Sendable {
    /// The largest drift a year, either way, that passes.
    public static let limitPerYear = 0.01
    /// Projected years the drift is measured over: the first `years` after the measured year.
    public static let years = 5

    public struct Row: Sendable {
        public var measure: String
        public var first: Double
        public var last: Double
        public var perYear: Double
        /// A 95% interval for the drift a year, from each replication's own drift (nil with one
        /// replication): with few replications of a small LA, a drift beyond the limit may be noise.
        public var interval: (low: Double, high: Double)?
        public var passed: Bool { perYear.isFinite && abs(perYear) <= NoChangeDrift.limitPerYear }
        /// The whole interval beyond the limit: a drift that is not the replications' noise.
        public var beyondAtConfidence: Bool {
            guard let i = interval else { return !passed }
            return i.low > NoChangeDrift.limitPerYear || i.high < -NoChangeDrift.limitPerYear
        }
    }

    public var firstYear: Int
    public var lastYear: Int
    public var rows: [Row]
    public var passed: Bool { rows.allSatisfy(\.passed) }

    /// The run must go on to 31 March of the measured year + `years` (the check extends it with
    /// `calendar.follow_up_years`). The measures are `years.csv`'s (counted as the published
    /// statistics count them), and the closed cases awaiting a re-referral at 31 March, the pool
    /// the warm start builds.
    public init(_ results: [PathwayResult], _ p: PathwayParameters) {
        firstYear = p.measureYearEnding + 1
        lastYear = p.measureYearEnding + Self.years
        let n = Double(max(1, results.count))
        let each: [[YearsTable.Cell: Double]] = results.map { rep in
            let (cells, values) = YearsTable.values(rep, p)
            return Dictionary(zip(cells, values), uniquingKeysWith: { a, _ in a })
        }
        let calendar = SimulationCalendar(year: p.startYear, month: p.startMonth, day: p.startDay)
        func closed(_ rep: PathwayResult, _ year: Int) -> Double {
            let day = calendar.endOfMarch(year)
            return Double(rep.stocks.lazy.filter { $0.time == day && $0.state == .closed }.reduce(0) { $0 + $1.count }) / p.scale
        }
        let (a, b) = (firstYear, lastYear)
        func rate(_ first: Double, _ last: Double) -> Double { pow(last / first, 1 / Double(b - a)) - 1 }
        /// The row of a measure whose value in a year is `value(replication, year)`.
        func row(_ name: String, _ value: (Int, Int) -> Double) -> Row {
            let first = results.indices.reduce(0) { $0 + value($1, a) } / n, last = results.indices.reduce(0) { $0 + value($1, b) } / n
            let rates = results.indices.map { rate(value($0, a), value($0, b)) }
            let stat = rates.allSatisfy(\.isFinite) ? SummaryStatistic(rates) : nil
            let interval = stat.flatMap { s in s.ci95Low.flatMap { low in s.ci95High.map { (low: low, high: $0) } } }
            return Row(measure: name, first: first, last: last, perYear: rate(first, last), interval: interval)
        }
        rows = PathwayYears.Measure.allCases.map { m in
            row(m.name) { each[$0][YearsTable.Cell(measure: m.name, year: $1)] ?? .nan }
        } + [row("closed_awaiting_re_referral") { closed(results[$0], $1) }]
    }

    /// `drift.csv`: measure, the first and last projected year's values, the drift a year, pass.
    public var table: CSVTable {
        var t = CSVTable(header: ["measure", "first_year_ending", "first", "last_year_ending", "last", "drift_per_year", "limit_per_year", "pass",
                                  "lower_95", "upper_95", "beyond_at_95"])
        func rate(_ x: Double) -> String { ScenarioNumber.format((x * 1e5).rounded() / 1e5) }
        for r in rows {
            t.append([r.measure, String(firstYear), ScenarioNumber.format((r.first * 10).rounded() / 10), String(lastYear),
                      ScenarioNumber.format((r.last * 10).rounded() / 10), rate(r.perYear),
                      ScenarioNumber.format(Self.limitPerYear), r.passed ? "pass" : "FAIL",
                      r.interval.map { rate($0.low) } ?? "", r.interval.map { rate($0.high) } ?? "", r.beyondAtConfidence ? "yes" : "no"])
        }
        return t
    }

    /// The printed table.
    public var report: String {
        var lines = ["No-change drift (inputs held), year ending \(firstYear) to \(lastYear), limit ±\(ScenarioNumber.format(Self.limitPerYear * 100))% a year:"]
        let pad = { (s: String, w: Int) in s.padding(toLength: max(w, s.count), withPad: " ", startingAt: 0) }
        lines.append(pad("measure", 30) + pad(String(firstYear), 12) + pad(String(lastYear), 12) + pad("a year", 10) + pad("95% interval", 20) + "result")
        for r in rows {
            let interval = r.interval.map { String(format: "[%+.2f%%, %+.2f%%]", $0.low * 100, $0.high * 100) } ?? "–"
            lines.append(pad(r.measure, 30) + pad(String(format: "%.0f", r.first), 12) + pad(String(format: "%.0f", r.last), 12)
                         + pad(String(format: "%+.2f%%", r.perYear * 100), 10) + pad(interval, 20) + (r.passed ? "pass" : "FAIL"))
        }
        lines.append("\(rows.filter(\.passed).count) of \(rows.count) within the limit; \(rows.filter(\.beyondAtConfidence).count) beyond it at 95% confidence")
        return lines.joined(separator: "\n")
    }
}
