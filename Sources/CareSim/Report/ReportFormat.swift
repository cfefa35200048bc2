import Foundation

/// How numbers read in the report: counts with thousands separators, money in pounds (£4.45m),
/// shares as percentages. A metric's kind comes from its name (`cost.*`, `saving.*` are
/// pounds; `*_share`, `*_rate` are shares), as `summary.csv` names them.
public enum ReportFormat {
    /// `points`: a difference of two shares, in percentage points.
    public enum Kind: Sendable { case count, money, share, number, points }

    /// The kind of a difference between two values of a metric: shares differ in percentage points.
    public static func differenceKind(of metric: String) -> Kind {
        let k = kind(of: metric)
        return k == .share ? .points : k
    }

    public static func kind(of metric: String) -> Kind {
        // A practice-model group's metric (model.<group>.<metric>) is of its metric's kind.
        if metric.hasPrefix("model."), let rest = metric.split(separator: ".", maxSplits: 2).dropFirst(2).first { return kind(of: String(rest)) }
        if metric.hasPrefix("cost.") || metric.hasPrefix("saving.") || metric.hasPrefix("intervention_cost")
            || metric.hasSuffix(".cost") { return .money }
        if metric.hasSuffix("_share") || metric.hasSuffix("_rate") || metric.hasPrefix("factor_share.") || metric == "agency_share"
            || metric == "broken_even_share" { return .share }
        return .number
    }

    public static func value(_ x: Double?, _ kind: Kind) -> String {
        guard let x, x.isFinite else { return "–" }
        switch kind {
        case .money: return money(x)
        case .share: return percent(x)
        case .points: return (abs(x * 100) < 10 ? String(format: "%.2f", x * 100) : String(format: "%.1f", x * 100))
            .replacingOccurrences(of: "-", with: "−") + " pp"
        case .count: return grouped(x, decimals: 0)
        case .number: return number(x)
        }
    }

    /// £ with k or m for large amounts, three significant figures.
    public static func money(_ x: Double) -> String {
        let sign = x < 0 ? "−" : ""
        let a = abs(x)
        if a >= 1e9 { return sign + "£" + significant(a / 1e9) + "bn" }
        if a >= 1e6 { return sign + "£" + significant(a / 1e6) + "m" }
        if a >= 1e4 { return sign + "£" + significant(a / 1e3) + "k" }
        return sign + "£" + grouped(a, decimals: 0)
    }

    public static func percent(_ x: Double) -> String {
        let p = x * 100
        return (abs(p) < 10 ? String(format: "%.2f", p) : String(format: "%.1f", p)).replacingOccurrences(of: "-", with: "−") + "%"
    }

    /// A plain number: whole numbers grouped, others with three or four significant figures.
    public static func number(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1000 { return grouped(x, decimals: 0) }
        if a >= 100 { return grouped(x, decimals: 1) }
        if a == 0 { return "0" }
        if a >= 0.01 { return String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }
        return String(format: "%.2e", x).replacingOccurrences(of: "-", with: "−")
    }

    static func significant(_ x: Double) -> String {
        x >= 100 ? String(format: "%.0f", x) : x >= 10 ? String(format: "%.1f", x) : String(format: "%.2f", x)
    }

    /// Thousands separated by commas, the minus sign typographic.
    public static func grouped(_ x: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", abs(x))
        let parts = s.split(separator: ".", maxSplits: 1).map(String.init)
        var whole = ""
        for (i, c) in parts[0].reversed().enumerated() {
            if i > 0, i % 3 == 0 { whole.append(",") }
            whole.append(c)
        }
        let rounded = Double(s) ?? 0
        return (x < 0 && rounded != 0 ? "−" : "") + String(whole.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// "low to high" for an interval, or a dash when there is none (one replication).
    public static func interval(_ low: Double?, _ high: Double?, _ kind: Kind) -> String {
        guard let low, let high, low.isFinite, high.isFinite else { return "–" }
        return value(low, kind) + " to " + value(high, kind)
    }

    /// A metric name made readable: `cp_plans_open` -> "cp plans open"; a dotted name reads as
    /// its qualifiers then the measure: `cohort.at_home.first_year.days_in_care_per_child` ->
    /// "served cohort, served at home, first year: days in care per child".
    public static func label(_ metric: String) -> String {
        let words: [String: String] = ["cohort": "served cohort", "at_home": "served at home", "first_year": "first year",
                                       "model": "practice model group", "team": "team", "cost": "cost", "saving": "saving"]
        let parts = metric.split(separator: ".").map(String.init)
        guard parts.count > 1, parts.first == "cohort" else { return metric.replacingOccurrences(of: "_", with: " ") }
        let qualifiers = parts.dropLast().map { words[$0] ?? $0.replacingOccurrences(of: "_", with: " ") }
        return qualifiers.joined(separator: ", ") + ": " + parts.last!.replacingOccurrences(of: "_", with: " ")
    }
}
