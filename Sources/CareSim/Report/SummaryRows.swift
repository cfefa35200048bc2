/// One metric's row of a `summary.csv` (`metric,mean,sd,ci95_low,ci95_high,n`), or of a
/// comparison's `comparison.csv` (both arms' means and the paired difference with its interval).
public struct MetricSummary: Sendable, Equatable {
    public var metric: String
    public var mean: Double?
    public var sd: Double?
    public var low: Double?
    public var high: Double?
    public var n: Int
}

/// A metric's difference between two arms: alternative - base with a 95% interval. `paired`
/// says whether it came from `caresim compare` (common random numbers, paired t) or from two
/// separate runs (Welch's unpaired interval).
public struct MetricDifference: Sendable, Equatable {
    public var metric: String
    public var base: Double?
    public var alternative: Double?
    public var difference: Double?
    public var low: Double?
    public var high: Double?
    public var n: Int
    public var paired: Bool
    /// (Var(base) + Var(alternative)) / Var(alternative - base), from comparison.csv: how many
    /// times more replications independent seeds would need for the same interval.
    public var varianceReduction: Double? = nil

    /// The difference relative to the base mean, with its interval (nil when the base is 0).
    public var relative: (mean: Double, low: Double?, high: Double?)? {
        guard let base, base != 0, let difference else { return nil }
        return (difference / abs(base), low.map { $0 / abs(base) }, high.map { $0 / abs(base) })
    }

    public static func == (a: MetricDifference, b: MetricDifference) -> Bool {
        a.metric == b.metric && a.base == b.base && a.alternative == b.alternative && a.difference == b.difference
            && a.low == b.low && a.high == b.high && a.n == b.n && a.paired == b.paired
    }
}

enum SummaryRows {
    /// Reads a `summary.csv`-shaped file, keeping the file's metric order.
    static func read(_ path: String) throws(ReportError) -> [MetricSummary] {
        do {
            let t = try checked(DataTable(file: path), ["metric", "mean", "sd", "ci95_low", "ci95_high", "n"])
            var rows: [MetricSummary] = []
            for r in t.rows.indices {
                rows.append(MetricSummary(metric: try t.text(row: r, column: "metric"), mean: try t.value(row: r, column: "mean").number,
                                          sd: try t.value(row: r, column: "sd").number, low: try t.value(row: r, column: "ci95_low").number,
                                          high: try t.value(row: r, column: "ci95_high").number,
                                          n: try count(t, r)))
            }
            return rows
        } catch {
            throw ReportError(error)
        }
    }

    /// Reads `comparison.csv` (ComparisonOutput): paired differences.
    static func readComparison(_ path: String) throws(ReportError) -> [MetricDifference] {
        do {
            let t = try checked(DataTable(file: path), ["metric", "base_mean", "alternative_mean", "difference", "ci95_low", "ci95_high", "n"])
            var rows: [MetricDifference] = []
            for r in t.rows.indices {
                rows.append(MetricDifference(metric: try t.text(row: r, column: "metric"), base: try t.value(row: r, column: "base_mean").number,
                                             alternative: try t.value(row: r, column: "alternative_mean").number,
                                             difference: try t.value(row: r, column: "difference").number,
                                             low: try t.value(row: r, column: "ci95_low").number, high: try t.value(row: r, column: "ci95_high").number,
                                             n: try count(t, r), paired: true,
                                             varianceReduction: t.header.contains("variance_reduction") ? try t.value(row: r, column: "variance_reduction").number : nil))
            }
            return rows
        } catch {
            throw ReportError(error)
        }
    }

    /// The table, once it has every column a report reads and at least one metric.
    static func checked(_ t: DataTable, _ columns: [String]) throws(DataError) -> DataTable {
        for c in columns { _ = try t.column(c) }
        guard !t.rows.isEmpty else {
            throw DataError(file: t.file, line: 2, field: "metric", "expected a row for each metric, but the file has only its header")
        }
        return t
    }

    /// The `n` column: a whole number of replications.
    static func count(_ t: DataTable, _ r: Int) throws(DataError) -> Int {
        guard let x = try t.value(row: r, column: "n").number else { return 0 }
        guard x >= 0, x <= 1e15, x == x.rounded() else {
            throw DataError(file: t.file, line: t.lines[r], field: "n", "expected a whole number of replications >= 0, got \(t.rows[r][try t.column("n")])")
        }
        return Int(x)
    }
}
