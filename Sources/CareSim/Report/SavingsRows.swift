/// `savings.csv` of a comparison (Savings): one row per period (`y1`, ..., `total`) and measure
/// with its mean and 95% interval; `break_even_year` and `broken_even_share` have no interval.
public struct SavingsRows: Sendable {
    public struct Row: Sendable {
        public var period: String
        public var measure: String
        public var mean: Double?
        public var low: Double?
        public var high: Double?
    }

    public var rows: [Row]
    /// The saving is gross: an intervention under test was given no cost (the `basis` column;
    /// files written before it had one are net).
    public var isGross = false

    public init(file: String) throws(ReportError) {
        do {
            let t = try DataTable(file: file)
            var rows: [Row] = []
            for r in t.rows.indices {
                rows.append(Row(period: try t.text(row: r, column: "period"), measure: try t.text(row: r, column: "measure"),
                                mean: try t.value(row: r, column: "mean").number, low: try t.value(row: r, column: "ci95_low").number,
                                high: try t.value(row: r, column: "ci95_high").number))
            }
            self.rows = rows
            if let c = t.header.firstIndex(of: "basis") { isGross = t.rows.contains { $0[c] == "gross" } }
        } catch {
            throw ReportError(error)
        }
    }

    init(rows: [Row]) { self.rows = rows }

    public func value(_ period: String, _ measure: String) -> Row? {
        rows.first { $0.period == period && $0.measure == measure }
    }

    /// Costed years in order (`y1`, `y2`, ...).
    public var years: [String] {
        var seen: [String] = []
        for r in rows where r.period != "total" && !seen.contains(r.period) { seen.append(r.period) }
        return seen
    }
}
