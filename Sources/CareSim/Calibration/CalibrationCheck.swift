import CareSimEngine

/// Compares a run's metrics with calibration targets: the simulated mean over replications must
/// lie within each target's tolerance. The 95% interval is reported beside it so a reader can
/// tell a clear miss from noise.
public struct CalibrationCheck: Sendable {
    public struct Row: Sendable {
        public var target: CalibrationTarget
        /// nil when the scenario does not produce the metric.
        public var simulated: SummaryStatistic?
        public var passed: Bool
    }

    public var rows: [Row]

    public var passed: Bool { rows.allSatisfy(\.passed) }
    public var failures: Int { rows.filter { !$0.passed }.count }

    public init(result: ExperimentResult, targets: [CalibrationTarget]) {
        self.init(metrics: Metrics.perReplication(result).map { (metric: $0.metric, statistic: $0.values.isEmpty ? nil : SummaryStatistic($0.values)) },
                  targets: targets)
    }

    /// From each metric's statistic over the replications (a streamed run's RunSummary.metrics).
    public init(metrics list: [(metric: String, statistic: SummaryStatistic?)], targets: [CalibrationTarget]) {
        let metrics = Dictionary(list.map { ($0.metric, $0.statistic) }, uniquingKeysWith: { a, _ in a })
        rows = targets.map { target in
            guard let s = metrics[target.metric] ?? nil else { return Row(target: target, simulated: nil, passed: false) }
            return Row(target: target, simulated: s, passed: target.accepts(s.mean))
        }
    }

    /// `check.csv`: `metric,target,simulated_mean,ci95_low,ci95_high,n,tolerance,tolerance_kind,allowed_difference,result`.
    public var table: CSVTable {
        var t = CSVTable(header: ["metric", "target", "simulated_mean", "ci95_low", "ci95_high", "n",
                                  "tolerance", "tolerance_kind", "allowed_difference", "result"])
        for r in rows {
            t.append([r.target.metric, ScenarioNumber.format(r.target.value), r.simulated.map { ScenarioNumber.format($0.mean) } ?? "",
                      r.simulated?.ci95Low.csv ?? "", r.simulated?.ci95High.csv ?? "", String(r.simulated?.n ?? 0),
                      ScenarioNumber.format(r.target.tolerance), r.target.kind.rawValue,
                      ScenarioNumber.format(r.target.allowedDifference), r.passed ? "pass" : (r.simulated == nil ? "missing" : "fail")])
        }
        return t
    }

    /// A table for people: aligned columns, one line per target.
    public var report: String {
        func g(_ x: Double?) -> String {
            guard let x else { return "–" }
            let a = abs(x)
            if a != 0 && (a < 0.001 || a >= 1e7) { return String(format: "%.4g", x) }
            return a >= 100 ? String(format: "%.0f", x) : String(format: "%.4g", x)
        }
        let header = ["metric", "target", "simulated", "95% interval", "tolerance", "result"]
        var lines: [[String]] = [header]
        for r in rows {
            let interval = r.simulated.flatMap { s in s.ci95Low.map { "[\(g($0)), \(g(s.ci95High))]" } } ?? "–"
            let tol = r.target.kind == .relative ? "±\(g(r.target.tolerance * 100))%" : "±\(g(r.target.tolerance))"
            let result = r.passed ? "pass" : (r.simulated == nil ? "MISSING (not produced by this scenario)" : "FAIL")
            lines.append([r.target.metric, g(r.target.value), g(r.simulated?.mean), interval, tol, result])
        }
        let widths = header.indices.map { c in lines.map { $0[c].count }.max()! }
        let body = lines.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        let summary = "\(rows.count - failures) of \(rows.count) targets met" + (failures > 0 ? "; \(failures) not met" : "")
        return (body + [summary]).joined(separator: "\n")
    }
}

import Foundation
